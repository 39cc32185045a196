extension Standardizer {
    /// The first feature of row `row` of `dataset` whose value is not finite once standardized,
    /// (x − μ)/σ: a value so large that the model cannot take it (−1e308 over a scale below 1).
    public func nonFiniteFeature(row: Int, of dataset: Dataset) -> Int? {
        let width = dataset.featureCount
        guard means.count == width else { return nil }
        for feature in 0..<width {
            let value = dataset.features[row * width + feature]
            if !(mode == .none ? value : (value - means[feature]) / scales[feature]).isFinite { return feature }
        }
        return nil
    }

    /// Applies the standardization to `dataset`, throwing `DataError.valueOutOfRange` at the first
    /// value that does not stay finite.
    public func applyChecked(to dataset: inout Dataset) throws(DataError) {
        for row in 0..<dataset.rowCount {
            if let feature = nonFiniteFeature(row: row, of: dataset) {
                throw .valueOutOfRange(SourceLocation(file: dataset.source, line: dataset.sourceLines[row]),
                                       columnName: dataset.featureNames[feature])
            }
        }
        apply(to: &dataset)
    }
}

extension ScoringRows {
    /// Applies `standardizer` to the scored rows; a row with a value that does not stay finite is
    /// moved to `unscored` (reason `outOfRange`), keeping file order.
    public mutating func standardize(with standardizer: Standardizer) {
        var kept: [Int] = []
        var moved: [UnscoredRow] = []
        for position in 0..<dataset.rowCount {
            if let feature = standardizer.nonFiniteFeature(row: position, of: dataset) {
                moved.append(UnscoredRow(row: inputRows[position],
                                         location: SourceLocation(file: dataset.source, line: dataset.sourceLines[position]),
                                         columnName: dataset.featureNames[feature], reason: .outOfRange))
            } else {
                kept.append(position)
            }
        }
        if !moved.isEmpty {
            dataset = dataset.subset(kept)
            inputRows = kept.map { inputRows[$0] }
            unscored = (unscored + moved).sorted { $0.row < $1.row }
        }
        standardizer.apply(to: &dataset)
    }
}
