/// What moves the point in a landscape run: one of the first-order rules that train networks
/// (`OptimizerConfiguration`), or a second-order method (`SecondOrderMethod`) with its settings.
public enum LandscapeMethod: Sendable {
    /// sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw with their settings.
    case firstOrder(OptimizerConfiguration)
    /// L-BFGS or damped Newton.
    case secondOrder(LandscapeSecondOrderSettings)

    /// The CLI name: the rule's or the method's ("sgd", "lbfgs", "newton").
    public var name: String {
        switch self {
        case let .firstOrder(configuration): configuration.kind.rawValue
        case let .secondOrder(settings): settings.method.rawValue
        }
    }

    /// The learning rate (L-BFGS's trial step, Newton's step multiplier).
    public var learningRate: Double {
        switch self {
        case let .firstOrder(configuration): configuration.learningRate
        case let .secondOrder(settings): settings.learningRate
        }
    }

    /// The first-order configuration, or nil for a second-order method.
    public var configuration: OptimizerConfiguration? {
        if case let .firstOrder(configuration) = self { return configuration }
        return nil
    }

    /// The settings as (PyTorch-style name, value text) pairs, for reports.
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
    /// `LandscapeError.invalidSetting` for a non-positive rate or a negative damping.
    public func validate() throws {
        switch self {
        case let .firstOrder(configuration):
            try configuration.validate()
        case let .secondOrder(settings):
            guard settings.learningRate.isFinite, settings.learningRate > 0 else {
                throw LandscapeError.invalidSetting(setting: "lr", value: "\(settings.learningRate)",
                                                    expected: "a rate > 0 for \(settings.method.rawValue)")
            }
            guard settings.damping.isFinite, settings.damping >= 0 else {
                throw LandscapeError.invalidSetting(setting: "damping", value: "\(settings.damping)", expected: "a finite number ≥ 0")
            }
        }
    }
}

/// A second-order method's settings in a landscape run.
///
/// - L-BFGS: each recorded step is one iteration (`LBFGS` with `maxIterations: 1`, history 10,
///   strong-Wolfe line search, trial step `learningRate`); the line search's evaluations are counted.
/// - Newton: p ← p − lr·(H + δI)⁻¹∇f with the function's analytic Hessian (`DampedNewton`).
public struct LandscapeSecondOrderSettings: Sendable, Equatable {
    /// Which method.
    public var method: SecondOrderMethod
    /// L-BFGS's trial step length, Newton's step multiplier (default 1: the full step).
    public var learningRate: Double
    /// Newton's damping δ ≥ 0 (default 0: the pure Newton step).
    public var damping: Double

    /// Settings with the defaults lr 1, δ 0.
    public init(method: SecondOrderMethod, learningRate: Double = 1, damping: Double = 0) {
        self.method = method
        self.learningRate = learningRate
        self.damping = damping
    }
}
