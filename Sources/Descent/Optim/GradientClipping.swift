import Linalg

/// Scales `gradient` in place so that its Euclidean norm is at most `maxNorm`, as PyTorch's
/// `torch.nn.utils.clip_grad_norm_` (norm_type 2, over the flat gradient = all parameters):
///
///     n = ‖g‖₂,   c = min(1, maxNorm / (n + 1e-6)),   g ← c·g
///
/// and returns n, the norm *before* clipping (PyTorch's return value). The 1e-6 keeps c finite
/// at n = 0. As in PyTorch with `error_if_nonfinite=False`, a NaN or infinite norm is returned
/// and the gradient becomes non-finite: check the result if that matters.
@inlinable
@discardableResult
public func clipGradientNorm<Scalar: BLASScalar>(_ gradient: UnsafeMutableBufferPointer<Scalar>, maxNorm: Double) -> Double {
    precondition(maxNorm >= 0, "clipGradientNorm: maxNorm \(maxNorm) is negative")
    guard let base = gradient.baseAddress, gradient.count > 0 else { return 0 }
    let norm = Double(Scalar.nrm2(n: gradient.count, x: base, incx: 1))
    let coefficient = maxNorm / (norm + 1e-6)
    if coefficient < 1 || coefficient.isNaN {
        Scalar.scal(n: gradient.count, alpha: Scalar(coefficient), x: base, incx: 1)
    }
    return norm
}

/// Clamps every gradient entry into [−clipValue, clipValue], as PyTorch's
/// `torch.nn.utils.clip_grad_value_`. NaN entries stay NaN.
@inlinable
public func clipGradientValue<Scalar: BLASScalar>(_ gradient: UnsafeMutableBufferPointer<Scalar>, clipValue: Double) {
    precondition(clipValue >= 0, "clipGradientValue: clipValue \(clipValue) is negative")
    let high = Scalar(clipValue), low = -high
    for i in gradient.indices {
        let value = gradient[i]
        gradient[i] = value > high ? high : (value < low ? low : value)
    }
}
