import Linalg

/// Adam with bias correction, exactly PyTorch's `torch.optim.Adam` (settings `lr`, `betas`, `eps`,
/// `weight_decay`, `amsgrad`). At step t = 1, 2, … with g = ∇f(θ) + λθ (L2 added to the gradient):
///
///     m ← β₁·m + (1 − β₁)·g                (PyTorch "exp_avg", computed as lerp(m, g, 1 − β₁))
///     v ← β₂·v + (1 − β₂)·g²               ("exp_avg_sq")
///     v̂ ← max(v̂, v)                        (AMSGrad only, "max_exp_avg_sq"; else v̂ = v)
///     θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
///
/// **CS231n's form** writes mt = m/(1 − β₁ᵗ), vt = v/(1 − β₂ᵗ), x += −η·mt/(√vt + eps): the same
/// with ε outside the root, added after the bias correction of v. (MLX's `Adam` omits the bias
/// correction; we follow Kingma & Ba 2015 and PyTorch.) AMSGrad: Reddi, Kale & Kumar 2018.
/// For decoupled weight decay use `AdamW`. PyTorch's default λ (`weight_decay`) is 0.
public typealias Adam<Scalar: BLASScalar> = AdamRule<Scalar, L2WeightDecay>

/// AdamW, exactly PyTorch's `torch.optim.AdamW`: Adam whose weight decay is decoupled from the
/// gradient (Loshchilov & Hutter 2019). Each step first shrinks the parameters,
///
///     θ ← θ·(1 − η·λ)
///
/// then applies Adam's update (see `Adam`) with the raw gradient, so the decay is not divided by
/// √v̂. PyTorch's default λ (`weight_decay`) is 0.01; with λ = 0 AdamW is Adam, bit for bit.
public typealias AdamW<Scalar: BLASScalar> = AdamRule<Scalar, DecoupledWeightDecay>

/// Where Adam's weight decay λ enters the step: the one difference between `Adam` and `AdamW`
/// (as PyTorch ≥ 2.6 models AdamW as Adam with `decoupled_weight_decay=True`).
public protocol AdamWeightDecay: Sendable {
    /// The rule's name: `.adam` or `.adamw`.
    static var kind: OptimizerKind { get }
    /// True: θ ← θ·(1 − ηλ) before the update (AdamW); false: g ← g + λθ (L2, Adam).
    static var isDecoupled: Bool { get }
    /// PyTorch's default λ for the rule: 0 for Adam, 0.01 for AdamW.
    static var defaultWeightDecay: Double { get }
}

/// Adam's weight decay: λθ added to the gradient (an L2 penalty), so it is divided by √v̂.
public enum L2WeightDecay: AdamWeightDecay {
    /// `.adam`.
    public static var kind: OptimizerKind { .adam }
    /// False: the decay is added to the gradient.
    public static var isDecoupled: Bool { false }
    /// 0, as `torch.optim.Adam`.
    public static var defaultWeightDecay: Double { 0 }
}

/// AdamW's weight decay: θ ← θ·(1 − ηλ) before the update, decoupled from the gradient.
public enum DecoupledWeightDecay: AdamWeightDecay {
    /// `.adamw`.
    public static var kind: OptimizerKind { .adamw }
    /// True: the parameters shrink before the update.
    public static var isDecoupled: Bool { true }
    /// 0.01, as `torch.optim.AdamW`.
    public static var defaultWeightDecay: Double { 0.01 }
}

/// The one implementation of `Adam` and `AdamW` (see those for the formula); `WeightDecay` says
/// where λ enters. Use it through the two names.
public struct AdamRule<Scalar: BLASScalar, WeightDecay: AdamWeightDecay>: Optimizer {
    /// Step size η (`lr`); with decoupled decay it also scales the decay.
    public var learningRate: Double
    /// Decay rates (β₁, β₂) of the first and second moment (`betas`).
    public var betas: (Double, Double)
    /// ε added to the corrected root (`eps`).
    public var eps: Double
    /// Weight decay λ (`weight_decay`): an L2 penalty for `Adam`, decoupled for `AdamW`.
    public var weightDecay: Double
    /// Divide by the running maximum of v (`amsgrad`).
    public var amsgrad: Bool

