import Linalg

/// What `Network.trainingStep` did: the loss, and whether the update was applied in full.
public struct TrainingStepOutcome: Sendable, Equatable {
    /// The mean data loss plus penalties of the batch.
    public var loss: Double
    /// False when the loss was not finite (nothing updated, no step counted).
    public var lossIsFinite: Bool { loss.isFinite }
    /// False when a slice of the gradient was not finite (checked only when asked): the update
    /// stopped before that slice; slices of later layers had been updated already.
    public var gradientIsFinite: Bool

    /// An outcome from its parts.
    public init(loss: Double, gradientIsFinite: Bool) {
        self.loss = loss
        self.gradientIsFinite = gradientIsFinite
    }
}

extension Network {
    /// The flat range of the trainable scalars of the layer at `index` (empty for layers without parameters).
    @inlinable
    func parameterRange(ofLayer index: Int) -> Range<Int> {
        switch layers[index] {
        case let .dense(dense): return dense.weightOffset ..< dense.biasOffset + dense.outputCount
        case let .batchNorm(norm): return norm.weightOffset ..< norm.weightOffset + 2 * norm.featureCount
        case .activation, .dropout: return 0..<0
        }
    }

    /// One training step with the optimizer in backward: forward, loss, then backward through the
    /// layers (by `backwardStage`: an activation and the Linear layer before it in one stage), each
    /// layer's slice of θ updated by `optimizer.stepSlice` right after its slice of the
    /// gradient and its input gradient (which reads the old weights) are computed, while they are in
    /// cache; a ReLU's dY is written over its in-place output, which nothing reads after this step
    /// (the next forward pass rewrites it). Bit for bit `lossAndGradient` followed by
    /// `optimizer.step`: the update is elementwise,
    /// so slices give the bits of one pass. `gradient` holds ∇θ afterwards (up to the slice where a
    /// check stopped).
    ///
    /// When the loss is not finite, nothing is updated and no step is counted. With
    /// `checksGradient`, each slice (just written, in cache) is checked to be finite before it is
    /// applied; at the first non-finite one the update stops, and the outcome
    /// says so (the slices of later layers keep their update). Falls back to the whole-vector order
    /// (the same checks, then one `step`) when the rule has no sliced steps or weight penalties are
    /// on (their gradient is added after the backward pass).
    ///
    /// The rule is an existential so that this body specializes for `Scalar` alone (a generic rule
    /// opened from `any Optimizer` would leave the whole step unspecialized); the rules' sliced
    /// methods carry `@_specialize` for Float and Double.
    @inlinable
    @discardableResult
    public func trainingStep(inputs: UnsafeBufferPointer<Scalar>, targets: LossTargets<Scalar>, batchSize: Int,
                             mode: ForwardMode, optimizer: inout any Optimizer<Scalar>,
                             checksGradient: Bool = false) -> TrainingStepOutcome {
        let theta = parameters.buffer, g = gradient.buffer
        guard regularization.l2 == 0 && regularization.l1 == 0 else {
            let loss = lossAndGradient(inputs: inputs, targets: targets, batchSize: batchSize, mode: mode)
            guard loss.isFinite else { return TrainingStepOutcome(loss: loss, gradientIsFinite: true) }
            if checksGradient && !Self.isFinite(g, 0..<g.count) { return TrainingStepOutcome(loss: loss, gradientIsFinite: false) }
            optimizer.step(parameters: theta, gradient: UnsafeBufferPointer(g))
            return TrainingStepOutcome(loss: loss, gradientIsFinite: true)
        }
        let outputs = forward(inputs: inputs, batchSize: batchSize, mode: mode, updatesRunningStatistics: mode == .training)
        let loss = lossFunction.evaluate(outputs: outputs, targets: targets, batchSize: batchSize)
        let sliced = loss.isFinite && optimizer.beginSlicedStep(parameterCount: layout.count)
        var upstream = UnsafePointer(lossFunction.gradient.baseAddress)
        var finite = true
        var index = layers.count - 1
        while index >= 0 {
            let stage = backwardStage(from: index, upstream, batchSize: batchSize, parameters: UnsafePointer(theta.baseAddress!),
                                      gradient: g.baseAddress!, accumulates: false, overwritesMasks: true)
            upstream = stage.upstream
            index = stage.layer - 1
            let range = parameterRange(ofLayer: stage.layer)
            guard sliced && !range.isEmpty else { continue }
            if checksGradient && !stageGradientIsFinite(g, range, layer: stage.layer, outputGradient: stage.outputGradient,
                                                        batchSize: batchSize) {
                finite = false
                break
            }
            optimizer.stepSlice(parameters: theta, gradient: UnsafeBufferPointer(g), range: range)
        }
        if loss.isFinite && !sliced {
            if checksGradient && !Self.isFinite(g, 0..<g.count) { return TrainingStepOutcome(loss: loss, gradientIsFinite: false) }
            optimizer.step(parameters: theta, gradient: UnsafeBufferPointer(g))
        }
        return TrainingStepOutcome(loss: loss, gradientIsFinite: finite)
    }

    /// Whether g[range], the slice of ∇θ that the backward stage of the layer at `layer` has just
    /// written, is finite — always `isFinite(g, range)`'s answer, but for a Linear layer whose GEMM
    /// inputs are fewer values than its slice (batch·(inputs + outputs) < outputs·(inputs + 1)) first
    /// proved from them. With |dY| ≤ A and |X| ≤ B, every partial sum of dW = dYᵀ·X (products rounded,
    /// summed in any order) is at most batch·A·B·(1 + u)^batch, and of db = dYᵀ·1 at most
    /// batch·A·(1 + u)^batch, u the unit roundoff; (1 + u)^batch < 2 for batch < 2²², so
    /// 2·batch·A·max(B, 1) ≤ the largest finite Scalar (evaluated in Double, whose rounding the factor
    /// 2 also covers) proves the slice finite. When it does not (a value not finite, or too large),
    /// the slice itself is read. At batch 64 in 784-256-256-10: 66 k values read instead of 201 k.
    @inlinable
    func stageGradientIsFinite(_ g: UnsafeMutableBufferPointer<Scalar>, _ range: Range<Int>, layer: Int,
                               outputGradient dy: UnsafePointer<Scalar>?, batchSize: Int) -> Bool {
        if let dy, case let .dense(dense) = layers[layer], let x = dense.savedInput, batchSize < 1 << 22,
           batchSize * (dense.inputCount + dense.outputCount) < range.count,
           let a = Kernels.active.magnitudeBound(dy, count: batchSize * dense.outputCount),
           let b = Kernels.active.magnitudeBound(x, count: batchSize * dense.inputCount),
           2 * Double(batchSize) * a * max(b, 1) <= Double(Scalar.greatestFiniteMagnitude) {
            return true
        }
        return Self.isFinite(g, range)
    }

    /// Whether every value of g[range] is finite (so is ‖g[range]‖₂): one read of the slice just
    /// written, while it is in cache (`Kernels.allFinite`, an integer max over the bit patterns).
    @inlinable
    static func isFinite(_ g: UnsafeMutableBufferPointer<Scalar>, _ range: Range<Int>) -> Bool {
        range.isEmpty || Kernels.active.allFinite(g.baseAddress! + range.lowerBound, count: range.count)
    }
}
