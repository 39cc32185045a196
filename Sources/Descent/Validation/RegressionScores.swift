/// Scores of predicted values against targets, as scikit-learn's `r2_score`, `mean_absolute_error`
/// and `root_mean_squared_error` with `multioutput="uniform_average"`: each is computed per output
/// column and the K columns are averaged.
///
/// R² of a column = 1 − Σ(ŷ − y)²/Σ(y − ȳ)²; a column whose targets are all equal has no R², and
/// R² is nil when no column has one.
public struct RegressionScores: Sendable, Equatable, Codable {
    /// Rows scored.
    public var rowCount: Int
    /// Mean over outputs of R².
    public var r2: Double?
    /// Mean over outputs of mean |ŷ − y|.
    public var mae: Double
    /// Mean over outputs of √(mean (ŷ − y)²).
    public var rmse: Double

    enum CodingKeys: String, CodingKey {
        case rowCount = "row_count", r2, mae, rmse
    }

    /// Encodes every key, nil as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rowCount, forKey: .rowCount)
        try container.encode(r2, forKey: .r2)
        try container.encode(mae, forKey: .mae)
        try container.encode(rmse, forKey: .rmse)
    }

    /// Scores of row-major n×K `predictions` against `targets` over `rows` (repeats allowed; nil:
    /// all). nil when there are no rows.
    public init?(predictions: [Double], targets: [Double], outputCount k: Int, rows: [Int]? = nil) {
        precondition(k > 0 && predictions.count == targets.count && targets.count % k == 0,
                     "RegressionScores: \(predictions.count) predictions, \(targets.count) targets, \(k) outputs")
        let selected = rows ?? Array(0..<(targets.count / k))
        guard !selected.isEmpty else { return nil }
        let n = Double(selected.count)
        var r2Sum = 0.0, r2Count = 0, maeSum = 0.0, rmseSum = 0.0
        for column in 0..<k {
            var mean = 0.0
            for row in selected { mean += targets[row * k + column] }
            mean /= n
            var squared = 0.0, absolute = 0.0, total = 0.0
            for row in selected {
                let error = predictions[row * k + column] - targets[row * k + column]
                squared += error * error
                absolute += abs(error)
                total += (targets[row * k + column] - mean) * (targets[row * k + column] - mean)
            }
            if total > 0 {
                r2Sum += 1 - squared / total
                r2Count += 1
            }
            maeSum += absolute / n
            rmseSum += (squared / n).squareRoot()
        }
        rowCount = selected.count
        r2 = r2Count == 0 ? nil : r2Sum / Double(r2Count)
        mae = maeSum / Double(k)
        rmse = rmseSum / Double(k)
    }
}
