import Linalg

/// The passes of one point θ on one batch that every Hessian-vector product there shares: the
/// forward pass, the loss, and the backward pass of ∂L/∂(layer outputs). Kept by
/// `Network.hessianVectorProduct(…, at:)` so that further products at the same θ and rows run only
/// the R-forward and R-backward passes (about 6 of the 8 GEMM-sized products of a full H·v for an
/// MLP) — what `jax.linearize` does for a JVP.
///
/// Keyed by the inputs' and targets' addresses (their contents must not change while the record
/// is used: `NetworkHessian` holds its rows fixed) and valid while the network has run no other
/// forward pass and θ is bit-for-bit the one recorded (a copy is compared before each reuse, one
/// pass over n values); otherwise the next product recomputes the point's passes. Products are identical to `hessianVectorProduct`'s bit for bit:
/// the same operations, with the point's backward pass run before the R-backward pass instead of
/// interleaved with it (they write different buffers).
public final class HessianPoint<Scalar: BLASScalar> {
    /// The upstream gradient ∂L/∂y each layer received in the point's backward pass.
    @usableFromInline var upstreams: [UnsafePointer<Scalar>] = []
    /// θ of the recorded passes.
    @usableFromInline let parameters: AlignedBuffer<Scalar>
    /// The loss (data + penalties) at θ.
    @usableFromInline var loss = 0.0
    /// The network's forward-pass count right after the recorded pass (nil: nothing recorded).
    @usableFromInline var passStamp: UInt64?
    @usableFromInline var inputs: UnsafePointer<Scalar>?
    @usableFromInline var targets: UnsafeRawPointer?
    @usableFromInline var batchSize = 0
    /// How many products reused the recorded passes.
    public var reuseCount: Int { reuses }
    @usableFromInline var reuses = 0

    /// An empty record for a network of `parameterCount` parameters.
    public init(parameterCount: Int) {
        parameters = AlignedBuffer(count: parameterCount)
    }

    /// Forgets the recorded passes.
    public func invalidate() { passStamp = nil }
}

extension Network {
    /// Whether the point's passes can be recorded and reused in `mode`: Linear and activation
    /// layers, and Dropout in evaluation mode (BatchNorm's R-backward needs its own backward state).
    @inlinable
    public func supportsPointReuse(mode: ForwardMode) -> Bool {
        mode == .evaluation && supportsBlockProducts(mode: mode)
    }

    /// H·v as `hessianVectorProduct` computes it, reusing `point`'s forward and backward passes when
    /// they are current for these inputs and parameters, else recording them first. Returns the loss.
    @inlinable
    @discardableResult
    public func hessianVectorProduct(inputs: UnsafeBufferPointer<Scalar>, targets: LossTargets<Scalar>, batchSize: Int,
                                     vector: UnsafeBufferPointer<Scalar>, into result: UnsafeMutableBufferPointer<Scalar>,
                                     at point: HessianPoint<Scalar>) -> Double {
        guard supportsPointReuse(mode: .evaluation), point.parameters.count == layout.count else {
            return hessianVectorProduct(inputs: inputs, targets: targets, batchSize: batchSize, vector: vector, into: result)
        }
        precondition(vector.count == layout.count && result.count == layout.count,
                     "hessianVectorProduct: vector \(vector.count), result \(result.count), parameters \(layout.count)")
        if isCurrent(point, inputs: inputs, targets: targets, batchSize: batchSize) {
            point.reuses += 1
        } else {
            record(point, inputs: inputs, targets: targets, batchSize: batchSize)
        }
        let theta = UnsafePointer(parameters.baseAddress)
        let direction = vector.baseAddress!
        var rCurrent: UnsafePointer<Scalar>? = nil
        for layer in layers {
            rCurrent = layer.rForward(rCurrent, batchSize: batchSize, parameters: theta, direction: direction)
        }
        var rUpstream = lossFunction.rGradient(rOutputs: rCurrent, batchSize: batchSize)
        let hv = result.baseAddress!
        hv.update(repeating: 0, count: result.count)
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            rUpstream = layers[index].rBackward(point.upstreams[index], rUpstream, batchSize: batchSize, parameters: theta,
                                                direction: direction, rGradient: hv, needsInputGradient: index > 0)
        }
        let l2 = Scalar(regularization.l2)
        if l2 != 0 {
            for range in penalizedRanges {
                for index in range { hv[index] += l2 * direction[index] }
            }
        }
        return point.loss
    }

    /// Whether `point` holds this network's last passes, on these inputs, at the current θ.
    @inlinable
    func isCurrent(_ point: HessianPoint<Scalar>, inputs: UnsafeBufferPointer<Scalar>, targets: LossTargets<Scalar>,
                   batchSize: Int) -> Bool {
        guard point.passStamp == forwardPassCount, point.inputs == inputs.baseAddress, point.batchSize == batchSize,
              point.targets == Self.address(of: targets),
              point.upstreams.count == layers.count else { return false }
        let n = layout.count, recorded = point.parameters.baseAddress, current = parameters.baseAddress
        for index in 0..<n where recorded[index] != current[index] { return false }
        return true
    }

    /// Where the targets live (part of the key of a recorded point).
    @inlinable
    static func address(of targets: LossTargets<Scalar>) -> UnsafeRawPointer? {
        switch targets {
        case let .classIndices(labels): UnsafeRawPointer(labels.baseAddress)
        case let .values(values): UnsafeRawPointer(values.baseAddress)
        }
    }

    /// Runs the point's forward pass, loss and backward pass (no weight gradients) in evaluation
    /// mode and records them in `point`.
    @inlinable
    func record(_ point: HessianPoint<Scalar>, inputs: UnsafeBufferPointer<Scalar>, targets: LossTargets<Scalar>, batchSize: Int) {
        let outputs = forward(inputs: inputs, batchSize: batchSize, mode: .evaluation)
        let theta = UnsafePointer(parameters.baseAddress)
        let dataLoss = lossFunction.evaluate(outputs: outputs, targets: targets, batchSize: batchSize)
        var upstream = UnsafePointer(lossFunction.gradient.baseAddress)
        var upstreams = [UnsafePointer<Scalar>](repeating: upstream, count: layers.count)
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            upstreams[index] = upstream
            upstream = layers[index].backward(upstream, batchSize: batchSize, parameters: theta, gradient: nil,
                                              needsInputGradient: index > 0)
        }
        point.upstreams = upstreams
        point.loss = dataLoss + penalty(addingGradientTo: nil)
        point.parameters.baseAddress.update(from: parameters.baseAddress, count: layout.count)
        point.inputs = inputs.baseAddress
        point.targets = Self.address(of: targets)
        point.batchSize = batchSize
        point.passStamp = forwardPassCount
    }
}
