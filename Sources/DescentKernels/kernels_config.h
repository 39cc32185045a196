// Settings every kernel file shares. Included first by each ISA file.
#ifndef DESCENT_KERNELS_CONFIG_H
#define DESCENT_KERNELS_CONFIG_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "DescentKernels.h"

// Clang contracts a·b + c into one FMA in C by default when the target has FMA (x86-64-v3 and up):
// that would round once instead of twice and make the sets disagree with each other and with the
// scalar Swift reference (Swift never contracts). Off, every set computes the same bits.
#pragma clang fp contract(off)

#endif
