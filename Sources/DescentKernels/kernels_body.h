// The kernels, written once. An ISA file defines S (float or double), K(name) (a unique name per
// precision and set) and MAKE_TABLE, then includes this file once per precision. Every loop keeps
// the order of operations of Descent's scalar Swift reference (PyTorch's order for the optimizers);
// contraction into FMA is off (see kernels_config.h), so all sets give the same bits.
// Intentionally no include guard: included once per precision.

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/// √x without errno (so loops vectorize): one sqrtps/sqrtpd, correctly rounded like sqrt().
#define SQRT(x) __builtin_elementwise_sqrt(x)

static void K(sgd)(S *restrict p, const S *restrict g, size_t n, S negative_rate, S decay) {
    for (size_t i = 0; i < n; i++) {
        S d = g[i] + decay * p[i];
        p[i] = p[i] + negative_rate * d;
    }
}

ALWAYS_INLINE void K(momentum_loop)(S *restrict p, const S *restrict g, S *restrict b, size_t n, S negative_rate,
                                    S decay, S mu, S keep, const int first, const int nesterov) {
    for (size_t i = 0; i < n; i++) {
        S d = g[i] + decay * p[i];
        S buffer = first ? d : b[i] * mu + keep * d;
        b[i] = buffer;
        p[i] = p[i] + negative_rate * (nesterov ? d + mu * buffer : buffer);
    }
}

static void K(sgd_momentum)(S *restrict p, const S *restrict g, S *restrict b, size_t n, S negative_rate, S decay,
                            S mu, S keep, int first, int nesterov) {
    if (first && nesterov) K(momentum_loop)(p, g, b, n, negative_rate, decay, mu, keep, 1, 1);
    else if (first) K(momentum_loop)(p, g, b, n, negative_rate, decay, mu, keep, 1, 0);
    else if (nesterov) K(momentum_loop)(p, g, b, n, negative_rate, decay, mu, keep, 0, 1);
    else K(momentum_loop)(p, g, b, n, negative_rate, decay, mu, keep, 0, 0);
}

static void K(adagrad)(S *restrict p, const S *restrict g, S *restrict s, size_t n, S negative_rate, S decay,
                       S epsilon) {
    for (size_t i = 0; i < n; i++) {
        S d = g[i] + decay * p[i];
        S accumulated = s[i] + d * d;
        s[i] = accumulated;
        S std = SQRT(accumulated) + epsilon;
        p[i] = p[i] + negative_rate * d / std;
    }
}

ALWAYS_INLINE void K(rmsprop_loop)(S *restrict p, const S *restrict g, S *restrict v, S *restrict m, S *restrict b,
                                   size_t n, S negative_rate, S decay, S alpha, S one_minus_alpha, S epsilon, S mu,
                                   const int lerp_from_start, const int centered, const int momentum) {
    for (size_t i = 0; i < n; i++) {
        S d = g[i] + decay * p[i];
        S square = v[i] * alpha + one_minus_alpha * d * d;
        v[i] = square;
        S denominator;
        if (centered) {
            // PyTorch's lerp: start + w·(end − start) for w < 0.5, else end − (end − start)·(1 − w).
            S mean = lerp_from_start ? m[i] + one_minus_alpha * (d - m[i]) : d - (d - m[i]) * alpha;
            m[i] = mean;
            denominator = SQRT(square - mean * mean);
        } else {
            denominator = SQRT(square);
        }
        denominator = denominator + epsilon;
        if (momentum) {
            S buffer = b[i] * mu + d / denominator;
            b[i] = buffer;
            p[i] = p[i] + negative_rate * buffer;
        } else {
            p[i] = p[i] + negative_rate * d / denominator;
        }
    }
}

