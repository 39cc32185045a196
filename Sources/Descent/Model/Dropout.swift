import Linalg

/// Inverted dropout, PyTorch's `nn.Dropout(p)`: in training each unit is zeroed with probability
/// `p` and the survivors scaled by 1/(1 − p), so evaluation is the identity (no copy: the input
/// pointer is passed through). The mask m ∈ {0, 1/(1 − p)} is drawn from the network's
/// `RandomGenerator` (one 64-bit draw per unit: dropped when the draw < p·2⁶⁴), kept for the
/// backward pass: dx = m·dy, R{y} = m·R{x}, R{dx} = m·R{dy}.
public final class Dropout<Scalar: BLASScalar>: Layer {
    /// The drop probability p ∈ [0, 1).
    public let probability: Double
    public let inputCount: Int
    public var outputCount: Int { inputCount }
    public let maxBatchSize: Int
    @usableFromInline let mask: AlignedBuffer<Scalar>
    @usableFromInline let output: AlignedBuffer<Scalar>
    @usableFromInline let gradInput: AlignedBuffer<Scalar>
    @usableFromInline let rOutput: AlignedBuffer<Scalar>
    @usableFromInline let rGradInput: AlignedBuffer<Scalar>
    @usableFromInline let dropThreshold: UInt64
    @usableFromInline var lastMode: ForwardMode = .evaluation

    /// Dropout with drop probability `probability` over `featureCount` features.
    public init(probability: Double, featureCount: Int, maxBatchSize: Int) {
        precondition(probability >= 0 && probability < 1, "Dropout: p must be in [0, 1), got \(probability)")
        precondition(featureCount > 0 && maxBatchSize > 0, "Dropout: sizes must be positive")
        self.probability = probability
        inputCount = featureCount
        self.maxBatchSize = maxBatchSize
        let batchCount = maxBatchSize * featureCount
        mask = AlignedBuffer(count: batchCount)
        output = AlignedBuffer(count: batchCount)
        gradInput = AlignedBuffer(count: batchCount)
        rOutput = AlignedBuffer(count: batchCount)
        rGradInput = AlignedBuffer(count: batchCount)
        dropThreshold = UInt64(probability * 0x1p64)
    }

    /// The mask of the last training-mode forward pass (batchSize × features, values 0 or 1/(1 − p)).
    public var lastMask: UnsafeBufferPointer<Scalar> { UnsafeBufferPointer(mask.buffer) }

    @inlinable
    public func forward(
        _ input: UnsafePointer<Scalar>, batchSize: Int, parameters: UnsafePointer<Scalar>, mode: ForwardMode,
        updatesRunningStatistics: Bool, random: inout RandomGenerator
    ) -> UnsafePointer<Scalar> {
        lastMode = mode
        guard mode == .training else { return input }
        let keepScale = Scalar(1 / (1 - probability))
        let m = mask.baseAddress, y = output.baseAddress
        for index in 0..<batchSize * inputCount {
            let keep: Scalar = random.next() < dropThreshold ? 0 : keepScale
            m[index] = keep
            y[index] = input[index] * keep
        }
        return UnsafePointer(y)
    }

    @inlinable
    public func backward(
        _ gradOutput: UnsafePointer<Scalar>, batchSize: Int, parameters: UnsafePointer<Scalar>,
        gradient: UnsafeMutablePointer<Scalar>?, needsInputGradient: Bool
    ) -> UnsafePointer<Scalar> {
        guard lastMode == .training else { return gradOutput }
        let dx = gradInput.baseAddress, m = mask.baseAddress
        if needsInputGradient {
            for index in 0..<batchSize * inputCount { dx[index] = gradOutput[index] * m[index] }
        }
        return UnsafePointer(dx)
    }

    @inlinable
    public func rForward(
        _ rInput: UnsafePointer<Scalar>?, batchSize: Int, parameters: UnsafePointer<Scalar>,
        direction: UnsafePointer<Scalar>
    ) -> UnsafePointer<Scalar>? {
        guard let rInput else { return nil }
        guard lastMode == .training else { return rInput }
        let ry = rOutput.baseAddress, m = mask.baseAddress
        for index in 0..<batchSize * inputCount { ry[index] = rInput[index] * m[index] }
        return UnsafePointer(ry)
    }

    @inlinable
    public func rBackward(
        _ gradOutput: UnsafePointer<Scalar>, _ rGradOutput: UnsafePointer<Scalar>, batchSize: Int,
        parameters: UnsafePointer<Scalar>, direction: UnsafePointer<Scalar>,
        rGradient: UnsafeMutablePointer<Scalar>, needsInputGradient: Bool
    ) -> UnsafePointer<Scalar> {
        guard lastMode == .training else { return rGradOutput }
        let rdx = rGradInput.baseAddress, m = mask.baseAddress
        if needsInputGradient {
            for index in 0..<batchSize * inputCount { rdx[index] = rGradOutput[index] * m[index] }
        }
        return UnsafePointer(rdx)
    }
}
