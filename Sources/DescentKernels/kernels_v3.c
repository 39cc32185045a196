// The kernels compiled for x86-64-v3 (AVX2, FMA, BMI2; 8 floats per vector).
#include "kernels_config.h"

// Whether this set's FMA is an instruction (Adam's division by a constant uses it; see kernels_body.h).
#define DESCENT_NATIVE_FMA 1

#if defined(__x86_64__)
#pragma clang attribute push (__attribute__((target("arch=x86-64-v3"))), apply_to = function)

#define S float
#define K(name) descent_v3_f32_##name
#include "kernels_body.h"
#undef K
#undef S

#define S double
#define K(name) descent_v3_f64_##name
#include "kernels_body.h"
#undef K
#undef S

#pragma clang attribute pop

#define TABLE_NAME descent_kernels_table_v3
#define SET_NAME "x86-64-v3"
#define SET DESCENT_KERNELS_X86_64_V3
#define KF(name) descent_v3_f32_##name
#define KD(name) descent_v3_f64_##name
#include "kernels_table.h"
#endif
