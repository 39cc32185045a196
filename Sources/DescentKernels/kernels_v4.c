// The kernels compiled for x86-64-v4 (AVX-512 F/BW/CD/DQ/VL), in 512-bit vectors (16 floats).
//
// Clang's generic tuning for x86-64-v4 prefers 256-bit vectors (for the clock drop of older Intel
// cores): its loops then use half the AVX-512 registers' width. `tune=znver4` makes it prefer
// 512-bit vectors; the instruction set is still x86-64-v4's alone, so the set runs on every v4 CPU.
// On an AMD EPYC Zen 4 this halved the in-cache time of the Adam update (its square root and
// divisions run at the same rate per instruction in 512 as in 256 bits). Vector width does not change
// any result: the loops are elementwise, and reductions stay in the order written (no reassociation).
#include "kernels_config.h"

// Whether this set's FMA is an instruction (Adam's division by a constant uses it; see kernels_body.h).
#define DESCENT_NATIVE_FMA 1

#if defined(__x86_64__)
#pragma clang attribute push (__attribute__((target("arch=x86-64-v4,tune=znver4"))), apply_to = function)

#define S float
#define K(name) descent_v4_f32_##name
#include "kernels_body.h"
#undef K
#undef S

#define S double
#define K(name) descent_v4_f64_##name
#include "kernels_body.h"
#undef K
#undef S

#pragma clang attribute pop

#define TABLE_NAME descent_kernels_table_v4
#define SET_NAME "x86-64-v4"
#define SET DESCENT_KERNELS_X86_64_V4
#define KF(name) descent_v4_f32_##name
#define KD(name) descent_v4_f64_##name
#include "kernels_table.h"
#endif