static void K(rmsprop)(S *restrict p, const S *restrict g, S *restrict v, S *restrict m, S *restrict b, size_t n,
                       S negative_rate, S decay, S alpha, S one_minus_alpha, S epsilon, S mu, int lerp_from_start) {
#define RMSPROP(lerp, centered, momentum) \
    K(rmsprop_loop)(p, g, v, m, b, n, negative_rate, decay, alpha, one_minus_alpha, epsilon, mu, lerp, centered, momentum)
    if (!m && !b) RMSPROP(0, 0, 0);
    else if (!m) RMSPROP(0, 0, 1);
    else if (lerp_from_start) { if (b) RMSPROP(1, 1, 1); else RMSPROP(1, 1, 0); }
    else { if (b) RMSPROP(0, 1, 1); else RMSPROP(0, 1, 0); }
#undef RMSPROP
}

/// x / c for a loop-invariant c with reciprocal y = 1/c (correctly rounded), without a division
/// when `fused` (an FMA unit: x86-64-v3 and up): q = x·y, then one correction q + (x − q·c)·y with
/// the remainder x − q·c exact by FMA. Markstein's theorem: if y is within half an ulp of 1/c and q
/// within an ulp of x/c, the corrected q is the IEEE quotient x/c — the same bits — as long as
/// nothing underflows or overflows. Adam's x = √v is 0, ∞, NaN or between √(least subnormal) and
/// √(largest finite) (Float: 3.7·10⁻²³ … 1.8·10¹⁹), and c = √(1 − β₂ᵗ) ∈ (0, 1] is normal with a
/// normal reciprocal (the caller checks): far from both ends. ±∞ and NaN pass through as q, with x/c's
/// own sign and payload; ±0 keep their sign through the correction, which is written as q − (q·c − x)·y
/// (fmsub, then fnmadd) so that an exact zero comes out as q's zero: q = −0 gives −0 − (+0) = −0.
/// Checked over every Float x from 10⁻³⁰ to the largest for 15 values of c, and in the tests. On a
/// Zen 4 the divider is the Adam update's bottleneck in cache: one division per parameter instead of
/// two, and the select is one test (q − q = 0: q finite), which took the in-cache update from 5.1 to
/// 4.7 ns per 16 parameters against 4.4 for the divider alone.
ALWAYS_INLINE S K(divide_by_invariant)(S x, S c, S y, const int fused) {
    if (!fused) return x / c;
    S q = x * y;
    S excess = __builtin_elementwise_fma(q, c, -x);
    S corrected = __builtin_elementwise_fma(-excess, y, q);
    // q itself where it is ±∞ or NaN (then q − q is not 0): x/c's own value, sign and payload.
    return q - q == 0 ? corrected : q;
}

/// Whether `divide_by_invariant` may take its fused path for the constant c (see there).
ALWAYS_INLINE int K(invariant_division_fuses)(S c) {
    S y = 1 / c;
    return DESCENT_NATIVE_FMA && __builtin_isnormal(c) && __builtin_isnormal(y);
}

/// r[i] = x[i] / c as the Adam kernel divides by √(1 − β₂ᵗ): the kernel's division, for its test.
static void K(divide_by_invariant_loop)(const S *restrict x, S *restrict r, size_t n, S c) {
    S y = 1 / c;
    if (K(invariant_division_fuses)(c)) {
        for (size_t i = 0; i < n; i++) r[i] = K(divide_by_invariant)(x[i], c, y, 1);
    } else {
        for (size_t i = 0; i < n; i++) r[i] = K(divide_by_invariant)(x[i], c, y, 0);
    }
}

ALWAYS_INLINE void K(adam_loop)(S *restrict p, const S *restrict g, S *restrict m, S *restrict v, S *restrict vmax,
                                size_t n, S shrink, S decay, S weight1, S keep1, S rate2, S weight2, S negative_step,
                                S correction2_root, S epsilon, const int shrinks, const int lerp_from_start,
                                const int amsgrad, const int fused) {
    S reciprocal = 1 / correction2_root;
    for (size_t i = 0; i < n; i++) {
        S theta = shrinks ? p[i] * shrink : p[i];
        S d = g[i] + decay * theta;
        S first = lerp_from_start ? m[i] + weight1 * (d - m[i]) : d - (d - m[i]) * keep1;
        S second = v[i] * rate2 + weight2 * d * d;
        m[i] = first;
        v[i] = second;
        S root = second;
        if (amsgrad) {
            // Swift's max(a, b) is b ≥ a ? b : a.
            S largest = second >= vmax[i] ? second : vmax[i];
            vmax[i] = largest;
            root = largest;
        }
        S denominator = K(divide_by_invariant)(SQRT(root), correction2_root, reciprocal, fused) + epsilon;
        p[i] = theta + negative_step * first / denominator;
    }
}

