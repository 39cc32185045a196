/// How a network is trained: a first-order rule stepping on minibatches, or a full-batch
/// second-order method taking one update per epoch over all training rows.
public enum TrainingMethod: Sendable {
    /// A rule of `Optim/` (SGD … AdamW) with its settings, trained minibatch by minibatch.
    case firstOrder(OptimizerConfiguration)
    /// L-BFGS or damped Newton over the whole training set (`SecondOrderStepper`).
    case secondOrder(SecondOrderSettings)

    /// The name in tables, files and JSON: the rule's (`adam`) or the method's (`lbfgs`).
    public var name: String {
        switch self {
        case let .firstOrder(configuration): configuration.kind.rawValue
        case let .secondOrder(settings): settings.method.rawValue
        }
    }

    /// The base learning rate: the rule's, or the second-order step scale.
    public var learningRate: Double {
        switch self {
        case let .firstOrder(configuration): configuration.learningRate
        case let .secondOrder(settings): settings.learningRate
        }
    }

    /// The second-order settings, or nil for a first-order rule.
    public var secondOrder: SecondOrderSettings? {
        if case let .secondOrder(settings) = self { return settings }
        return nil
    }
}

/// The settings of a full-batch second-order method (see `SecondOrderStepper`).
public struct SecondOrderSettings: Sendable, Equatable {
    /// L-BFGS or Newton.
    public var method: SecondOrderMethod
    /// Step scale: L-BFGS's trial step length, Newton's step multiplier (1 = the full step).
    public var learningRate: Double
    /// Newton's damping δ ≥ 0 in (H + δI)⁻¹g.
    public var damping: Double
    /// L-BFGS iterations (with line search) per epoch.
    public var iterationsPerEpoch: Int

    /// Settings of `method`; defaults: the full step, δ = 1e-4, 20 L-BFGS iterations per epoch.
    public init(method: SecondOrderMethod, learningRate: Double = 1, damping: Double = 1e-4, iterationsPerEpoch: Int = 20) {
        self.method = method
        self.learningRate = learningRate
        self.damping = damping
        self.iterationsPerEpoch = iterationsPerEpoch
    }

    /// The stepper these settings describe; throws `CurvatureError.invalidArgument` for a
    /// non-positive rate, a negative damping or fewer than one iteration.
    public func stepper() throws(CurvatureError) -> SecondOrderStepper {
        try SecondOrderStepper(method: method, learningRate: learningRate, damping: damping, iterationsPerEpoch: iterationsPerEpoch)
    }
}
