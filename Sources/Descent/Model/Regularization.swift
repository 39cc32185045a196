/// Weight penalties added to the mean data loss, over the weights of Linear layers only (not
/// biases, not BatchNorm): `0.5·l2·Σ w² + l1·Σ |w|`. Gradient `l2·w + l1·sign(w)` (sign(0) = 0, the
/// subgradient PyTorch's `abs` backward uses); Hessian `l2·I` on those weights (L1 contributes 0
/// almost everywhere). Note the ½: `l2` is the coefficient whose gradient is `l2·w`, like
/// `weight_decay` in `torch.optim.SGD`.
public struct Regularization: Sendable, Equatable, Codable {
    /// The L2 coefficient λ₂ in `0.5·λ₂·Σ w²`.
    public var l2: Double
    /// The L1 coefficient λ₁ in `λ₁·Σ |w|`.
    public var l1: Double

    /// Penalties with the given coefficients (both zero by default).
    public init(l2: Double = 0, l1: Double = 0) {
        self.l2 = l2
        self.l1 = l1
    }

    /// No penalty.
    public static let none = Regularization()
}
