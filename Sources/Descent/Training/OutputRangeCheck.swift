import Linalg

extension Network {
    /// The rows of `set` whose outputs are not all finite (inputs too large for the weights:
    /// 1e308 times a weight overflows), in order; one pass in batches of `maxBatchSize`.
    public func rowsWithNonFiniteOutput(_ set: EvaluationSet<Scalar>) -> [Int] {
        let outputs = AlignedBuffer<Scalar>(count: maxBatchSize * outputCount)
        var result: [Int] = []
        var start = 0
        while start < set.rowCount {
            let count = min(maxBatchSize, set.rowCount - start)
            predict(inputs: UnsafeBufferPointer(start: set.features.baseAddress + start * set.featureCount, count: count * set.featureCount),
                    batchSize: count, into: outputs.buffer)
            for row in 0..<count where (0..<outputCount).contains(where: { !outputs[row * outputCount + $0].isFinite }) {
                result.append(start + row)
            }
            start += count
        }
        return result
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

extension ScoringRows {
    /// Moves every scored row whose outputs under `network` are not all finite to `unscored`
    /// (reason `outOfRange`, naming the row's largest feature); call after `standardize(with:)`.
    public mutating func removeRowsWithNonFiniteOutput<Scalar: BLASScalar>(_ network: Network<Scalar>) {
        let bad = network.rowsWithNonFiniteOutput(EvaluationSet<Scalar>(dataset: dataset))
        guard !bad.isEmpty else { return }
        let moved = bad.map { position in
            UnscoredRow(row: inputRows[position], location: SourceLocation(file: dataset.source, line: dataset.sourceLines[position]),
                        columnName: dataset.largestFeatureName(row: position), reason: .outOfRange)
        }
        let badSet = Set(bad)
        let kept = (0..<dataset.rowCount).filter { !badSet.contains($0) }
        dataset = dataset.subset(kept)
        inputRows = kept.map { inputRows[$0] }
        unscored = (unscored + moved).sorted { $0.row < $1.row }
    }
}
