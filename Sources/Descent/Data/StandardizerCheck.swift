extension Standardizer {
    /// Throws `DataError.nonFiniteStatistic` when a fitted mean μⱼ or scale σⱼ is not finite (the
    /// values of a column are too large to add up, or to square, in Double: 1e200 squared
    /// overflows), naming the column and the first of `rows` at which the running sum Σxᵢⱼ, or
    /// else Σ(xᵢⱼ − μⱼ)², stops being finite.
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

    /// The row at which Σx, or else Σ(x − x̄)², first overflows; the last row when neither does.
    static func overflowRow(rows: [Int], column: Int, of features: [Double], width: Int) -> Int {
        var sum = 0.0
        for row in rows {
            sum += features[row * width + column]
            if !sum.isFinite { return row }
        }
        let mean = sum / Double(max(rows.count, 1))
        var squares = 0.0
        for row in rows {
            let deviation = features[row * width + column] - mean
            squares += deviation * deviation
            if !squares.isFinite { return row }
        }
        return rows.last ?? 0
    }
}