static void K(adam)(S *restrict p, const S *restrict g, S *restrict m, S *restrict v, S *restrict vmax, size_t n,
                    S shrink, int shrinks, S decay, S weight1, S keep1, int lerp_from_start, S rate2, S weight2,
                    S negative_step, S correction2_root, S epsilon) {
#define ADAM(s, l, a, f) \
    K(adam_loop)(p, g, m, v, vmax, n, shrink, decay, weight1, keep1, rate2, weight2, negative_step, correction2_root, \
                 epsilon, s, l, a, f)
#define ADAM_FUSED(s, l, a) \
    if (fused) ADAM(s, l, a, 1); else ADAM(s, l, a, 0)
    int amsgrad = vmax != NULL;
    // The division by √(1 − β₂ᵗ) becomes a multiplication and its correction only where FMA is
    // native and the constant and its reciprocal are normal numbers (see divide_by_invariant).
    int fused = K(invariant_division_fuses)(correction2_root);
    switch ((shrinks ? 4 : 0) + (lerp_from_start ? 2 : 0) + (amsgrad ? 1 : 0)) {
    case 0: ADAM_FUSED(0, 0, 0); break;
    case 1: ADAM_FUSED(0, 0, 1); break;
    case 2: ADAM_FUSED(0, 1, 0); break;
    case 3: ADAM_FUSED(0, 1, 1); break;
    case 4: ADAM_FUSED(1, 0, 0); break;
    case 5: ADAM_FUSED(1, 0, 1); break;
    case 6: ADAM_FUSED(1, 1, 0); break;
    default: ADAM_FUSED(1, 1, 1); break;
    }
#undef ADAM_FUSED
#undef ADAM
}

static void K(relu)(const S *restrict x, S *restrict y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = (S)0 >= x[i] ? (S)0 : x[i];
}

static void K(relu_in_place)(S *restrict x, size_t n) {
    for (size_t i = 0; i < n; i++) x[i] = (S)0 >= x[i] ? (S)0 : x[i];
}

