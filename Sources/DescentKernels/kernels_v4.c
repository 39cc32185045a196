// The kernels compiled for x86-64-v4 (AVX-512 F/BW/CD/DQ/VL).
#include "kernels_config.h"

#if defined(__x86_64__)
#pragma clang attribute push (__attribute__((target("arch=x86-64-v4"))), apply_to = function)

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
