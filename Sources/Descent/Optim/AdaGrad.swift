import Linalg

/// AdaGrad, exactly PyTorch's `torch.optim.Adagrad` (settings `lr`, `lr_decay`, `weight_decay`,
/// `initial_accumulator_value`, `eps`). At step t = 1, 2, … with g = ∇f(θ) + λθ:
///
///     η_t = η / (1 + (t − 1)·lr_decay)
///     s  ← s + g²                          (PyTorch "sum", starts at initial_accumulator_value)
///     θ  ← θ − η_t · g / (√s + ε)
///
/// **CS231n's form** is the same with `cache` for s: x += −η·dx / (√cache + eps). Both put ε
/// *outside* the square root (RMSprop and Adam do too in PyTorch), and the learning rate
/// multiplies the normalized gradient. Reference: Duchi, Hazan & Singer 2011.
public struct AdaGrad<Scalar: BLASScalar>: Optimizer {
    /// Base step size η (`lr`).
    public var learningRate: Double
    /// Decay k of the step size η/(1 + (t − 1)k) (`lr_decay`).
    public var lrDecay: Double
    /// L2 penalty λ added to the gradient (`weight_decay`).
    public var weightDecay: Double
    /// The starting value of every accumulator entry (`initial_accumulator_value`).
    public var initialAccumulatorValue: Double
    /// ε added to √s (`eps`).
    public var eps: Double

    @usableFromInline var steps = 0
    @usableFromInline var sum: AlignedBuffer<Scalar>?

    /// Creates AdaGrad with PyTorch's defaults.
    public init(learningRate: Double = 0.01, lrDecay: Double = 0, weightDecay: Double = 0,
                initialAccumulatorValue: Double = 0, eps: Double = 1e-10) {
        self.learningRate = learningRate
        self.lrDecay = lrDecay
        self.weightDecay = weightDecay
        self.initialAccumulatorValue = initialAccumulatorValue
        self.eps = eps
    }

    public var stepCount: Int { steps }
    public var kind: OptimizerKind { .adagrad }

    /// The rule's settings: the configuration that rebuilds it.
    public var settings: OptimizerConfiguration { configuration }

    /// One fused pass of the formula above.
    @inlinable
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>) {
        let count = checkedStepLength(parameters, gradient)
        steps += 1
        guard count > 0 else { return }
        let s = uniqueStateBuffer(&sum, count: count, fill: Scalar(initialAccumulatorValue))
        let p = parameters.baseAddress!, g = gradient.baseAddress!
        let clr = learningRate / (1 + Double(steps - 1) * lrDecay)
        let negativeRate = Scalar(-clr), decay = Scalar(weightDecay), epsilon = Scalar(eps)
        precondition(!regionsOverlap(UnsafePointer(p), g, count: count), "AdaGrad: parameters and gradient overlap")
        Kernels.active.adagrad(p, g, s, count: count, negativeRate: negativeRate, decay: decay, epsilon: epsilon)
    }

    public func exportState() -> OptimizerState<Scalar> {
        OptimizerState(stepCount: steps, learningRate: learningRate,
                       buffers: sum.map { [("sum", $0.array)] } ?? [])
    }

    public mutating func restoreState(_ state: OptimizerState<Scalar>) throws(OptimizerError) {
        let buffers = try restoredBuffers(state, names: ["sum"], kind: kind)
        steps = state.stepCount
        learningRate = state.learningRate
        sum = buffers?.first
    }
}
