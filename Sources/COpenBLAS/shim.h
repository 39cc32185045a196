// The C face of OpenBLAS (CBLAS plus openblas_* controls) and netlib LAPACKE.
// The include path of OpenBLAS's own cblas.h comes first through pkg-config "openblas",
// so netlib's cblas.h (other types) never wins if it is installed too.
#ifndef DESCENT_COPENBLAS_SHIM_H
#define DESCENT_COPENBLAS_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
