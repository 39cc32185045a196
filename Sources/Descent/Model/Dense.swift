import Linalg

/// A fully connected layer, PyTorch's `nn.Linear`: y = x·Wᵀ + b with W [out, in] and b [out],
/// both in the flat parameter vector (W row-major at `weightOffset`, b right after it).
///
/// Every product is one `gemm`: forward Y = X·Wᵀ (into a buffer pre-filled with the bias rows,
/// β = 1), backward dX = dY·W and dW += dYᵀ·X, db += dYᵀ·1 (a column-sum loop).
/// R-operator: R{Y} = R{X}·Wᵀ + X·Vᵀ + v_b; R{dX} = R{dY}·W + dY·V;
/// R{dW} = R{dY}ᵀ·X + dYᵀ·R{X}; R{db} = R{dY}ᵀ·1 (V, v_b: the direction's slices).
public final class Dense<Scalar: BLASScalar>: Layer {
    public let inputCount: Int
    public let outputCount: Int
    public let maxBatchSize: Int
    /// The offset of W in the flat vector.
    public let weightOffset: Int
    /// The offset of b in the flat vector (weightOffset + out·in).
    public let biasOffset: Int
    @usableFromInline let output: AlignedBuffer<Scalar>
    @usableFromInline let gradInput: AlignedBuffer<Scalar>
    @usableFromInline let rOutput: AlignedBuffer<Scalar>
    @usableFromInline let rGradInput: AlignedBuffer<Scalar>
    @usableFromInline var savedInput: UnsafePointer<Scalar>?
    @usableFromInline var savedRInput: UnsafePointer<Scalar>?

    /// A layer whose W starts at `parameterOffset` in the flat vector, with workspaces for `maxBatchSize` rows.
    public init(inputCount: Int, outputCount: Int, maxBatchSize: Int, parameterOffset: Int) {
        precondition(inputCount > 0 && outputCount > 0 && maxBatchSize > 0, "Dense: sizes must be positive")
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.maxBatchSize = maxBatchSize
        weightOffset = parameterOffset
        biasOffset = parameterOffset + inputCount * outputCount
        output = AlignedBuffer(count: maxBatchSize * outputCount)
        gradInput = AlignedBuffer(count: maxBatchSize * inputCount)
        rOutput = AlignedBuffer(count: maxBatchSize * outputCount)
        rGradInput = AlignedBuffer(count: maxBatchSize * inputCount)
    }

    /// The number of trainable scalars: out·in + out.
    public var parameterCount: Int { outputCount * (inputCount + 1) }

    /// Writes the bias row `bias` into each of the first `batchSize` rows of `destination`.
    @inlinable
    func fillRows(_ destination: UnsafeMutablePointer<Scalar>, with bias: UnsafePointer<Scalar>, batchSize: Int) {
        Kernels.active.broadcastRows(bias, into: destination, rows: batchSize, columns: outputCount)
    }

    @inlinable
    public func forward(
        _ input: UnsafePointer<Scalar>, batchSize: Int, parameters: UnsafePointer<Scalar>, mode: ForwardMode,
        updatesRunningStatistics: Bool, random: inout RandomGenerator
    ) -> UnsafePointer<Scalar> {
        savedInput = input
        let y = output.baseAddress
        fillRows(y, with: parameters + biasOffset, batchSize: batchSize)
        Scalar.gemm(.none, .transpose, m: batchSize, n: outputCount, k: inputCount, alpha: 1,
                    a: input, lda: inputCount, b: parameters + weightOffset, ldb: inputCount,
                    beta: 1, c: y, ldc: outputCount)
        return UnsafePointer(y)
    }

    @inlinable
    public func backward(
        _ gradOutput: UnsafePointer<Scalar>, batchSize: Int, parameters: UnsafePointer<Scalar>,
        gradient: UnsafeMutablePointer<Scalar>?, needsInputGradient: Bool
    ) -> UnsafePointer<Scalar> {
        backward(gradOutput, batchSize: batchSize, parameters: parameters, gradient: gradient,
                 needsInputGradient: needsInputGradient, accumulates: true)
    }

