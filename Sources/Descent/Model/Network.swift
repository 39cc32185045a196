import Foundation
import Linalg

/// A sequential network whose trainable parameters are one flat vector (`parameters`, laid out by
/// `layout` in PyTorch state_dict order), with a gradient of the same layout, a loss, weight
/// penalties, and workspaces for `maxBatchSize` rows allocated once: after construction, no call
/// of `lossAndGradient`, `loss`, `hessianVectorProduct` or `predict` allocates.
///
/// Inputs are row-major batchSize×inputCount, read in place. Any batch size 1…maxBatchSize works.
/// The hot methods are `@inlinable` so that they specialize for Float/Double in the calling module.
///
/// State changes: only `lossAndGradient` in `.training` mode updates BatchNorm running statistics;
/// any `.training` pass draws Dropout masks from `dropoutRandom` (save and restore it to repeat a mask).
public final class Network<Scalar: BLASScalar> {
    /// Where each trainable tensor lives in `parameters`, and the names of the buffers.
    public let layout: ParameterLayout
    /// The flat trainable vector θ.
    public let parameters: AlignedBuffer<Scalar>
    /// ∇θ of the last `lossAndGradient` (same layout as `parameters`).
    public let gradient: AlignedBuffer<Scalar>
    /// Features per input row.
    public let inputCount: Int
    /// Outputs per row (classes or regression targets).
    public let outputCount: Int
    /// The largest batch the workspaces hold.
    public let maxBatchSize: Int
    /// The Sequential's modules.
    public let layerSpecs: [LayerSpec]
    /// The layers, in order.
    public let layers: [NetworkLayer<Scalar>]
    /// The data loss and its workspaces.
    public let lossFunction: LossFunction<Scalar>
    /// L1/L2 penalties on Linear weights, added to every loss, gradient and Hessian-vector product.
    public var regularization: Regularization = .none
    /// The generator of Dropout masks; read it to checkpoint, set it to resume bit-identically.
    public var dropoutRandom: RandomGenerator
    /// The flat ranges of the penalized tensors (Linear weights).
    @usableFromInline let penalizedRanges: [Range<Int>]
    /// Workspaces of `hessianVectorProducts`, created on its first call.
    @usableFromInline var blockWorkspace: BlockProductWorkspace<Scalar>?
    /// Forward passes run so far: a `HessianPoint` is current only while no other pass ran.
    @usableFromInline var forwardPassCount: UInt64 = 0

    /// Builds the network of `spec` (validated first) and initializes it: Linear weights by
    /// `spec.initializer` with the gain of the activation that follows, BatchNorm γ = 1, β = 0.
    /// Draws the initial weights from `random`, then seeds `dropoutRandom` with `random.next()`.
    public convenience init(spec: NetworkSpec, maxBatchSize: Int, random: inout RandomGenerator) throws(ModelError) {
        try spec.validate()
        try self.init(inputCount: spec.inputCount, layers: spec.layers, loss: spec.loss,
                      initializer: spec.initializer, maxBatchSize: maxBatchSize, random: &random)
    }

    /// Builds a network from a list of modules (the equivalent `nn.Sequential`), e.g.
    /// `[.dense(outputCount: 32), .activation(.tanh), .dense(outputCount: 3)]`; the last module's
    /// width is `outputCount`. Initialization as in `init(spec:maxBatchSize:random:)`.
    /// Whether `layer`'s output is a buffer of its own that only the next layer reads, once, in its
    /// forward pass (Linear and BatchNorm: their backward passes use their inputs and saved x̂): the
    /// next layer may then write over it. Not the network's inputs (no layer before), nor Dropout's.
    static func ownsOutput(_ layer: NetworkLayer<Scalar>?) -> Bool {
        switch layer {
        case .dense?, .batchNorm?: return true
        default: return false
        }
    }

