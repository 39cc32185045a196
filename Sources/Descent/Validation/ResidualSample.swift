/// The residuals of a regression, for the residual plot: per scored row (all of them up to
/// `limit`, else `limit` rows evenly spaced through the scored order) the prediction ŷ and the
/// residual r = y − ŷ (observed minus predicted, as statsmodels and scikit-learn's
/// `PredictionErrorDisplay` draw them), one entry per output column.
///
/// A residual plot shows what a single RMSE hides: a funnel (variance growing with ŷ), a curve
/// (a trend the model missed), a few outliers carrying the error.
public struct ResidualSample: Sendable, Equatable, Codable {
    /// Rows scored (the sample holds min(rowCount, limit) of them).
    public var rowCount: Int
    /// K, the output columns.
    public var outputCount: Int
    /// The positions, among the scored rows, of the rows sampled (ascending).
    public var rows: [Int]
    /// ŷ, row-major rows.count × K.
    public var predictions: [Double]
    /// y − ŷ, row-major rows.count × K.
    public var residuals: [Double]

    enum CodingKeys: String, CodingKey {
        case rowCount = "row_count", outputCount = "output_count", rows, predictions, residuals
    }

    /// Encodes every key; a non-finite ŷ or residual (a model that overflowed) as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rowCount, forKey: .rowCount)
        try container.encode(outputCount, forKey: .outputCount)
        try container.encode(rows, forKey: .rows)
        try container.encode(predictions.map { $0.isFinite ? $0 : nil }, forKey: .predictions)
        try container.encode(residuals.map { $0.isFinite ? $0 : nil }, forKey: .residuals)
    }

    /// Decodes what `encode(to:)` wrote, null as NaN.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rowCount = try container.decode(Int.self, forKey: .rowCount)
        outputCount = try container.decode(Int.self, forKey: .outputCount)
        rows = try container.decode([Int].self, forKey: .rows)
        predictions = try container.decode([Double?].self, forKey: .predictions).map { $0 ?? .nan }
        residuals = try container.decode([Double?].self, forKey: .residuals).map { $0 ?? .nan }
    }

    /// The sample of row-major n×K `predictions` against `targets`: row ⌊i·n/limit⌋ for
    /// i = 0..<limit when n > `limit`, else every row. nil when there are no rows.
    public init?(predictions: [Double], targets: [Double], outputCount k: Int, limit: Int = 2_000) {
        precondition(k > 0 && predictions.count == targets.count && targets.count % k == 0 && limit > 0,
                     "ResidualSample: \(predictions.count) predictions, \(targets.count) targets, \(k) outputs, limit \(limit)")
        let n = targets.count / k
        guard n > 0 else { return nil }
        rowCount = n
        outputCount = k
        rows = n <= limit ? Array(0..<n) : (0..<limit).map { $0 * n / limit }
        var sampled: [Double] = [], residuals: [Double] = []
        sampled.reserveCapacity(rows.count * k)
        residuals.reserveCapacity(rows.count * k)
        for row in rows {
            for column in 0..<k {
                let index = row * k + column
                sampled.append(predictions[index])
                residuals.append(targets[index] - predictions[index])
            }
        }
        self.predictions = sampled
        self.residuals = residuals
    }
}
