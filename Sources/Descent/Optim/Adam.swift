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
/// For decoupled weight decay use `AdamW`.
public struct Adam<Scalar: BLASScalar>: Optimizer {
    /// Step size η (`lr`).
    public var learningRate: Double
    /// Decay rates (β₁, β₂) of the first and second moment (`betas`).
    public var betas: (Double, Double)
    /// ε added to the corrected root (`eps`).
    public var eps: Double
    /// L2 penalty λ added to the gradient (`weight_decay`).
    public var weightDecay: Double
    /// Divide by the running maximum of v (`amsgrad`).
    public var amsgrad: Bool

    @usableFromInline var moments = AdamMoments<Scalar>()

    /// Creates Adam with PyTorch's defaults.
    public init(learningRate: Double = 0.001, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                weightDecay: Double = 0, amsgrad: Bool = false) {
        self.learningRate = learningRate
        self.betas = betas
        self.eps = eps
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
    }

    public var stepCount: Int { moments.steps }
    public var kind: OptimizerKind { .adam }

    /// The rule's settings: the configuration that rebuilds it.
    public var settings: OptimizerConfiguration { configuration }

    /// One fused pass of the formula above.
    @inlinable
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>) {
        moments.step(parameters: parameters, gradient: gradient, learningRate: learningRate,
                     beta1: betas.0, beta2: betas.1, eps: eps,
                     l2Decay: weightDecay, decoupledDecay: 0, amsgrad: amsgrad)
    }

    /// Counts the step and prepares its coefficients and state (see `Optimizer.beginSlicedStep`).
    @inlinable
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func beginSlicedStep(parameterCount: Int) -> Bool {
        _ = moments.begin(count: parameterCount, learningRate: learningRate, beta1: betas.0, beta2: betas.1, eps: eps,
                          l2Decay: weightDecay, decoupledDecay: 0, amsgrad: amsgrad)
        return true
    }

    /// The begun step's update of `range` (see `Optimizer.stepSlice`).
    @inlinable
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
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

/// AdamW, exactly PyTorch's `torch.optim.AdamW`: Adam whose weight decay is decoupled from the
/// gradient (Loshchilov & Hutter 2019). Each step first shrinks the parameters,
///
///     θ ← θ·(1 − η·λ)
///
/// then applies Adam's update (see `Adam`) with the raw gradient, so the decay is not divided by
/// √v̂. PyTorch's default λ (`weight_decay`) is 0.01; with λ = 0 AdamW is Adam.
public struct AdamW<Scalar: BLASScalar>: Optimizer {
    /// Step size η (`lr`); it also scales the decay.
    public var learningRate: Double
    /// Decay rates (β₁, β₂) (`betas`).
    public var betas: (Double, Double)
    /// ε added to the corrected root (`eps`).
    public var eps: Double
    /// Decoupled decay λ (`weight_decay`).
    public var weightDecay: Double
    /// Divide by the running maximum of v (`amsgrad`).
    public var amsgrad: Bool

    @usableFromInline var moments = AdamMoments<Scalar>()

    /// Creates AdamW with PyTorch's defaults.
    public init(learningRate: Double = 0.001, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                weightDecay: Double = 0.01, amsgrad: Bool = false) {
        self.learningRate = learningRate
        self.betas = betas
        self.eps = eps
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
    }

    public var stepCount: Int { moments.steps }
    public var kind: OptimizerKind { .adamw }

    /// The rule's settings: the configuration that rebuilds it.
    public var settings: OptimizerConfiguration { configuration }

    /// One fused pass: the decay shrink, then Adam's update.
    @inlinable
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>) {
        moments.step(parameters: parameters, gradient: gradient, learningRate: learningRate,
                     beta1: betas.0, beta2: betas.1, eps: eps,
                     l2Decay: 0, decoupledDecay: weightDecay, amsgrad: amsgrad)
    }

    /// Counts the step and prepares its coefficients and state (see `Optimizer.beginSlicedStep`).
    @inlinable
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func beginSlicedStep(parameterCount: Int) -> Bool {
        _ = moments.begin(count: parameterCount, learningRate: learningRate, beta1: betas.0, beta2: betas.1, eps: eps,
                          l2Decay: 0, decoupledDecay: weightDecay, amsgrad: amsgrad)
        return true
    }

    /// The begun step's update of `range` (see `Optimizer.stepSlice`).
    @inlinable
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
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
