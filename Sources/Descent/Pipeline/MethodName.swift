/// The name of a training method, as tables, files, JSON and command lines spell it: the
/// first-order rules of `OptimizerKind` and the second-order methods of `SecondOrderMethod`.
public enum MethodName: String, CaseIterable, Codable, Sendable, Comparable {
    /// Plain SGD (`OptimizerKind.sgd`).
    case sgd
    /// SGD with heavy-ball momentum 0.9.
    case momentum
    /// SGD with Nesterov momentum 0.9.
    case nesterov
    /// AdaGrad.
    case adagrad
    /// RMSprop.
    case rmsprop
    /// Adam.
    case adam
    /// AdamW (decoupled weight decay).
    case adamw
    /// Full-batch L-BFGS.
    case lbfgs
    /// Full-batch damped Newton.
    case newton

    /// The name read case-insensitively; "l-bfgs" is read as `lbfgs` (the one alias). Nil for an unknown name.
    public init?(name: String) {
        let lowered = name.lowercased()
        self.init(rawValue: lowered == "l-bfgs" ? "lbfgs" : lowered)
    }

    /// The first-order rule of this name, nil for a second-order method.
    public var firstOrderKind: OptimizerKind? { OptimizerKind(rawValue: rawValue) }

    /// The second-order method of this name, nil for a first-order rule.
    public var secondOrderMethod: SecondOrderMethod? { SecondOrderMethod(rawValue: rawValue) }

    /// The method of this name with its defaults at `learningRate` (nil: the rule's default —
    /// PyTorch's — or 1, the full step, for a second-order method).
    public func method(learningRate: Double? = nil, damping: Double = 1e-4, iterationsPerEpoch: Int = 20) -> TrainingMethod {
        if let kind = firstOrderKind {
            var configuration = OptimizerConfiguration.defaults(for: kind)
            if let learningRate { configuration.learningRate = learningRate }
            return .firstOrder(configuration)
        }
        return .secondOrder(SecondOrderSettings(method: secondOrderMethod ?? .newton, learningRate: learningRate ?? 1,
                                                damping: damping, iterationsPerEpoch: iterationsPerEpoch))
    }

    /// Declaration order (the order of `allCases`).
    public static func < (a: MethodName, b: MethodName) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Learning rates chosen for a list of methods: a common rate and rates by name.
public struct LearningRateChoice: Sendable, Equatable {
    /// The rate without a name (how each user applies it to second-order methods is its own: see
    /// `OptimizerSelection`).
    public var common: Double?
    /// Rates by method.
    public var byName: [MethodName: Double]

    /// A choice; both parts empty by default (every method at its default rate).
    public init(common: Double? = nil, byName: [MethodName: Double] = [:]) {
        self.common = common
        self.byName = byName
    }
}
