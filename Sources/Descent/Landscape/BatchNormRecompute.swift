import Linalg

extension Network {
    /// Replaces every BatchNorm layer's running statistics by the exact statistics of its inputs
    /// over all rows of `rows`: running_mean = μ = (1/N)·Σ xᵢ and running_var = Σ(xᵢ − μ)²/(N − 1)
    /// (unbiased, as PyTorch stores; the biased one when N = 1), layer by layer, each computed with
    /// the earlier layers' statistics already replaced. This is what `torch.optim.swa_utils.update_bn`
    /// approximates with a cumulative average of batch statistics: the right statistics for weights
    /// that were never trained as they stand (an interpolated or perturbed θ).
    ///
    /// Passes run in evaluation mode (Dropout off) in chunks of `maxBatchSize`; two passes per
    /// BatchNorm layer (mean, then squared deviations). θ and `batchesTracked` are not changed.
    public func recomputeBatchNormStatistics(on rows: EvaluationSet<Scalar>) {
        precondition(rows.featureCount == inputCount, "recomputeBatchNormStatistics: \(rows.featureCount) features for \(inputCount) inputs")
        guard rows.rowCount > 0 else { return }
        for (index, layer) in layers.enumerated() {
            guard case let .batchNorm(norm) = layer else { continue }
            let f = norm.featureCount, n = Double(rows.rowCount)
            var sum = [Double](repeating: 0, count: f)
            forEachInput(ofLayer: index, rows: rows) { x, count in
                for row in 0..<count { for j in 0..<f { sum[j] += Double(x[row * f + j]) } }
            }
            let mean = sum.map { $0 / n }
            var squares = [Double](repeating: 0, count: f)
            forEachInput(ofLayer: index, rows: rows) { x, count in
                for row in 0..<count {
                    for j in 0..<f {
                        let d = Double(x[row * f + j]) - mean[j]
                        squares[j] += d * d
                    }
                }
            }
            let divisor = rows.rowCount > 1 ? n - 1 : n
            for j in 0..<f {
                norm.runningMean[j] = Scalar(mean[j])
                norm.runningVariance[j] = Scalar(squares[j] / divisor)
            }
        }
    }

    /// Calls `body` with the inputs of layer `index` (the outputs of layers 0..<index in evaluation
    /// mode) for each chunk of `rows`, and the chunk's row count.
    func forEachInput(ofLayer index: Int, rows: EvaluationSet<Scalar>, _ body: (UnsafePointer<Scalar>, Int) -> Void) {
        let theta = UnsafePointer(parameters.baseAddress)
        var start = 0
        while start < rows.rowCount {
            let count = Swift.min(maxBatchSize, rows.rowCount - start)
            var current = UnsafePointer(rows.features.baseAddress + start * inputCount)
            for layer in layers[..<index] {
                current = layer.forward(current, batchSize: count, parameters: theta, mode: .evaluation,
                                        updatesRunningStatistics: false, random: &dropoutRandom)
            }
            body(current, count)
            start += count
        }
    }
}