static void K(leaky_relu)(const S *restrict x, S *restrict y, size_t n, S slope) {
    for (size_t i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : slope * x[i];
}

static void K(piecewise_slope)(const S *restrict x, const S *restrict v, S *restrict r, size_t n, S slope, int leaky) {
    if (leaky) {
        for (size_t i = 0; i < n; i++) {
            S value = v[i];
            r[i] = x[i] > 0 ? value : slope * value;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            S value = v[i];
            r[i] = x[i] > 0 ? value : (S)0;
        }
    }
}

// One row of an activation's backward pass with its Linear layer's bias gradient: the value
// u = f'(x)·v (ReLU: x > 0 ? v : 0; LeakyReLU: x > 0 ? v : slope·v; smooth: d1·v) is written to r
// and added to sums[j], in column_sums' order (rows outer), so the sums have its bits.
ALWAYS_INLINE void K(slope_sums_loop)(const S *restrict x, const S *restrict d1, const S *restrict v, S *restrict r,
                                      size_t rows, size_t cols, S slope, S *restrict sums, const int kind) {
    for (size_t row = 0; row < rows; row++) {
        size_t base = row * cols;
        for (size_t j = 0; j < cols; j++) {
            S value = v[base + j];
            S u = kind == 2 ? d1[base + j] * value : (x[base + j] > 0 ? value : (kind == 1 ? slope * value : (S)0));
            r[base + j] = u;
            sums[j] += u;
        }
    }
}

static void K(backward_bias)(const S *restrict x, const S *restrict d1, const S *restrict v, S *restrict r, size_t rows,
                             size_t cols, S slope, int kind, S *restrict sums, int accumulate) {
    if (!accumulate) for (size_t j = 0; j < cols; j++) sums[j] = 0;
    if (kind == 0) K(slope_sums_loop)(x, d1, v, r, rows, cols, slope, sums, 0);
    else if (kind == 1) K(slope_sums_loop)(x, d1, v, r, rows, cols, slope, sums, 1);
    else K(slope_sums_loop)(x, d1, v, r, rows, cols, slope, sums, 2);
}

// ReLU's backward_bias (kind 0) with r = x: each element's mask is read before its value is written,
// in slope_sums_loop's order, so u and the sums have backward_bias's bits.
static void K(relu_backward_bias_over_mask)(S *restrict xr, const S *restrict v, size_t rows, size_t cols,
                                            S *restrict sums, int accumulate) {
    if (!accumulate) for (size_t j = 0; j < cols; j++) sums[j] = 0;
    for (size_t row = 0; row < rows; row++) {
        size_t base = row * cols;
        for (size_t j = 0; j < cols; j++) {
            S u = xr[base + j] > 0 ? v[base + j] : (S)0;
            xr[base + j] = u;
            sums[j] += u;
        }
    }
}

static void K(multiply)(const S *restrict a, const S *restrict b, S *restrict r, size_t n) {
    for (size_t i = 0; i < n; i++) r[i] = a[i] * b[i];
}

static void K(scale)(const S *restrict x, S *restrict r, size_t n, S s) {
    for (size_t i = 0; i < n; i++) r[i] = s * x[i];
}

/// The largest sign-cleared 32-bit word holding an x[i]'s exponent (the value itself for float, its
/// high word for double; 0 when n = 0). Every x[i] is finite exactly when it is below the exponent's
/// all-ones pattern (±∞ is equal to it, NaN at or above it, whatever its payload); otherwise it bounds
/// every |x[i]| from above. An integer max reduction, so the loop vectorizes in any order and every
/// set gives the same answer; it replaced `nrm2` (66 µs over a 784-256-256-10 gradient, scaled to
/// avoid overflow) as the training step's divergence check.
static uint32_t K(largest_magnitude_word)(const S *restrict x, size_t n) {
    typedef uint32_t __attribute__((may_alias)) word;
    const size_t words = sizeof(S) / sizeof(uint32_t);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    const word *high = (const word *)(const void *)x;
#else
    const word *high = (const word *)(const void *)x + (words - 1);
#endif
    uint32_t largest = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t magnitude = high[i * words] & 0x7fffffffu;
        largest = magnitude > largest ? magnitude : largest;
    }
    return largest;
}

static void K(broadcast_rows)(const S *restrict b, S *restrict y, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        S *line = y + r * cols;
        for (size_t j = 0; j < cols; j++) line[j] = b[j];
    }
}

/// e^x for 0 ≤ x ≤ 44 (what `tanh_value` needs), Cephes `exp` (Moshier): x = k·ln2 + r with
/// k = ⌊x·log₂e + ½⌋ and ln2 split in two (C1 + C2), e^r = 1 + 2r·P(r²)/(Q(r²) − r·P(r²)) (Padé),
/// times 2^k built in the exponent bits (k + 1023 ≤ 1087: always a normal power of two). Plain
/// arithmetic in a fixed order: vectorizes, and every set (and the Swift reference `cephesExp`)
/// gives the same bits.
ALWAYS_INLINE double K(exp_bounded)(double x) {
    double k = __builtin_floor(1.4426950408889634073599 * x + 0.5);
    double r = x - k * 6.93145751953125e-1;
    r = r - k * 1.42860682030941723212e-6;
    double rr = r * r;
    double p = r * ((1.26177193074810590878e-4 * rr + 3.02994407707441961300e-2) * rr + 9.99999999999999999910e-1);
    double q = ((3.00198505138664455042e-6 * rr + 2.52448340349684104192e-3) * rr + 2.27265548208155028766e-1) * rr
        + 2.00000000000000000009e0;
    double e = 1.0 + 2.0 * (p / (q - p));
    // k + 0x1.8p52 holds k in its low mantissa bits; shifting k + 1023 into the exponent field gives 2^k.
    double shifted = k + 6755399441055744.0;
    uint64_t bits;
    __builtin_memcpy(&bits, &shifted, sizeof bits);
    bits = (bits + 1023) << 52;
    double scale;
    __builtin_memcpy(&scale, &bits, sizeof scale);
    return e * scale;
}

