import Linalg

/// Every optimizer setting in one value, as the CLI and checkpoints carry them, with PyTorch's
/// defaults per rule. `validate()` checks ranges; `makeOptimizer` builds the rule.
public struct OptimizerConfiguration: Sendable {
    /// Which rule.
    public var kind: OptimizerKind
    /// Step size (`lr`).
    public var learningRate: Double
    /// Momentum factor (`momentum`) of SGD and RMSprop.
    public var momentum: Double
    /// SGD's dampening (`dampening`).
    public var dampening: Double
    /// L2 penalty, or AdamW's decoupled decay (`weight_decay`).
    public var weightDecay: Double
    /// SGD's Nesterov variant (`nesterov`); `kind == .nesterov` implies it.
    public var nesterov: Bool
    /// Adam's moment decay rates (`betas`).
    public var betas: (Double, Double)
    /// Denominator guard (`eps`).
    public var eps: Double
    /// RMSprop's decay rate (`alpha`).
    public var alpha: Double
    /// RMSprop's centered variant (`centered`).
    public var centered: Bool
    /// Adam's AMSGrad variant (`amsgrad`).
    public var amsgrad: Bool
    /// AdaGrad's learning-rate decay (`lr_decay`).
    public var lrDecay: Double
    /// AdaGrad's starting accumulator (`initial_accumulator_value`).
    public var initialAccumulatorValue: Double

    /// Creates a configuration; every setting not given takes PyTorch's default for `kind`.
    public init(kind: OptimizerKind) {
        self = Self.defaults(for: kind)
    }

    private init(kind: OptimizerKind, learningRate: Double, momentum: Double = 0, weightDecay: Double = 0,
                 nesterov: Bool = false, eps: Double = 1e-8) {
        self.kind = kind
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = 0
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        self.betas = (0.9, 0.999)
        self.eps = eps
        self.alpha = 0.99
        self.centered = false
        self.amsgrad = false
        self.lrDecay = 0
        self.initialAccumulatorValue = 0
    }

    /// PyTorch's defaults for `kind`. PyTorch's SGD has no default learning rate; `sgd`,
    /// `momentum` and `nesterov` get 0.01 here, the last two momentum 0.9 (the lecture's ρ).
    /// AdaGrad lr 0.01, eps 1e-10; RMSprop lr 0.01, alpha 0.99, eps 1e-8; Adam lr 1e-3,
    /// betas (0.9, 0.999), eps 1e-8; AdamW the same with weight decay 0.01.
    public static func defaults(for kind: OptimizerKind) -> OptimizerConfiguration {
        switch kind {
        case .sgd: return .init(kind: kind, learningRate: 0.01)
        case .momentum: return .init(kind: kind, learningRate: 0.01, momentum: 0.9)
        case .nesterov: return .init(kind: kind, learningRate: 0.01, momentum: 0.9, nesterov: true)
        case .adagrad: return .init(kind: kind, learningRate: 0.01, eps: 1e-10)
        case .rmsprop: return .init(kind: kind, learningRate: 0.01)
        case .adam: return .init(kind: kind, learningRate: 0.001)
        case .adamw: return .init(kind: kind, learningRate: 0.001, weightDecay: 0.01)
        }
    }

    /// Checks every setting the rule reads, in PyTorch's ranges: lr, eps, weight_decay,
    /// momentum, dampening, alpha, lr_decay, initial_accumulator_value ≥ 0 and finite;
    /// 0 ≤ β < 1; Nesterov needs momentum > 0 and dampening 0; `momentum` needs momentum > 0.
    /// Throws `OptimizerError.invalidSetting` naming the first bad setting.
    public func validate() throws(OptimizerError) {
        func nonNegative(_ name: String, _ value: Double) throws(OptimizerError) {
            guard value.isFinite, value >= 0 else {
                throw .invalidSetting(setting: name, value: settingText(value), expected: "a finite number ≥ 0")
            }
        }
        try nonNegative("lr", learningRate)
        try nonNegative("weight_decay", weightDecay)
        switch kind {
        case .sgd, .momentum, .nesterov:
            try nonNegative("momentum", momentum)
            try nonNegative("dampening", dampening)
            if kind != .sgd && momentum <= 0 {
                throw .invalidSetting(setting: "momentum", value: settingText(momentum),
                                      expected: "a momentum > 0 for \(kind.rawValue)")
            }
            if nesterov || kind == .nesterov {
                if momentum <= 0 || dampening != 0 {
                    throw .invalidSetting(setting: momentum <= 0 ? "momentum" : "dampening",
                                          value: settingText(momentum <= 0 ? momentum : dampening),
                                          expected: "Nesterov momentum needs momentum > 0 and dampening 0")
                }
            }
        case .adagrad:
            try nonNegative("lr_decay", lrDecay)
            try nonNegative("initial_accumulator_value", initialAccumulatorValue)
            try nonNegative("eps", eps)
        case .rmsprop:
            try nonNegative("alpha", alpha)
            try nonNegative("momentum", momentum)
            try nonNegative("eps", eps)
        case .adam, .adamw:
            try nonNegative("eps", eps)
            for (index, beta) in [betas.0, betas.1].enumerated() where !(beta >= 0 && beta < 1) {
                throw .invalidSetting(setting: "betas[\(index)]", value: settingText(beta), expected: "0 ≤ beta < 1")
            }
        }
    }

    /// Builds the configured rule with empty state (allocated on its first step, `parameterCount`
    /// values per buffer). Call `validate()` first: settings out of range are passed through.
    public func makeOptimizer<Scalar: BLASScalar>(parameterCount: Int) -> any Optimizer<Scalar> {
        precondition(parameterCount >= 0, "makeOptimizer: negative parameter count \(parameterCount)")
        switch kind {
        case .sgd, .momentum, .nesterov:
            return SGD<Scalar>(learningRate: learningRate, momentum: momentum, dampening: dampening,
                               weightDecay: weightDecay, nesterov: nesterov || kind == .nesterov)
        case .adagrad:
            return AdaGrad<Scalar>(learningRate: learningRate, lrDecay: lrDecay, weightDecay: weightDecay,
                                   initialAccumulatorValue: initialAccumulatorValue, eps: eps)
        case .rmsprop:
            return RMSprop<Scalar>(learningRate: learningRate, alpha: alpha, eps: eps, weightDecay: weightDecay,
                                   momentum: momentum, centered: centered)
        case .adam:
            return Adam<Scalar>(learningRate: learningRate, betas: betas, eps: eps, weightDecay: weightDecay,
                                amsgrad: amsgrad)
        case .adamw:
            return AdamW<Scalar>(learningRate: learningRate, betas: betas, eps: eps, weightDecay: weightDecay,
                                 amsgrad: amsgrad)
        }
    }
}
