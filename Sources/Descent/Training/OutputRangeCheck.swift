import Linalg

extension Network {
    /// The first row of `set` whose outputs are not all finite (inputs too large for the weights:
    /// 1e308 times a weight overflows), nil when every row's are; runs in batches of `maxBatchSize`.
    public func firstRowWithNonFiniteOutput(_ set: EvaluationSet<Scalar>) -> Int? {
        let outputs = AlignedBuffer<Scalar>(count: maxBatchSize * outputCount)
        var start = 0
        while start < set.rowCount {
            let count = min(maxBatchSize, set.rowCount - start)
            predict(inputs: UnsafeBufferPointer(start: set.features.baseAddress + start * set.featureCount, count: count * set.featureCount),
                    batchSize: count, into: outputs.buffer)
            for row in 0..<count where (0..<outputCount).contains(where: { !outputs[row * outputCount + $0].isFinite }) {
                return start + row
            }
            start += count
        }
        return nil
    }
}

extension Dataset {
    /// The name of the feature of row `row` with the largest magnitude (the likely culprit of an overflow).
    public func largestFeatureName(row: Int) -> String {
        let width = featureCount
        let feature = (0..<width).max { abs(features[row * width + $0]) < abs(features[row * width + $1]) } ?? 0
        return width > 0 ? featureNames[feature] : ""
    }
}