    public init(inputCount: Int, layers specs: [LayerSpec], loss: LossKind, initializer: Initializer,
                maxBatchSize: Int, random: inout RandomGenerator) throws(ModelError) {
        guard inputCount > 0 else { throw .invalidSpec(field: "inputCount", message: "must be positive, got \(inputCount)") }
        guard maxBatchSize > 0 else { throw .invalidSpec(field: "maxBatchSize", message: "must be positive, got \(maxBatchSize)") }
        var layout = ParameterLayout()
        var built: [NetworkLayer<Scalar>] = []
        var width = inputCount
        var ranges: [Range<Int>] = []
        for (index, spec) in specs.enumerated() {
            switch spec {
            case let .dense(outputs):
                guard outputs > 0 else { throw .invalidSpec(field: "layer \(index)", message: "Linear width must be positive, got \(outputs)") }
                let offset = layout.append(name: "\(index).weight", shape: [outputs, width], isPenalized: true)
                layout.append(name: "\(index).bias", shape: [outputs], isPenalized: false)
                ranges.append(offset ..< offset + outputs * width)
                built.append(.dense(Dense(inputCount: width, outputCount: outputs, maxBatchSize: maxBatchSize, parameterOffset: offset)))
                width = outputs
            case let .activation(kind):
                built.append(.activation(Activation(kind, featureCount: width, maxBatchSize: maxBatchSize,
                                                    overwritesInput: Self.ownsOutput(built.last))))
            case .batchNorm:
                let offset = layout.append(name: "\(index).weight", shape: [width], isPenalized: false)
                layout.append(name: "\(index).bias", shape: [width], isPenalized: false)
                layout.appendBuffer(name: "\(index).running_mean", shape: [width])
                layout.appendBuffer(name: "\(index).running_var", shape: [width])
                layout.appendBuffer(name: "\(index).num_batches_tracked", shape: [], isInteger: true)
                built.append(.batchNorm(BatchNorm(featureCount: width, maxBatchSize: maxBatchSize, parameterOffset: offset)))
            case let .dropout(probability):
                guard probability >= 0 && probability < 1 else {
                    throw .invalidSpec(field: "layer \(index)", message: "dropout must be in [0, 1), got \(probability)")
                }
                built.append(.dropout(Dropout(probability: probability, featureCount: width, maxBatchSize: maxBatchSize)))
            }
        }
        if case .crossEntropy = loss, width < 2 {
            throw .invalidSpec(field: "outputCount", message: "cross-entropy needs at least 2 classes, got \(width)")
        }
        self.layout = layout
        self.inputCount = inputCount
        outputCount = width
        self.maxBatchSize = maxBatchSize
        layerSpecs = specs
        layers = built
        penalizedRanges = ranges
        lossFunction = LossFunction(loss, outputCount: width, maxBatchSize: maxBatchSize)
        parameters = AlignedBuffer(count: layout.count)
        gradient = AlignedBuffer(count: layout.count)
        dropoutRandom = RandomGenerator(seed: 0)
        initialize(initializer, random: &random)
        dropoutRandom = RandomGenerator(seed: random.next())
    }

    /// Re-draws every Linear layer by `initializer` (gain of the next activation, skipping
    /// BatchNorm and Dropout; 1 when none) and resets BatchNorm to γ = 1, β = 0, running mean 0,
    /// running variance 1, no batches tracked.
    public func initialize(_ initializer: Initializer, random: inout RandomGenerator) {
        let base = parameters.baseAddress
        for (index, layer) in layers.enumerated() {
            switch layer {
            case let .dense(dense):
                var gain = 1.0
                for next in layers[(index + 1)...] {
                    if case .dense = next { break }
                    if case let .activation(activation) = next {
                        gain = activation.kind.gain
                        break
                    }
                }
                initializer.initialize(
                    weights: UnsafeMutableBufferPointer(start: base + dense.weightOffset, count: dense.inputCount * dense.outputCount),
                    bias: UnsafeMutableBufferPointer(start: base + dense.biasOffset, count: dense.outputCount),
                    fanIn: dense.inputCount, fanOut: dense.outputCount, gain: gain, random: &random)
            case let .batchNorm(norm):
                (base + norm.weightOffset).update(repeating: 1, count: norm.featureCount)
                (base + norm.biasOffset).update(repeating: 0, count: norm.featureCount)
                norm.runningMean.buffer.update(repeating: 0)
                norm.runningVariance.buffer.update(repeating: 1)
                norm.batchesTracked = 0
            case .activation, .dropout:
                break
            }
        }
    }

