/// How a network is trained: a first-order rule stepping on minibatches, or a full-batch
/// second-order method taking one update per epoch over all training rows.
public enum TrainingMethod: Sendable, Equatable {
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

    /// The first-order configuration, or nil for a second-order method.
    public var configuration: OptimizerConfiguration? {
        if case let .firstOrder(configuration) = self { return configuration }
        return nil
    }

    /// The method's name.
    public var methodName: MethodName {
        switch self {
        case let .firstOrder(configuration): MethodName(rawValue: configuration.kind.rawValue) ?? .sgd
        case let .secondOrder(settings): MethodName(rawValue: settings.method.rawValue) ?? .newton
        }
    }

    /// The same method at another base learning rate (step scale for a second-order method).
    public func withLearningRate(_ rate: Double) -> TrainingMethod {
        switch self {
        case var .firstOrder(configuration):
            configuration.learningRate = rate
            return .firstOrder(configuration)
        case var .secondOrder(settings):
            settings.learningRate = rate
            return .secondOrder(settings)
        }
    }

    /// The settings as (PyTorch-style name, value text) pairs, for reports. L-BFGS is listed
    /// as the landscape runs it (one iteration per recorded step).
    public var settings: [(name: String, value: String)] {
        switch self {
        case let .firstOrder(configuration):
            return configuration.settingPairs
        case let .secondOrder(settings):
            switch settings.method {
            case .lbfgs:
                return [("lr", "\(settings.learningRate)"), ("max_iter", "1"), ("history_size", "10"),
                        ("line_search_fn", "strong_wolfe")]
            case .newton:
                return [("lr", "\(settings.learningRate)"), ("damping", "\(settings.damping)")]
            }
        }
    }

    /// Throws `OptimizerError` for an invalid first-order configuration and
    /// `CurvatureError.invalidArgument` for a non-positive step scale, a negative damping or
    /// fewer than one iteration.
    public func validate() throws {
        switch self {
        case let .firstOrder(configuration): try configuration.validate()
        case let .secondOrder(settings): _ = try settings.stepper()
        }
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
