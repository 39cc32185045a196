// DescentKernels: Descent's hot elementwise loops in C, compiled once per instruction-set level
// (x86-64-v4, x86-64-v3, and the baseline) and chosen once, when the library loads, from the CPU's
// features. No compiler flag is needed by the package or its users: square roots use
// __builtin_elementwise_sqrt (no errno, so loops vectorize) and each kernel set carries its ISA in a
// `target` attribute. Floating-point contraction (a·b + c into FMA) is off, so every kernel set
// returns the same bits as the scalar loop in the order written (which is PyTorch's order).
//
// Pointers of one call never overlap (they are `restrict`), except where a comment says otherwise.
#ifndef DESCENT_KERNELS_H
#define DESCENT_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A kernel set: the same kernels compiled for one instruction-set level.
typedef enum descent_kernel_set {
    /// The baseline of the architecture (SSE2 on x86-64; NEON on aarch64).
    DESCENT_KERNELS_GENERIC = 0,
    /// x86-64-v3: AVX2, FMA, BMI2 (Haswell, Zen 1–3).
    DESCENT_KERNELS_X86_64_V3 = 1,
    /// x86-64-v4: AVX-512 F/BW/CD/DQ/VL (Skylake-X, Zen 4).
    DESCENT_KERNELS_X86_64_V4 = 2,
} descent_kernel_set;

/// The number of kernel sets (for iteration).
#define DESCENT_KERNEL_SET_COUNT 3