/// tanh(x), Cephes `tanh` (Moshier; relative error ≤ 2.5·10⁻¹⁶ on [−2, 2]), branch-free so the
/// loop vectorizes: |x| < 0.625: x + x·z·P(z)/Q(z) with z = x²; else 1 − 2/(e^{2|x|} + 1) with
/// |x| clamped to 22 (beyond it tanh rounds to 1); the sign of x restored (tanh(−0) = −0, NaN
/// stays NaN). libm's `tanh` is a scalar call: it was a fifth of a full Hessian-vector product.
/// Kind 3 of `smooth_forward`; kind 0 keeps libm's bits (training and prediction match v0.1's).
ALWAYS_INLINE double K(tanh_value)(double x) {
    double a = __builtin_fabs(x);
    a = a > 22.0 ? 22.0 : a;
    double z = a * a;
    double p = (-9.64399179425052238628e-1 * z + -9.92877231001918586564e1) * z + -1.61468768441708447952e3;
    double q = ((z + 1.12811678491632931402e2) * z + 2.23548839060100448583e3) * z + 4.84406305325125486048e3;
    double small = a + a * z * p / q;
    double large = 1.0 - 2.0 / (K(exp_bounded)(2.0 * a) + 1.0);
    return __builtin_copysign(a < 0.625 ? small : large, x);
}

static void K(smooth_forward)(const S *restrict x, S *restrict y, S *restrict d1, size_t n, int kind) {
    if (kind == 3) {
        for (size_t i = 0; i < n; i++) {
            double t = K(tanh_value)((double)x[i]);
            y[i] = (S)t;
            d1[i] = (S)(1 - t * t);
        }
        return;
    }
    for (size_t i = 0; i < n; i++) {
        double v = (double)x[i], value, first;
        if (kind == 0) {
            double t = tanh(v);
            value = t;
            first = 1 - t * t;
        } else if (kind == 1) {
            double s = 1 / (1 + exp(-v));
            value = s;
            first = s * (1 - s);
        } else {
            double cdf = 0.5 * (1 + erf(v * 0.7071067811865476));
            double density = exp(-0.5 * v * v) * 0.3989422804014327;
            value = v * cdf;
            first = cdf + v * density;
        }
        y[i] = (S)value;
        d1[i] = (S)first;
    }
}

static void K(smooth_r_backward)(const S *restrict x, const S *restrict y, const S *restrict d1, const S *restrict rx,
                                 const S *restrict dy, const S *restrict rdy, S *restrict rdx, size_t n, int kind) {
    for (size_t i = 0; i < n; i++) {
        double first = (double)d1[i], second;
        if (kind == 0) {
            second = -2 * (double)y[i] * first;
        } else if (kind == 1) {
            second = first * (1 - 2 * (double)y[i]);
        } else {
            double v = (double)x[i];
            double density = exp(-0.5 * v * v) * 0.3989422804014327;
            second = density * (2 - v * v);
        }
        double r = rx ? (double)rx[i] : 0;
        rdx[i] = (S)(second * r * (double)dy[i] + first * (double)rdy[i]);
    }
}

static void K(column_sums)(const S *restrict a, const S *restrict w, size_t rows, size_t cols, S *restrict sums,
                           int accumulate) {
    if (!accumulate) for (size_t j = 0; j < cols; j++) sums[j] = 0;
    for (size_t r = 0; r < rows; r++) {
        const S *line = a + r * cols;
        if (w) {
            const S *weights = w + r * cols;
            for (size_t j = 0; j < cols; j++) sums[j] += line[j] * weights[j];
        } else {
            for (size_t j = 0; j < cols; j++) sums[j] += line[j];
        }
    }
}

