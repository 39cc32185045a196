import Linalg

/// Batch normalization over the features of a row-major batch, PyTorch's `nn.BatchNorm1d`
/// (eps 1e-5, momentum 0.1, affine, tracking running statistics). Trainable γ ("K.weight") at
/// `weightOffset` and β ("K.bias") right after; buffers `runningMean`, `runningVariance`,
/// `batchesTracked` outside the flat vector.
///
/// Training: μ = mean of the batch, σ² its biased variance, s = √(σ² + eps), x̂ = (x − μ)/s,
/// y = γ·x̂ + β; then running_mean ← 0.9·running_mean + 0.1·μ and
/// running_var ← 0.9·running_var + 0.1·σ²·B/(B − 1) (the unbiased variance; with B = 1 the biased
/// one, where PyTorch refuses to train), num_batches_tracked += 1.
/// Backward: dx = (γ/s)·(dy − mean(dy) − x̂·mean(dy·x̂)), dγ = Σ dy·x̂, dβ = Σ dy.
/// Evaluation: x̂ = (x − running_mean)/√(running_var + eps), an affine map.
///
/// R-operator in both modes. Training: R{μ} = mean(R{x}), R{s} = mean(x̂·R{x}),
/// R{x̂} = (R{x} − R{μ} − x̂·R{s})/s, R{y} = v_γ·x̂ + γ·R{x̂} + v_β; backward with
/// A = mean(dy), M = mean(dy·x̂): R{dx} = R{γ/s}·(dy − A − x̂M) + (γ/s)·(R{dy} − R{A} − R{x̂}·M − x̂·R{M}),
/// R{γ/s} = v_γ/s − γ·R{s}/s², R{dγ} = Σ(R{dy}·x̂ + dy·R{x̂}), R{dβ} = Σ R{dy}.
public final class BatchNorm<Scalar: BLASScalar>: Layer {
    /// Features normalized.
    public let featureCount: Int
    public var inputCount: Int { featureCount }
    public var outputCount: Int { featureCount }
    public let maxBatchSize: Int
    /// The offset of γ in the flat vector.
    public let weightOffset: Int
    /// The offset of β (weightOffset + featureCount).
    public let biasOffset: Int
    /// ε added to the variance: 1e-5.
    public let epsilon: Double = 1e-5
    /// The running-statistics momentum: 0.1 (PyTorch's convention: new = (1 − m)·old + m·batch).
    public let momentum: Double = 0.1
    /// The running mean (buffer "K.running_mean"), starts at 0.
    public let runningMean: AlignedBuffer<Scalar>
    /// The running unbiased variance (buffer "K.running_var"), starts at 1.
    public let runningVariance: AlignedBuffer<Scalar>
    /// Training batches seen (buffer "K.num_batches_tracked").
    public var batchesTracked: Int = 0

    @usableFromInline let output: AlignedBuffer<Scalar>
    @usableFromInline let normalized: AlignedBuffer<Scalar>
    @usableFromInline let rNormalized: AlignedBuffer<Scalar>
    @usableFromInline let gradInput: AlignedBuffer<Scalar>
    @usableFromInline let rOutput: AlignedBuffer<Scalar>
    @usableFromInline let rGradInput: AlignedBuffer<Scalar>
    /// Per feature: the mean used (batch or running), 1/s, R{s}, and two sums.
    @usableFromInline let mean: AlignedBuffer<Scalar>
    @usableFromInline let inverseDeviation: AlignedBuffer<Scalar>
    @usableFromInline let rDeviation: AlignedBuffer<Scalar>
    @usableFromInline let sumA: AlignedBuffer<Scalar>
    @usableFromInline let sumB: AlignedBuffer<Scalar>
    @usableFromInline let sumC: AlignedBuffer<Scalar>
    @usableFromInline let sumD: AlignedBuffer<Scalar>
    @usableFromInline var lastMode: ForwardMode = .evaluation
    @usableFromInline var hasRInput = false

    /// A layer with γ at `parameterOffset`, workspaces for `maxBatchSize` rows.
    public init(featureCount: Int, maxBatchSize: Int, parameterOffset: Int) {
        precondition(featureCount > 0 && maxBatchSize > 0, "BatchNorm: sizes must be positive")
        self.featureCount = featureCount
        self.maxBatchSize = maxBatchSize
        weightOffset = parameterOffset
        biasOffset = parameterOffset + featureCount
        runningMean = AlignedBuffer(count: featureCount, repeating: 0)
        runningVariance = AlignedBuffer(count: featureCount, repeating: 1)
        let batchCount = maxBatchSize * featureCount
        output = AlignedBuffer(count: batchCount)
        normalized = AlignedBuffer(count: batchCount)
        rNormalized = AlignedBuffer(count: batchCount)
        gradInput = AlignedBuffer(count: batchCount)
        rOutput = AlignedBuffer(count: batchCount)
        rGradInput = AlignedBuffer(count: batchCount)
        mean = AlignedBuffer(count: featureCount)
        inverseDeviation = AlignedBuffer(count: featureCount)
        rDeviation = AlignedBuffer(count: featureCount)
        sumA = AlignedBuffer(count: featureCount)
        sumB = AlignedBuffer(count: featureCount)
        sumC = AlignedBuffer(count: featureCount)
        sumD = AlignedBuffer(count: featureCount)
    }

