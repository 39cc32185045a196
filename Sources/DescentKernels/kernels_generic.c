// The kernels compiled for the architecture's baseline (SSE2 on x86-64, NEON on aarch64): every CPU runs it.
#include "kernels_config.h"

// Whether this set's FMA is an instruction (Adam's division by a constant uses it; see kernels_body.h).
#define DESCENT_NATIVE_FMA 0


#define S float
#define K(name) descent_generic_f32_##name
#include "kernels_body.h"
#undef K
#undef S

#define S double
#define K(name) descent_generic_f64_##name
#include "kernels_body.h"
#undef K
#undef S

#define TABLE_NAME descent_kernels_table_generic
#define SET_NAME "generic"
#define SET DESCENT_KERNELS_GENERIC
#define KF(name) descent_generic_f32_##name
#define KD(name) descent_generic_f64_##name
#include "kernels_table.h"