#ifndef DESCENT_EXP_LANE
#define DESCENT_EXP_LANE
#include "exp_table.h"

static inline double descent_double_of(uint64_t u) { double d; __builtin_memcpy(&d, &u, 8); return d; }
static inline uint64_t descent_bits_of(double d) { uint64_t u; __builtin_memcpy(&u, &d, 8); return u; }

/// e^x as glibc's exp (2.28 and later) computes it in its FMA build (`__exp_fma`, which glibc runs on
/// every CPU with AVX2 and FMA): x = k·ln2/128 + r, e^x = 2^(k/128)·e^r with the table of
/// exp_table.h and the polynomial C2..C5, each step the same FMA or rounding as that build (read
/// from its machine code), so the bits are libm's — for 2⁻⁵⁴ ≤ |x| < 512, and 1 + x below (glibc's
/// own shortcut). `exp_lane_in_range` says which lanes those are; the others (|x| ≥ 512, ±∞, NaN)
/// must be computed by exp() itself. Branch-free, so a row of lanes vectorizes (with gathers).
static inline double exp_fma_lane(double x) {
    const double inv_ln2_n = 0x1.71547652b82fep0 * 128, shift = 0x1.8p52;
    const double neg_ln2_hi_n = -0x1.62e42fefa0000p-8, neg_ln2_lo_n = -0x1.cf79abc9e3b3ap-47;
    const double c2 = 0x1.ffffffffffdbdp-2, c3 = 0x1.555555555543cp-3, c4 = 0x1.55555cf172b91p-5,
                 c5 = 0x1.1111167a4d017p-7;
    double kd = __builtin_elementwise_fma(x, inv_ln2_n, shift);
    uint64_t ki = descent_bits_of(kd);
    kd = kd - shift;
    double r = __builtin_elementwise_fma(kd, neg_ln2_hi_n, x);
    r = __builtin_elementwise_fma(kd, neg_ln2_lo_n, r);
    uint64_t index = 2 * (ki % 128);
    double tail = descent_double_of(descent_exp_table[index]);
    uint64_t scale_bits = descent_exp_table[index + 1] + (ki << 45);
    double r2 = r * r;
    double low = __builtin_elementwise_fma(r, c3, c2);
    double head = r + tail;
    double high = __builtin_elementwise_fma(r, c5, c4);
    double tmp = __builtin_elementwise_fma(low, r2, head);
    double r4 = r2 * r2;
    tmp = __builtin_elementwise_fma(r4, high, tmp);
    double scale = descent_double_of(scale_bits);
    double result = __builtin_elementwise_fma(scale, tmp, scale);
    uint32_t top = (uint32_t)(descent_bits_of(x) >> 52) & 0x7ff;
    return top < 0x3c9 ? 1.0 + x : result;
}

/// Whether `exp_fma_lane(x)` is glibc's exp(x): |x| < 512 (so not ±∞ or NaN).
static inline int exp_lane_in_range(double x) { return ((uint32_t)(descent_bits_of(x) >> 52) & 0x7ff) < 0x408; }

/// Whether this process's exp() is the one `exp_fma_lane` follows: checked once, on 4 096 arguments
/// across the range and every table index, by comparing bits (another C library, or glibc's non-FMA
/// build on a CPU without FMA, differs on a large share of arguments and answers no; the kernels then
/// call exp() for every element). The proof of equality is ExpKernelTests' 10⁶ and boundary arguments.
static int exp_lane_matches_libm(void) {
    static int state;  // 0 unknown, 1 yes, 2 no; recomputing gives the same answer, so a race is harmless
    int known = __atomic_load_n(&state, __ATOMIC_RELAXED);
    if (known) return known == 1;
    int same = 1;
    for (int i = 0; i < 4096 && same; i++) {
        double x = -745.0 + 1455.0 * (i * 0.6180339887498949 - (double)(long)(i * 0.6180339887498949));
        double y = (i % 7) ? x : x * 0x1p-40;
        if (exp_lane_in_range(y)) same = descent_bits_of(exp_fma_lane(y)) == descent_bits_of(exp(y));
    }
    __atomic_store_n(&state, same ? 1 : 2, __ATOMIC_RELAXED);
    return same;
}
#endif