    /// Checks a batch's size against the workspaces and the inputs' length.
    @inlinable
    func checkBatch(_ inputs: UnsafeBufferPointer<Scalar>, batchSize: Int) {
        precondition(batchSize >= 1 && batchSize <= maxBatchSize, "Network: batch size \(batchSize) outside 1...\(maxBatchSize)")
        precondition(inputs.count >= batchSize * inputCount, "Network: \(inputs.count) inputs for \(batchSize)×\(inputCount)")
    }

    /// Runs every layer forward and returns the outputs (batchSize × outputCount, valid until the next pass).
    @inlinable
    public func forward(inputs: UnsafeBufferPointer<Scalar>, batchSize: Int, mode: ForwardMode,
                        updatesRunningStatistics: Bool = false) -> UnsafePointer<Scalar> {
        checkBatch(inputs, batchSize: batchSize)
        forwardPassCount &+= 1
        let theta = UnsafePointer(parameters.baseAddress)
        var current = inputs.baseAddress!
        for layer in layers {
            current = layer.forward(current, batchSize: batchSize, parameters: theta, mode: mode,
                                    updatesRunningStatistics: updatesRunningStatistics, random: &dropoutRandom)
        }
        return current
    }

    /// The penalty 0.5·l2·Σw² + l1·Σ|w| over Linear weights; adds its gradient l2·w + l1·sign(w)
    /// to `gradient` when given.
    @inlinable
    func penalty(addingGradientTo gradient: UnsafeMutablePointer<Scalar>?) -> Double {
        let l2 = regularization.l2, l1 = regularization.l1
        guard l2 != 0 || l1 != 0 else { return 0 }
        let theta = parameters.baseAddress
        let l2Scalar = Scalar(l2), l1Scalar = Scalar(l1)
        var sumSquares = 0.0, sumAbsolute = 0.0
        for range in penalizedRanges {
            for index in range {
                let w = theta[index]
                sumSquares += Double(w * w)
                sumAbsolute += Double(w.magnitude)
                if let gradient {
                    let sign: Scalar = w > 0 ? 1 : (w < 0 ? -1 : 0)
                    gradient[index] += l2Scalar * w + l1Scalar * sign
                }
            }
        }
        return 0.5 * l2 * sumSquares + l1 * sumAbsolute
    }

    /// The mean data loss plus penalties for one batch, and its gradient written over `gradient`:
    /// forward, loss, then backward through every layer (dW = dYᵀ·X, dX = dY·W; an activation after
    /// a Linear layer sums that layer's bias gradient in its own pass, `backwardStage`). In `.training`
    /// mode this is a training step's pass: BatchNorm uses batch statistics and updates its running
    /// ones, Dropout draws a fresh mask.
    @inlinable
    @discardableResult
    public func lossAndGradient(inputs: UnsafeBufferPointer<Scalar>, targets: LossTargets<Scalar>, batchSize: Int,
                                mode: ForwardMode) -> Double {
        let outputs = forward(inputs: inputs, batchSize: batchSize, mode: mode, updatesRunningStatistics: mode == .training)
        let dataLoss = lossFunction.evaluate(outputs: outputs, targets: targets, batchSize: batchSize)
        let theta = UnsafePointer(parameters.baseAddress)
        let g = gradient.baseAddress
        // Every trainable scalar belongs to exactly one Linear or BatchNorm layer, and each writes
        // its slice over `g` (β = 0): no zeroing pass over the whole gradient first.
        var upstream = UnsafePointer(lossFunction.gradient.baseAddress)
        var index = layers.count - 1
        while index >= 0 {
            let stage = backwardStage(from: index, upstream, batchSize: batchSize, parameters: theta, gradient: g, accumulates: false)
            upstream = stage.upstream
            index = stage.layer - 1
        }
        return dataLoss + penalty(addingGradientTo: g)
    }