    /// The number of trainable scalars: 2·features (γ and β).
    public var parameterCount: Int { 2 * featureCount }

    /// Column sums of the first `batchSize` rows of `values` (× `weights` elementwise when given) into `sums`.
    @inlinable
    func columnSums(_ values: UnsafePointer<Scalar>, times weights: UnsafePointer<Scalar>?, batchSize: Int,
                    into sums: UnsafeMutablePointer<Scalar>) {
        Kernels.active.columnSums(values, times: weights, rows: batchSize, columns: featureCount, into: sums,
                                  accumulates: false)
    }

    @inlinable
    public func forward(
        _ input: UnsafePointer<Scalar>, batchSize: Int, parameters: UnsafePointer<Scalar>, mode: ForwardMode,
        updatesRunningStatistics: Bool, random: inout RandomGenerator
    ) -> UnsafePointer<Scalar> {
        lastMode = mode
        let f = featureCount
        let mu = mean.baseAddress, inv = inverseDeviation.baseAddress
        let xHat = normalized.baseAddress, y = output.baseAddress
        let gamma = parameters + weightOffset, beta = parameters + biasOffset
        let eps = Scalar(epsilon)
        if mode == .training {
            let scale = 1 / Scalar(batchSize)
            columnSums(input, times: nil, batchSize: batchSize, into: mu)
            for j in 0..<f { mu[j] *= scale }
            let variance = sumA.baseAddress
            Kernels.active.batchNormVariance(input, mean: mu, into: variance, rows: batchSize, features: f)
            for j in 0..<f {
                variance[j] *= scale
                inv[j] = 1 / (variance[j] + eps).squareRoot()
            }
            if updatesRunningStatistics {
                let m = Scalar(momentum)
                let correction = batchSize > 1 ? Scalar(batchSize) / Scalar(batchSize - 1) : 1
                for j in 0..<f {
                    runningMean[j] = (1 - m) * runningMean[j] + m * mu[j]
                    runningVariance[j] = (1 - m) * runningVariance[j] + m * variance[j] * correction
                }
                batchesTracked += 1
            }
        } else {
            for j in 0..<f {
                mu[j] = runningMean[j]
                inv[j] = 1 / (runningVariance[j] + eps).squareRoot()
            }
        }
        Kernels.active.batchNormForward(input, mean: mu, inverseDeviation: inv, gamma: gamma, beta: beta,
                                        normalized: xHat, output: y, rows: batchSize, features: f)
        return UnsafePointer(y)
    }

    @inlinable
    public func backward(
        _ gradOutput: UnsafePointer<Scalar>, batchSize: Int, parameters: UnsafePointer<Scalar>,
        gradient: UnsafeMutablePointer<Scalar>?, needsInputGradient: Bool
    ) -> UnsafePointer<Scalar> {
        let f = featureCount
        let xHat = UnsafePointer(normalized.baseAddress), inv = inverseDeviation.baseAddress
        let gamma = parameters + weightOffset
        let sumDy = sumA.baseAddress, sumDyXHat = sumB.baseAddress
        columnSums(gradOutput, times: nil, batchSize: batchSize, into: sumDy)
        columnSums(gradOutput, times: xHat, batchSize: batchSize, into: sumDyXHat)
        if let gradient {
            for j in 0..<f {
                gradient[weightOffset + j] += sumDyXHat[j]
                gradient[biasOffset + j] += sumDy[j]
            }
        }
        let dx = gradInput.baseAddress
        guard needsInputGradient else { return UnsafePointer(dx) }
        Kernels.active.batchNormBackward(gradOutput, normalized: xHat, inverseDeviation: inv, gamma: gamma, sumDy: sumDy,
                                         sumDyXHat: sumDyXHat, into: dx, rows: batchSize, features: f,
                                         scale: 1 / Scalar(batchSize), training: lastMode == .training)
        return UnsafePointer(dx)
    }