/// r[i] = e^x[i] as the softmax computes it in this set (for its test): `exp_fma_lane` where this set
/// has FMA and libm agrees, exp() otherwise and for the lanes out of its range.
static void K(exp_loop)(const double *restrict x, double *restrict r, size_t n) {
    if (DESCENT_NATIVE_FMA && exp_lane_matches_libm()) {
        for (size_t i = 0; i < n; i++) r[i] = exp_fma_lane(x[i]);
        for (size_t i = 0; i < n; i++) if (!exp_lane_in_range(x[i])) r[i] = exp(x[i]);
    } else {
        for (size_t i = 0; i < n; i++) r[i] = exp(x[i]);
    }
}

/// 1 when `exp_loop` evaluates `exp_fma_lane` in vectors (this set has FMA and libm agrees), else 0.
static int K(exp_is_vectorized)(void) { return DESCENT_NATIVE_FMA && exp_lane_matches_libm(); }

/// e_j = e^(z_j − largest) for the c ≤ 64 logits of one row, with `exp_loop`'s bits.
static void K(row_exp)(const S *restrict z, double largest, double *restrict e, size_t c) {
    double x[64];
    for (size_t j = 0; j < c; j++) x[j] = (double)z[j] - largest;
    K(exp_loop)(x, e, c);
}

static double K(cross_entropy)(const S *restrict z, const int32_t *restrict labels, size_t rows, size_t c, double on,
                               double off, double scale, S *restrict p, S *restrict g) {
    double total = 0;
    for (size_t row = 0; row < rows; row++) {
        const S *zr = z + row * c;
        S *pr = p + row * c, *gr = g + row * c;
        size_t label = (size_t)labels[row];
        double largest = (double)zr[0];
        for (size_t j = 1; j < c; j++) largest = (double)zr[j] >= largest ? (double)zr[j] : largest;
        // One exp per element: e = exp(z − max) is kept (as S, in g) until p = e/Σe; rows of up to 64
        // classes take the vectorized exp with libm's bits (`exp_loop`), summed in the same order.
        double sum = 0;
        if (c <= 64) {
            double e[64];
            K(row_exp)(zr, largest, e, c);
            for (size_t j = 0; j < c; j++) {
                gr[j] = (S)e[j];
                sum += e[j];
            }
        } else {
            for (size_t j = 0; j < c; j++) {
                double e = exp((double)zr[j] - largest);
                gr[j] = (S)e;
                sum += e;
            }
        }
        double log_sum_exp = largest + log(sum);
        double inverse_sum = 1 / sum;
        double row_loss = 0;
        for (size_t j = 0; j < c; j++) {
            double q = j == label ? on : off;
            if (q != 0) row_loss -= q * ((double)zr[j] - log_sum_exp);
            double probability = (double)gr[j] * inverse_sum;
            pr[j] = (S)probability;
            gr[j] = (S)((probability - q) * scale);
        }
        total += row_loss;
    }
    return total;
}

static void K(cross_entropy_r)(const S *restrict p, const S *restrict rz, S *restrict rg, size_t rows, size_t c,
                               double scale) {
    for (size_t row = 0; row < rows; row++) {
        size_t base = row * c;
        double mean = 0;
        for (size_t j = 0; j < c; j++) mean += (double)p[base + j] * (double)rz[base + j];
        for (size_t j = 0; j < c; j++) rg[base + j] = (S)((double)p[base + j] * ((double)rz[base + j] - mean) * scale);
    }
}

static double K(squared_error)(const S *restrict y, const S *restrict t, S *restrict g, size_t n, S scale) {
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        S difference = y[i] - t[i];
        total += (double)difference * (double)difference;
        g[i] = scale * difference;
    }
    return total;
}

static void K(bn_variance)(const S *restrict x, const S *restrict mu, S *restrict var, size_t rows, size_t f) {
    for (size_t j = 0; j < f; j++) var[j] = 0;
    for (size_t r = 0; r < rows; r++) {
        const S *line = x + r * f;
        for (size_t j = 0; j < f; j++) {
            S centered = line[j] - mu[j];
            var[j] += centered * centered;
        }
    }
}

