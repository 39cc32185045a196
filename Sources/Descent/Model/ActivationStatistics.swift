import Linalg

/// Statistics of one layer's outputs over a batch: the initialization diagnostic of the lecture
/// (activations that shrink toward 0 or saturate layer after layer signal a bad initialization).
public struct ActivationStatistics: Sendable, Equatable {
    /// The module's index in the Sequential.
    public var layerIndex: Int
    /// The module's PyTorch name ("Linear", "ReLU", …).
    public var moduleName: String
    /// The mean of all batchSize × width outputs.
    public var mean: Double
    /// Their population standard deviation √(mean(y²) − mean(y)²).
    public var standardDeviation: Double
    /// The fraction of outputs exactly equal to 0 (dead ReLUs).
    public var zeroFraction: Double
}

extension Network {
    /// Runs one forward pass (no running-statistics update) and returns the statistics of every
    /// layer's output, in order. Allocates its result: a diagnostic, not a hot path.
    public func activationStatistics(inputs: UnsafeBufferPointer<Scalar>, batchSize: Int,
                                     mode: ForwardMode = .evaluation) -> [ActivationStatistics] {
        checkBatch(inputs, batchSize: batchSize)
        let theta = UnsafePointer(parameters.baseAddress)
        var current = inputs.baseAddress!
        var result: [ActivationStatistics] = []
        for (index, layer) in layers.enumerated() {
            current = layer.forward(current, batchSize: batchSize, parameters: theta, mode: mode,
                                    updatesRunningStatistics: false, random: &dropoutRandom)
            let count = batchSize * layer.layer.outputCount
            var sum = 0.0, sumSquares = 0.0, zeros = 0
            for position in 0..<count {
                let value = Double(current[position])
                sum += value
                sumSquares += value * value
                if value == 0 { zeros += 1 }
            }
            let mean = sum / Double(count)
            let variance = max(0, sumSquares / Double(count) - mean * mean)
            result.append(ActivationStatistics(layerIndex: index, moduleName: layer.moduleName, mean: mean,
                                               standardDeviation: variance.squareRoot(),
                                               zeroFraction: Double(zeros) / Double(count)))
        }
        return result
    }
}