    /// `backward`, writing dW and db over `gradient` (β = 0) when `accumulates` is false, so the
    /// caller need not zero the gradient first. `hasBiasGradient`: db was already written by the
    /// activation after this layer (`Activation.backward(_:batchSize:biasGradient:accumulates:)`).
    @inlinable
    func backward(
        _ gradOutput: UnsafePointer<Scalar>, batchSize: Int, parameters: UnsafePointer<Scalar>,
        gradient: UnsafeMutablePointer<Scalar>?, needsInputGradient: Bool, accumulates: Bool, hasBiasGradient: Bool = false
    ) -> UnsafePointer<Scalar> {
        if let gradient, let input = savedInput {
            Scalar.gemm(.transpose, .none, m: outputCount, n: inputCount, k: batchSize, alpha: 1,
                        a: gradOutput, lda: outputCount, b: input, ldb: inputCount,
                        beta: accumulates ? 1 : 0, c: gradient + weightOffset, ldc: inputCount)
            if !hasBiasGradient {
                Self.addColumnSums(of: gradOutput, rows: batchSize, columns: outputCount, into: gradient + biasOffset,
                                   accumulates: accumulates)
            }
        }
        if needsInputGradient {
            Scalar.gemm(.none, .none, m: batchSize, n: inputCount, k: outputCount, alpha: 1,
                        a: gradOutput, lda: outputCount, b: parameters + weightOffset, ldb: inputCount,
                        beta: 0, c: gradInput.baseAddress, ldc: inputCount)
        }
        return UnsafePointer(gradInput.baseAddress)
    }

    /// sums[j] (+)= Σ_r a[r·columns + j]: the bias gradient dYᵀ·1 as a vectorizable row loop
    /// (cheaper than a `gemv` call against a ones vector at small batches, and no slower at large ones).
    @inlinable
    static func addColumnSums(of a: UnsafePointer<Scalar>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Scalar>,
                              accumulates: Bool) {
        Kernels.active.columnSums(a, rows: rows, columns: columns, into: sums, accumulates: accumulates)
    }

    @inlinable
    public func rForward(
        _ rInput: UnsafePointer<Scalar>?, batchSize: Int, parameters: UnsafePointer<Scalar>,
        direction: UnsafePointer<Scalar>
    ) -> UnsafePointer<Scalar>? {
        savedRInput = rInput
        guard let input = savedInput else { preconditionFailure("Dense.rForward before forward") }
        let ry = rOutput.baseAddress
        fillRows(ry, with: direction + biasOffset, batchSize: batchSize)
        Scalar.gemm(.none, .transpose, m: batchSize, n: outputCount, k: inputCount, alpha: 1,
                    a: input, lda: inputCount, b: direction + weightOffset, ldb: inputCount,
                    beta: 1, c: ry, ldc: outputCount)
        if let rInput {
            Scalar.gemm(.none, .transpose, m: batchSize, n: outputCount, k: inputCount, alpha: 1,
                        a: rInput, lda: inputCount, b: parameters + weightOffset, ldb: inputCount,
                        beta: 1, c: ry, ldc: outputCount)
        }
        return UnsafePointer(ry)
    }

    @inlinable
    public func rBackward(
        _ gradOutput: UnsafePointer<Scalar>, _ rGradOutput: UnsafePointer<Scalar>, batchSize: Int,
        parameters: UnsafePointer<Scalar>, direction: UnsafePointer<Scalar>,
        rGradient: UnsafeMutablePointer<Scalar>, needsInputGradient: Bool
    ) -> UnsafePointer<Scalar> {
        guard let input = savedInput else { preconditionFailure("Dense.rBackward before forward") }
        Scalar.gemm(.transpose, .none, m: outputCount, n: inputCount, k: batchSize, alpha: 1,
                    a: rGradOutput, lda: outputCount, b: input, ldb: inputCount,
                    beta: 1, c: rGradient + weightOffset, ldc: inputCount)
        if let rInput = savedRInput {
            Scalar.gemm(.transpose, .none, m: outputCount, n: inputCount, k: batchSize, alpha: 1,
                        a: gradOutput, lda: outputCount, b: rInput, ldb: inputCount,
                        beta: 1, c: rGradient + weightOffset, ldc: inputCount)
        }
        Self.addColumnSums(of: rGradOutput, rows: batchSize, columns: outputCount, into: rGradient + biasOffset, accumulates: true)
        if needsInputGradient {
            Scalar.gemm(.none, .none, m: batchSize, n: inputCount, k: outputCount, alpha: 1,
                        a: rGradOutput, lda: outputCount, b: parameters + weightOffset, ldb: inputCount,
                        beta: 0, c: rGradInput.baseAddress, ldc: inputCount)
            Scalar.gemm(.none, .none, m: batchSize, n: inputCount, k: outputCount, alpha: 1,
                        a: gradOutput, lda: outputCount, b: direction + weightOffset, ldb: inputCount,
                        beta: 1, c: rGradInput.baseAddress, ldc: inputCount)
        }
        return UnsafePointer(rGradInput.baseAddress)
    }
}