    /// The mean data loss plus penalties, forward only (running statistics are not updated; in
    /// `.training` mode Dropout draws a mask from `dropoutRandom`).
    @inlinable
    public func loss(inputs: UnsafeBufferPointer<Scalar>, targets: LossTargets<Scalar>, batchSize: Int,
                     mode: ForwardMode) -> Double {
        let outputs = forward(inputs: inputs, batchSize: batchSize, mode: mode)
        return lossFunction.evaluate(outputs: outputs, targets: targets, batchSize: batchSize) + penalty(addingGradientTo: nil)
    }

    /// The exact Hessian-vector product H·v of (mean data loss + penalties) at the current
    /// parameters, by Pearlmutter's R-operator: one forward pass, one R-forward pass, and one
    /// combined backward/R-backward pass — no finite difference. Writes H·v into `result`
    /// (`vector` and `result` have the layout's length) and returns the loss. `gradient` and
    /// running statistics are left unchanged. In `.training` mode the Hessian is that of the
    /// training-mode loss: BatchNorm's batch statistics are differentiated through, and Dropout uses
    /// a mask drawn for this call.
    @inlinable
    @discardableResult
    public func hessianVectorProduct(inputs: UnsafeBufferPointer<Scalar>, targets: LossTargets<Scalar>, batchSize: Int,
                                     vector: UnsafeBufferPointer<Scalar>, into result: UnsafeMutableBufferPointer<Scalar>,
                                     mode: ForwardMode = .evaluation) -> Double {
        precondition(vector.count == layout.count && result.count == layout.count,
                     "hessianVectorProduct: vector \(vector.count), result \(result.count), parameters \(layout.count)")
        let outputs = forward(inputs: inputs, batchSize: batchSize, mode: mode)
        let theta = UnsafePointer(parameters.baseAddress)
        let direction = vector.baseAddress!
        var rCurrent: UnsafePointer<Scalar>? = nil
        for layer in layers {
            rCurrent = layer.rForward(rCurrent, batchSize: batchSize, parameters: theta, direction: direction)
        }
        let dataLoss = lossFunction.evaluate(outputs: outputs, targets: targets, batchSize: batchSize)
        var upstream = UnsafePointer(lossFunction.gradient.baseAddress)
        var rUpstream = lossFunction.rGradient(rOutputs: rCurrent, batchSize: batchSize)
        let hv = result.baseAddress!
        hv.update(repeating: 0, count: result.count)
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[index]
            let needsInput = index > 0
            let nextUpstream = layer.backward(upstream, batchSize: batchSize, parameters: theta, gradient: nil,
                                              needsInputGradient: needsInput)
            rUpstream = layer.rBackward(upstream, rUpstream, batchSize: batchSize, parameters: theta, direction: direction,
                                        rGradient: hv, needsInputGradient: needsInput)
            upstream = nextUpstream
        }
        let l2 = Scalar(regularization.l2)
        if l2 != 0 {
            for range in penalizedRanges {
                for index in range { hv[index] += l2 * direction[index] }
            }
        }
        return dataLoss + penalty(addingGradientTo: nil)
    }

    /// Class probabilities (softmax of the logits, cross-entropy networks) or predicted values
    /// (MSE networks) for `batchSize` rows in evaluation mode, into `result` (batchSize × outputCount).
    @inlinable
    public func predict(inputs: UnsafeBufferPointer<Scalar>, batchSize: Int, into result: UnsafeMutableBufferPointer<Scalar>) {
        precondition(result.count >= batchSize * outputCount, "predict: room for \(result.count), need \(batchSize * outputCount)")
        let outputs = forward(inputs: inputs, batchSize: batchSize, mode: .evaluation)
        let c = outputCount
        let out = result.baseAddress!
        guard lossFunction.kind.isClassification else {
            out.update(from: outputs, count: batchSize * c)
            return
        }
        for row in 0..<batchSize {
            let z = outputs + row * c, p = out + row * c
            var largest = z[0]
            for j in 1..<c { largest = Swift.max(largest, z[j]) }
            var sum = 0.0
            for j in 0..<c {
                let e = Scalar(exp(Double(z[j] - largest)))
                p[j] = e
                sum += Double(e)
            }
            let inverse = Scalar(1 / sum)
            for j in 0..<c { p[j] *= inverse }
        }
    }
}