static void K(bn_forward)(const S *restrict x, const S *restrict mu, const S *restrict inv, const S *restrict gamma,
                          const S *restrict beta, S *restrict xhat, S *restrict y, size_t rows, size_t f) {
    for (size_t r = 0; r < rows; r++) {
        size_t base = r * f;
        for (size_t j = 0; j < f; j++) {
            S value = (x[base + j] - mu[j]) * inv[j];
            xhat[base + j] = value;
            y[base + j] = gamma[j] * value + beta[j];
        }
    }
}

static void K(bn_backward)(const S *restrict dy, const S *restrict xhat, const S *restrict inv, const S *restrict gamma,
                           const S *restrict sum_dy, const S *restrict sum_dy_xhat, S *restrict dx, size_t rows,
                           size_t f, S scale, int training) {
    for (size_t r = 0; r < rows; r++) {
        size_t base = r * f;
        if (training) {
            for (size_t j = 0; j < f; j++)
                dx[base + j] = gamma[j] * inv[j] * (dy[base + j] - sum_dy[j] * scale - xhat[base + j] * sum_dy_xhat[j] * scale);
        } else {
            for (size_t j = 0; j < f; j++) dx[base + j] = gamma[j] * inv[j] * dy[base + j];
        }
    }
}

static void K(bn_r_normalize)(const S *restrict rx, const S *restrict xhat, const S *restrict rmu, const S *restrict rs,
                              const S *restrict inv, S *restrict rxhat, size_t rows, size_t f, int training) {
    for (size_t r = 0; r < rows; r++) {
        size_t base = r * f;
        if (training) {
            for (size_t j = 0; j < f; j++) rxhat[base + j] = (rx[base + j] - rmu[j] - xhat[base + j] * rs[j]) * inv[j];
        } else {
            for (size_t j = 0; j < f; j++) rxhat[base + j] = rx[base + j] * inv[j];
        }
    }
}

static void K(bn_r_forward)(const S *restrict xhat, const S *restrict rxhat, const S *restrict gamma,
                            const S *restrict vgamma, const S *restrict vbeta, S *restrict ry, size_t rows, size_t f) {
    for (size_t r = 0; r < rows; r++) {
        size_t base = r * f;
        for (size_t j = 0; j < f; j++) ry[base + j] = vgamma[j] * xhat[base + j] + gamma[j] * rxhat[base + j] + vbeta[j];
    }
}

static void K(bn_r_backward)(const S *restrict dy, const S *restrict rdy, const S *restrict xhat,
                             const S *restrict rxhat, const S *restrict inv, const S *restrict rs,
                             const S *restrict gamma, const S *restrict vgamma, const S *restrict sum_dy,
                             const S *restrict sum_dy_xhat, const S *restrict sum_rdy, const S *restrict sum_rm,
                             S *restrict rdx, size_t rows, size_t f, S scale, int training) {
    for (size_t r = 0; r < rows; r++) {
        size_t base = r * f;
        if (training) {
            for (size_t j = 0; j < f; j++) {
                S a = sum_dy[j] * scale, m = sum_dy_xhat[j] * scale;
                S ra = sum_rdy[j] * scale, rm = sum_rm[j] * scale;
                S r_gamma_over_s = vgamma[j] * inv[j] - gamma[j] * rs[j] * inv[j] * inv[j];
                S centered = dy[base + j] - a - xhat[base + j] * m;
                S r_centered = rdy[base + j] - ra - rxhat[base + j] * m - xhat[base + j] * rm;
                rdx[base + j] = r_gamma_over_s * centered + gamma[j] * inv[j] * r_centered;
            }
        } else {
            for (size_t j = 0; j < f; j++)
                rdx[base + j] = (gamma[j] * rdy[base + j] + vgamma[j] * dy[base + j]) * inv[j];
        }
    }
}

#undef SQRT
#undef ALWAYS_INLINE