/// The kernels of one precision. `S` below is float (f32) or double (f64).
#define DESCENT_KERNEL_FIELDS(S)                                                                     \
    /* SGD without momentum: d = g + λθ; θ ← θ + (−η)·d. */                                          \
    void (*sgd)(S *p, const S *g, size_t n, S negative_rate, S decay);                              \
    /* SGD with momentum μ, dampening (keep = 1 − dampening), Nesterov; first: b ← d. */            \
    void (*sgd_momentum)(S *p, const S *g, S *b, size_t n, S negative_rate, S decay, S mu, S keep,  \
                         int first, int nesterov);                                                   \
    /* AdaGrad: s ← s + d²; θ ← θ + (−η)·d / (√s + ε). */                                            \
    void (*adagrad)(S *p, const S *g, S *s, size_t n, S negative_rate, S decay, S epsilon);          \
    /* RMSprop: v ← αv + (1 − α)d²; m (centered, may be NULL), b (momentum, may be NULL). */         \
    void (*rmsprop)(S *p, const S *g, S *v, S *m, S *b, size_t n, S negative_rate, S decay,          \
                    S alpha, S one_minus_alpha, S epsilon, S mu, int lerp_from_start);               \
    /* Adam/AdamW; vmax (AMSGrad) may be NULL. */                                                     \
    void (*adam)(S *p, const S *g, S *m, S *v, S *vmax, size_t n, S shrink, int shrinks, S decay,    \
                 S weight1, S keep1, int lerp_from_start, S rate2, S weight2, S negative_step,        \
                 S correction2_root, S epsilon);                                                      \
    /* y = max(x, 0) as Swift's max(x, 0): 0 ≥ x ? 0 : x. */                                          \
    void (*relu)(const S *x, S *y, size_t n);                                                        \
    /* x = max(x, 0) in place, as relu. */                                                            \
    void (*relu_in_place)(S *x, size_t n);                                                           \
    /* y = x > 0 ? x : slope·x. */                                                                    \
    void (*leaky_relu)(const S *x, S *y, size_t n, S slope);                                         \
    /* r = x > 0 ? v : slope·v (slope 0: a masked copy, ReLU's f'·v). */                             \
    void (*piecewise_slope)(const S *x, const S *v, S *r, size_t n, S slope, int leaky);             \
    /* An activation's backward with the bias gradient of the Linear layer before it: u = f'(x)·v    \
       (kind 0 ReLU x > 0 ? v : 0, 1 LeakyReLU x > 0 ? v : slope·v, 2 smooth d1·v; x or d1 unused      \
       by the others, may be NULL); r = u; sums[j] (+)= Σ_rows u, in column_sums' order. */          \
    void (*backward_bias)(const S *x, const S *d1, const S *v, S *r, size_t rows, size_t cols,       \
                          S slope, int kind, S *sums, int accumulate);                               \
    /* ReLU's backward_bias written over its mask: u = xr > 0 ? v : 0; xr = u; sums[j] (+)= Σ_rows u. */\
    void (*relu_backward_bias_over_mask)(S *xr, const S *v, size_t rows, size_t cols, S *sums,         \
                                         int accumulate);                                            \
    /* r = a ⊙ b. */                                                                                  \
    void (*multiply)(const S *a, const S *b, S *r, size_t n);                                        \
    /* Smooth activation in double: 0 tanh, 1 sigmoid, 2 GELU (libm); 3 tanh (Cephes, vectorized). */\
    void (*smooth_forward)(const S *x, S *y, S *d1, size_t n, int kind);                             \
    /* R{dx} = f''·R{x}·dy + f'·R{dy}; rx may be NULL (zero). */                                     \
    void (*smooth_r_backward)(const S *x, const S *y, const S *d1, const S *rx, const S *dy,         \
                              const S *rdy, S *rdx, size_t n, int kind);                             \
    /* sums[j] (+)= Σ_r a[r·cols + j] (· w[r·cols + j] when w is not NULL). */                        \
    void (*column_sums)(const S *a, const S *w, size_t rows, size_t cols, S *sums, int accumulate);  \
    /* Softmax cross-entropy over rows × c logits; returns Σ rows' losses (double). */                \
    double (*cross_entropy)(const S *z, const int32_t *labels, size_t rows, size_t c, double on,     \
                            double off, double scale, S *p, S *g);                                   \
    /* R{∂L/∂z} of cross-entropy: p ⊙ (R{z} − pᵀR{z})·scale per row. */                               \
    void (*cross_entropy_r)(const S *p, const S *rz, S *rg, size_t rows, size_t c, double scale);   \
    /* MSE: g = scale·(y − t); returns Σ (y − t)² in double. */                                       \
    double (*squared_error)(const S *y, const S *t, S *g, size_t n, S scale);                       \
    /* r = s·x. */                                                                                    \
    void (*scale)(const S *x, S *r, size_t n, S s);                                                  \
    /* The largest sign-cleared 32-bit word holding an x[i]'s exponent (float: the value; double:    \
       its high word): below 0x7f800000 (double 0x7ff00000) exactly when all are finite. */          \
    uint32_t (*largest_magnitude_word)(const S *x, size_t n);                                        \
    /* r = x / c, computed as the Adam kernel divides by its constant √(1 − β₂ᵗ) (for its test). */  \
    void (*divide_by_invariant)(const S *x, S *r, size_t n, S c);                                    \
    /* r = e^x in double as the softmax computes it in this set (for its test): libm's bits. */      \
    void (*exp_loop)(const double *x, double *r, size_t n);                                          \
    /* 1 when exp_loop evaluates glibc's algorithm in vectors (FMA here, libm's bits checked). */     \
    int (*exp_is_vectorized)(void);                                                                  \
    /* y[r·cols + j] = b[j] for every row r < rows (a bias row broadcast). */                         \
    void (*broadcast_rows)(const S *b, S *y, size_t rows, size_t cols);                              \
    /* BatchNorm: var[j] (+)= Σ_r (x − μ)². */                                                        \
    void (*bn_variance)(const S *x, const S *mu, S *var, size_t rows, size_t f);                     \
    /* x̂ = (x − μ)·inv; y = γ·x̂ + β. */                                                              \
    void (*bn_forward)(const S *x, const S *mu, const S *inv, const S *gamma, const S *beta,        \
                       S *xhat, S *y, size_t rows, size_t f);                                        \
    /* dx = γ·inv·(dy − Σdy·scale − x̂·Σdy·x̂·scale) (training) or γ·inv·dy. */                        \
    void (*bn_backward)(const S *dy, const S *xhat, const S *inv, const S *gamma, const S *sum_dy,  \
                        const S *sum_dy_xhat, S *dx, size_t rows, size_t f, S scale, int training); \
    /* R{x̂} = (R{x} − R{μ} − x̂·R{s})·inv (training) or R{x}·inv. */                                  \
    void (*bn_r_normalize)(const S *rx, const S *xhat, const S *rmu, const S *rs, const S *inv,     \
                           S *rxhat, size_t rows, size_t f, int training);                           \
    /* R{y} = v_γ·x̂ + γ·R{x̂} + v_β. */                                                               \
    void (*bn_r_forward)(const S *xhat, const S *rxhat, const S *gamma, const S *vgamma,            \
                         const S *vbeta, S *ry, size_t rows, size_t f);                              \
    /* R{dx} of BatchNorm (see BatchNorm.rBackward). */                                               \
    void (*bn_r_backward)(const S *dy, const S *rdy, const S *xhat, const S *rxhat, const S *inv,  \
                          const S *rs, const S *gamma, const S *vgamma, const S *sum_dy,            \
                          const S *sum_dy_xhat, const S *sum_rdy, const S *sum_rm, S *rdx,          \
                          size_t rows, size_t f, S scale, int training);

/// The Float kernels of one set.
typedef struct descent_kernels_f32 { DESCENT_KERNEL_FIELDS(float) } descent_kernels_f32;
/// The Double kernels of one set.
typedef struct descent_kernels_f64 { DESCENT_KERNEL_FIELDS(double) } descent_kernels_f64;

/// One kernel set: its name and its Float and Double kernels.
typedef struct descent_kernel_table {
    /// "x86-64-v4", "x86-64-v3" or "generic".
    const char *name;
    descent_kernel_set set;
    descent_kernels_f32 f32;
    descent_kernels_f64 f64;
} descent_kernel_table;

/// The set chosen for this CPU when the library loaded: the best one it supports, or the one the
/// environment variable DESCENT_KERNELS names if this CPU supports it.
const descent_kernel_table *descent_kernels_active(void);

/// Whether this CPU (and its operating system) can run `set`.
int descent_kernels_supported(descent_kernel_set set);

/// The table of `set`, or NULL when this build has no such set (non-x86 builds have only generic).
/// Calling a set the CPU does not support faults: check `descent_kernels_supported` first.
const descent_kernel_table *descent_kernels_table(descent_kernel_set set);

#ifdef __cplusplus
}
#endif

#endif
