extension Standardizer {
    /// Throws `DataError.nonFiniteStatistic` when a fitted mean μⱼ or scale σⱼ is not finite (the
    /// values of a column are too large to add up, or to square, in Double: 1e200 squared
    /// overflows), naming the column and the row: the first of `rows` at which the running sum
    /// Σxᵢⱼ stops being finite, or else (Σ(xᵢⱼ − μⱼ)² overflowed) the row of the largest |xᵢⱼ|.
    public func checkFinite(fittingRows rows: [Int], of dataset: Dataset) throws(DataError) {
        let width = dataset.featureCount
        guard means.count == width else { return }
        for column in 0..<width where !means[column].isFinite || !scales[column].isFinite {
            let row = Self.overflowRow(rows: rows, column: column, of: dataset.features, width: width)
            let line = rows.isEmpty ? 1 : dataset.sourceLines[row]
            let statistic = means[column].isFinite ? "standard deviation" : "mean"
            throw .nonFiniteStatistic(SourceLocation(file: dataset.source, line: line), columnName: dataset.featureNames[column],
                                      statistic: statistic)
        }
    }

    /// The row at which Σx first overflows, else the row of the largest |x|.
    static func overflowRow(rows: [Int], column: Int, of features: [Double], width: Int) -> Int {
        var sum = 0.0
        for row in rows {
            sum += features[row * width + column]
            if !sum.isFinite { return row }
        }
        // The squares overflow: the value farthest from zero is the one to look at.
        return rows.max { abs(features[$0 * width + column]) < abs(features[$1 * width + column]) } ?? 0
    }
}