    @usableFromInline var moments = AdamMoments<Scalar>()

    /// Creates the rule with PyTorch's defaults (λ = 0 for Adam, 0.01 for AdamW).
    public init(learningRate: Double = 0.001, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                weightDecay: Double = WeightDecay.defaultWeightDecay, amsgrad: Bool = false) {
        self.learningRate = learningRate
        self.betas = betas
        self.eps = eps
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
    }

    public var stepCount: Int { moments.steps }
    public var kind: OptimizerKind { WeightDecay.kind }

    /// The rule's settings: the configuration that rebuilds it.
    public var settings: OptimizerConfiguration { configuration }

    /// λ as an L2 term added to the gradient (0 for AdamW).
    @inlinable var l2Decay: Double { WeightDecay.isDecoupled ? 0 : weightDecay }
    /// λ as a shrink of the parameters before the update (0 for Adam).
    @inlinable var decoupledDecay: Double { WeightDecay.isDecoupled ? weightDecay : 0 }

    /// One fused pass of the formula (for AdamW the decay shrink, then Adam's update).
    @inlinable
    @_specialize(where Scalar == Float, WeightDecay == L2WeightDecay)
    @_specialize(where Scalar == Double, WeightDecay == L2WeightDecay)
    @_specialize(where Scalar == Float, WeightDecay == DecoupledWeightDecay)
    @_specialize(where Scalar == Double, WeightDecay == DecoupledWeightDecay)
    public mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>) {
        moments.step(parameters: parameters, gradient: gradient, learningRate: learningRate,
                     beta1: betas.0, beta2: betas.1, eps: eps,
                     l2Decay: l2Decay, decoupledDecay: decoupledDecay, amsgrad: amsgrad)
    }

    /// Counts the step and prepares its coefficients and state (see `Optimizer.beginSlicedStep`).
    @inlinable
    @_specialize(where Scalar == Float, WeightDecay == L2WeightDecay)
    @_specialize(where Scalar == Double, WeightDecay == L2WeightDecay)
    @_specialize(where Scalar == Float, WeightDecay == DecoupledWeightDecay)
    @_specialize(where Scalar == Double, WeightDecay == DecoupledWeightDecay)
    public mutating func beginSlicedStep(parameterCount: Int) -> Bool {
        _ = moments.begin(count: parameterCount, learningRate: learningRate, beta1: betas.0, beta2: betas.1, eps: eps,
                          l2Decay: l2Decay, decoupledDecay: decoupledDecay, amsgrad: amsgrad)
        return true
    }

    /// The begun step's update of `range` (see `Optimizer.stepSlice`).
    @inlinable
    @_specialize(where Scalar == Float, WeightDecay == L2WeightDecay)
    @_specialize(where Scalar == Double, WeightDecay == L2WeightDecay)
    @_specialize(where Scalar == Float, WeightDecay == DecoupledWeightDecay)
    @_specialize(where Scalar == Double, WeightDecay == DecoupledWeightDecay)
    public mutating func stepSlice(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>,
                                   range: Range<Int>) {
        guard let sliced = moments.sliced else { preconditionFailure("Adam: stepSlice without beginSlicedStep") }
        moments.apply(sliced.coefficients, amsgrad: sliced.amsgrad, parameters: parameters, gradient: gradient, range: range)
    }

    public func exportState() -> OptimizerState<Scalar> { moments.export(learningRate: learningRate) }

    public mutating func restoreState(_ state: OptimizerState<Scalar>) throws(OptimizerError) {
        try moments.restore(state, amsgrad: amsgrad, kind: kind)
        learningRate = state.learningRate
    }
}