    @inlinable
    public func rForward(
        _ rInput: UnsafePointer<Scalar>?, batchSize: Int, parameters: UnsafePointer<Scalar>,
        direction: UnsafePointer<Scalar>
    ) -> UnsafePointer<Scalar>? {
        let f = featureCount
        let xHat = normalized.baseAddress, rXHat = rNormalized.baseAddress, inv = inverseDeviation.baseAddress
        let gamma = parameters + weightOffset
        let vGamma = direction + weightOffset, vBeta = direction + biasOffset
        let rS = rDeviation.baseAddress
        hasRInput = rInput != nil
        rS.update(repeating: 0, count: f)
        if let rInput {
            if lastMode == .training {
                let scale = 1 / Scalar(batchSize)
                let rMu = sumC.baseAddress
                columnSums(rInput, times: nil, batchSize: batchSize, into: rMu)
                columnSums(rInput, times: xHat, batchSize: batchSize, into: rS)
                for j in 0..<f {
                    rMu[j] *= scale
                    rS[j] *= scale
                }
                Kernels.active.batchNormRNormalize(rInput, normalized: xHat, rMean: rMu, rS: rS, inverseDeviation: inv,
                                                   into: rXHat, rows: batchSize, features: f, training: true)
            } else {
                Kernels.active.batchNormRNormalize(rInput, normalized: xHat, rMean: rS, rS: rS, inverseDeviation: inv,
                                                   into: rXHat, rows: batchSize, features: f, training: false)
            }
        } else {
            rXHat.update(repeating: 0, count: batchSize * f)
        }
        let ry = rOutput.baseAddress
        Kernels.active.batchNormRForward(normalized: xHat, rNormalized: rXHat, gamma: gamma, vGamma: vGamma, vBeta: vBeta,
                                         into: ry, rows: batchSize, features: f)
        return UnsafePointer(ry)
    }

    @inlinable
    public func rBackward(
        _ gradOutput: UnsafePointer<Scalar>, _ rGradOutput: UnsafePointer<Scalar>, batchSize: Int,
        parameters: UnsafePointer<Scalar>, direction: UnsafePointer<Scalar>,
        rGradient: UnsafeMutablePointer<Scalar>, needsInputGradient: Bool
    ) -> UnsafePointer<Scalar> {
        let f = featureCount
        let xHat = UnsafePointer(normalized.baseAddress), rXHat = UnsafePointer(rNormalized.baseAddress)
        let inv = inverseDeviation.baseAddress, rS = rDeviation.baseAddress
        let gamma = parameters + weightOffset, vGamma = direction + weightOffset
        let sumDy = sumA.baseAddress, sumDyXHat = sumB.baseAddress
        let sumRDy = sumC.baseAddress, sumRM = sumD.baseAddress
        columnSums(gradOutput, times: nil, batchSize: batchSize, into: sumDy)
        columnSums(gradOutput, times: xHat, batchSize: batchSize, into: sumDyXHat)
        columnSums(rGradOutput, times: nil, batchSize: batchSize, into: sumRDy)
        // Σ (R{dy}·x̂ + dy·R{x̂}) = R{Σ dy·x̂}: sumRM holds the first part, add the second.
        columnSums(rGradOutput, times: xHat, batchSize: batchSize, into: sumRM)
        Kernels.active.columnSums(gradOutput, times: rXHat, rows: batchSize, columns: f, into: sumRM, accumulates: true)
        for j in 0..<f {
            rGradient[weightOffset + j] += sumRM[j]
            rGradient[biasOffset + j] += sumRDy[j]
        }
        let rdx = rGradInput.baseAddress
        guard needsInputGradient else { return UnsafePointer(rdx) }
        // Training: a = Σdy/B, m = Σdy·x̂/B and their R-values; R{γ/s} = v_γ·inv − γ·R{s}·inv²;
        // R{dx} = R{γ/s}·(dy − a − x̂·m) + γ·inv·(R{dy} − R{a} − R{x̂}·m − x̂·R{m}).
        // Evaluation: R{dx} = (γ·R{dy} + v_γ·dy)·inv.
        let sums = Kernels.BatchNormRSums(sumDy: UnsafePointer(sumDy), sumDyXHat: UnsafePointer(sumDyXHat),
                                          sumRDy: UnsafePointer(sumRDy), sumRM: UnsafePointer(sumRM))
        Kernels.active.batchNormRBackward(dy: gradOutput, rdy: rGradOutput, normalized: xHat, rNormalized: rXHat,
                                          inverseDeviation: inv, rS: rS, gamma: gamma, vGamma: vGamma, sums: sums,
                                          into: rdx, rows: batchSize, features: f, scale: 1 / Scalar(batchSize),
                                          training: lastMode == .training)
        return UnsafePointer(rdx)
    }
}
