import Linalg

/// Stochastic gradient descent with optional heavy-ball or Nesterov momentum, exactly PyTorch's
/// `torch.optim.SGD` (settings `lr`, `momentum`, `dampening`, `weight_decay`, `nesterov`).
///
/// With g = ∇f(θ) + λθ (λ = `weightDecay`, L2 added to the gradient), μ = `momentum`,
/// τ = `dampening`, η = `learningRate`:
///
///     b ← g                    on the first step (no dampening then),
///     b ← μ·b + (1 − τ)·g      afterwards,                   (PyTorch "momentum_buffer")
///     θ ← θ − η·b              heavy ball, or
///     θ ← θ − η·(g + μ·b)      with `nesterov`,
///     θ ← θ − η·g              when μ = 0 (plain SGD, no buffer kept).
///
/// **CS231n's form.** The notes keep a velocity with the learning rate inside it and the opposite
/// sign: v ← ρv − η·g, x ← x + v. With a constant η the two agree, v = −η·b; when η changes
/// they differ, since PyTorch applies the *current* η to the whole buffer while CS231n's velocity
/// remembers the old ones. CS231n's Nesterov update x ← x − ρ·v_prev + (1 + ρ)·v is the same rule
/// written in the shifted variable x̃ = x + ρv (the look-ahead point, Sutskever et al. 2013, where
/// the gradient is evaluated); PyTorch's θ is that x̃ and again b = −v/η.
///
/// Reference: Polyak 1964 (heavy ball); Sutskever, Martens, Dahl & Hinton 2013 (Nesterov form).
public struct SGD<Scalar: BLASScalar>: Optimizer {
    /// Step size η (`lr`).
    public var learningRate: Double
    /// Momentum factor μ (`momentum`); 0 is plain SGD.
    public var momentum: Double
    /// Dampening τ of the gradient added to the buffer (`dampening`).
    public var dampening: Double
    /// L2 penalty λ added to the gradient as λθ (`weight_decay`).
    public var weightDecay: Double
    /// Nesterov's look-ahead variant (`nesterov`); needs momentum > 0 and dampening 0.
    public var nesterov: Bool

    @usableFromInline var steps = 0
    @usableFromInline var momentumBuffer: AlignedBuffer<Scalar>?

    /// Creates SGD with PyTorch's defaults for every setting but the learning rate.
    public init(learningRate: Double, momentum: Double = 0, dampening: Double = 0,
                weightDecay: Double = 0, nesterov: Bool = false) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    public var stepCount: Int { steps }

    public var kind: OptimizerKind { nesterov ? .nesterov : (momentum != 0 ? .momentum : .sgd) }

    /// The rule's settings: the configuration that rebuilds it.
    public var settings: OptimizerConfiguration { configuration }

    /// One fused pass: θ ← θ − η·d with d as in the type's formula.
    @inlinable
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>) {
        let count = checkedStepLength(parameters, gradient)
        steps += 1
        guard count > 0 else { return }
        let p = parameters.baseAddress!, g = gradient.baseAddress!
        let negativeRate = Scalar(-learningRate), decay = Scalar(weightDecay)
        precondition(!regionsOverlap(UnsafePointer(p), g, count: count), "SGD: parameters and gradient overlap")
        if momentum == 0 {
            Kernels.active.sgd(p, g, count: count, negativeRate: negativeRate, decay: decay)
            return
        }
        let isFirst = momentumBuffer == nil
        let b = uniqueStateBuffer(&momentumBuffer, count: count)
        Kernels.active.sgdMomentum(p, g, b, count: count, negativeRate: negativeRate, decay: decay,
                                   mu: Scalar(momentum), keep: Scalar(1 - dampening), first: isFirst, nesterov: nesterov)
    }

    public func exportState() -> OptimizerState<Scalar> {
        OptimizerState(stepCount: steps, learningRate: learningRate,
                       buffers: momentumBuffer.map { [("momentum_buffer", $0.array)] } ?? [])
    }

    public mutating func restoreState(_ state: OptimizerState<Scalar>) throws(OptimizerError) {
        let names = momentum == 0 ? [] : ["momentum_buffer"]
        let buffers = try restoredBuffers(state, names: names, kind: kind)
        steps = state.stepCount
        learningRate = state.learningRate
        momentumBuffer = buffers?.first
    }
}
