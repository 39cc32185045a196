import Linalg

/// Whether a forward pass trains or evaluates. In `.training`, BatchNorm normalizes with the batch's
/// own mean and biased variance and Dropout drops units; in `.evaluation`, BatchNorm uses its
/// running statistics and Dropout is the identity (PyTorch's `model.train()` / `model.eval()`).
public enum ForwardMode: Sendable, Equatable {
    /// Batch statistics, dropout active.
    case training
    /// Running statistics, dropout off.
    case evaluation
}

/// The targets of one batch, not copied: class indices (0..<outputCount, one per row) for
/// cross-entropy, or a row-major batchSize×outputCount matrix of values for mean squared error.
public enum LossTargets<Scalar: BLASScalar> {
    /// One class index per sample, in 0..<C.
    case classIndices(UnsafeBufferPointer<Int32>)
    /// batchSize×outputCount target values, row-major.
    case values(UnsafeBufferPointer<Scalar>)
}

/// Weight penalties added to the mean data loss, over the weights of Linear layers only (not
/// biases, not BatchNorm): `0.5·l2·Σ w² + l1·Σ |w|`. Gradient `l2·w + l1·sign(w)` (sign(0) = 0, the
/// subgradient PyTorch's `abs` backward uses); Hessian `l2·I` on those weights (L1 contributes 0
/// almost everywhere). Note the ½: `l2` is the coefficient whose gradient is `l2·w`, like
/// `weight_decay` in `torch.optim.SGD`.
public struct Regularization: Sendable, Equatable {
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

/// Errors of the model layer: a bad network description or a checkpoint that does not fit.
public enum ModelError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A field of a `NetworkSpec` (or a layer list) that cannot be built.
    case invalidSpec(field: String, message: String)
    /// A named tensor whose shape differs from the network's.
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// A tensor the network needs that the input does not hold.
    case missingTensor(name: String)
    /// A tensor in the input that the network does not have.
    case unexpectedTensor(name: String)
    /// A tensor holding a NaN or an infinity.
    case nonFiniteTensor(name: String, index: Int)

    public var description: String {
        switch self {
        case let .invalidSpec(field, message):
            return "network spec: \(field) \(message)"
        case let .shapeMismatch(name, expected, found):
            return "tensor '\(name)': expected shape \(expected), found \(found)"
        case let .missingTensor(name):
            return "tensor '\(name)' is missing"
        case let .unexpectedTensor(name):
            return "tensor '\(name)' does not belong to this network"
        case let .nonFiniteTensor(name, index):
            return "tensor '\(name)' holds a non-finite value at element \(index)"
        }
    }
}
