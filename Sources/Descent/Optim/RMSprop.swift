import Linalg

/// RMSprop, exactly PyTorch's `torch.optim.RMSprop` (settings `lr`, `alpha`, `eps`,
/// `weight_decay`, `momentum`, `centered`). With g = ∇f(θ) + λθ and decay rate α:
///
///     v ← α·v + (1 − α)·g²                 (PyTorch "square_avg")
///     m ← m + (1 − α)·(g − m)              (centered only, "grad_avg": a running mean of g)
///     a = √(v − m²) + ε  if centered, else  √v + ε
///     b ← μ·b + g / a;  θ ← θ − η·b        when momentum μ > 0 ("momentum_buffer", starts at 0)
///     θ ← θ − η·g / a                      otherwise.
///
/// **CS231n's form** is cache = decay_rate·cache + (1 − decay_rate)·dx²,
/// x += −η·dx / (√cache + eps): decay_rate is α, ε is outside the root, no bias correction.
/// PyTorch's default α = 0.99 while CS231n suggests 0.9–0.999. Reference: Hinton, Coursera
/// lecture 6e (2012); centered form from Graves 2013.
public struct RMSprop<Scalar: BLASScalar>: Optimizer {
    /// Step size η (`lr`).
    public var learningRate: Double
    /// Decay rate α of the squared-gradient average (`alpha`).
    public var alpha: Double
    /// ε added to the root (`eps`).
    public var eps: Double
    /// L2 penalty λ added to the gradient (`weight_decay`).
    public var weightDecay: Double
    /// Momentum μ of the normalized step (`momentum`).
    public var momentum: Double
    /// Divide by the running standard deviation rather than the root mean square (`centered`).
    public var centered: Bool

    @usableFromInline var steps = 0
    @usableFromInline var squareAverage: AlignedBuffer<Scalar>?
    @usableFromInline var gradientAverage: AlignedBuffer<Scalar>?
    @usableFromInline var momentumBuffer: AlignedBuffer<Scalar>?

    /// Creates RMSprop with PyTorch's defaults.
    public init(learningRate: Double = 0.01, alpha: Double = 0.99, eps: Double = 1e-8,
                weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false) {
        self.learningRate = learningRate
        self.alpha = alpha
        self.eps = eps
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
    }

    public var stepCount: Int { steps }
    public var kind: OptimizerKind { .rmsprop }

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
        let p = parameters.baseAddress!, g = gradient.baseAddress!
        let v = uniqueStateBuffer(&squareAverage, count: count)
        let decay = Scalar(weightDecay), rate = Scalar(alpha), oneMinusRate = Scalar(1 - alpha)
        let epsilon = Scalar(eps), negativeRate = Scalar(-learningRate), mu = Scalar(momentum)
        let m: UnsafeMutablePointer<Scalar>? = centered ? uniqueStateBuffer(&gradientAverage, count: count) : nil
        let b: UnsafeMutablePointer<Scalar>? = momentum > 0 ? uniqueStateBuffer(&momentumBuffer, count: count) : nil
        // PyTorch's lerp: start + w·(end − start) for w < 0.5, else end − (end − start)·(1 − w).
        precondition(!regionsOverlap(UnsafePointer(p), g, count: count), "RMSprop: parameters and gradient overlap")
        Kernels.active.rmsprop(p, g, v, m, b, count: count, negativeRate: negativeRate, decay: decay, alpha: rate,
                               oneMinusAlpha: oneMinusRate, epsilon: epsilon, mu: mu, lerpFromStart: 1 - alpha < 0.5)
    }

    @usableFromInline var bufferNames: [String] {
        ["square_avg"] + (momentum > 0 ? ["momentum_buffer"] : []) + (centered ? ["grad_avg"] : [])
    }

    public func exportState() -> OptimizerState<Scalar> {
        var buffers: [(name: String, values: [Scalar])] = []
        if let squareAverage { buffers.append(("square_avg", squareAverage.array)) }
        if let momentumBuffer { buffers.append(("momentum_buffer", momentumBuffer.array)) }
        if let gradientAverage { buffers.append(("grad_avg", gradientAverage.array)) }
        return OptimizerState(stepCount: steps, learningRate: learningRate, buffers: buffers)
    }

    public mutating func restoreState(_ state: OptimizerState<Scalar>) throws(OptimizerError) {
        let names = bufferNames
        let buffers = try restoredBuffers(state, names: names, kind: kind)
        steps = state.stepCount
        learningRate = state.learningRate
        squareAverage = buffers?[0]
        momentumBuffer = buffers.flatMap { momentum > 0 ? $0[names.firstIndex(of: "momentum_buffer")!] : nil }
        gradientAverage = buffers.flatMap { centered ? $0[names.firstIndex(of: "grad_avg")!] : nil }
    }
}
