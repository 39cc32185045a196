/// tanh(x) as the activation kernels compute it (`tanh_value` in DescentKernels, bit for bit): the
/// Cephes algorithm of S. L. Moshier, written branch-free so that the C loop vectorizes.
///
/// - |x| < 0.625: x + x·z·P(z)/Q(z), z = x², a rational fit with relative error ≤ 2.5·10⁻¹⁶.
/// - otherwise: 1 − 2/(e^{2|x|} + 1), |x| clamped to 22 (tanh(22) rounds to 1 in Double), e^y by
///   `cephesExponential`.
/// - the sign of x restored: tanh(−0) = −0, tanh(±∞) = ±1, NaN stays NaN.
///
/// Within 2 ulp of the C library's `tanh` (a test checks millions of points); the library's
/// scalar call was a fifth of a Hessian-vector product on a tanh MLP.
@inlinable
public func cephesTanh(_ x: Double) -> Double {
    var a = abs(x)
    a = a > 22 ? 22 : a
    let z = a * a
    let p = (-9.64399179425052238628e-1 * z + -9.92877231001918586564e1) * z + -1.61468768441708447952e3
    let q = ((z + 1.12811678491632931402e2) * z + 2.23548839060100448583e3) * z + 4.84406305325125486048e3
    let small = a + a * z * p / q
    let large = 1.0 - 2.0 / (cephesExponential(2 * a) + 1.0)
    return Double(signOf: x, magnitudeOf: a < 0.625 ? small : large)
}

/// eʸ for 0 ≤ y ≤ 44 (Cephes `exp`): y = k·ln 2 + r with k = ⌊y·log₂e + ½⌋ and ln 2 = C1 + C2
/// split so that k·C1 is exact; eʳ = 1 + 2r·P(r²)/(Q(r²) − r·P(r²)) (a Padé form); times 2ᵏ
/// written into the exponent bits (k ≤ 64: a normal power of two).
@inlinable
public func cephesExponential(_ y: Double) -> Double {
    let k = (1.4426950408889634073599 * y + 0.5).rounded(.down)
    var r = y - k * 6.93145751953125e-1
    r = r - k * 1.42860682030941723212e-6
    let rr = r * r
    let p = r * ((1.26177193074810590878e-4 * rr + 3.02994407707441961300e-2) * rr + 9.99999999999999999910e-1)
    let q = ((3.00198505138664455042e-6 * rr + 2.52448340349684104192e-3) * rr + 2.27265548208155028766e-1) * rr
        + 2.00000000000000000009e0
    let e = 1.0 + 2.0 * (p / (q - p))
    // k + 1.5·2⁵² keeps k in its low mantissa bits; k + 1023 shifted into the exponent field is 2ᵏ.
    let shifted = k + 6755399441055744.0
    let scale = Double(bitPattern: (shifted.bitPattern &+ 1023) << 52)
    return e * scale
}
