/// One score over the K folds of a cross-validation (or the seeds of a race): the values, their
/// mean, sample standard deviation and the standard error of the mean, s/√K.
public struct FoldStatistics: Sendable, Equatable, Codable {
    /// The per-fold values, in fold order (non-finite ones included as they came).
    public var values: [Double]
    /// The mean of the finite values (NaN when none).
    public var mean: Double
    /// √(Σ(x − mean)²/(K − 1)); 0 for one value.
    public var standardDeviation: Double
    /// s/√K.
    public var standardError: Double

    enum CodingKeys: String, CodingKey {
        case values, mean, standardDeviation = "standard_deviation", standardError = "standard_error"
    }

    /// The statistics of `values` (the finite ones).
    public init(_ values: [Double]) {
        self.values = values
        let finite = values.filter(\.isFinite)
        let n = Double(finite.count)
        mean = finite.isEmpty ? .nan : finite.reduce(0, +) / n
        let mean = self.mean
        standardDeviation = finite.count > 1 ? (finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot() : 0
        standardError = finite.isEmpty ? .nan : standardDeviation / n.squareRoot()
    }

    /// Encodes every key; a value that is not finite (no fold defined the metric) as null, since
    /// JSON has no NaN or ∞.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(values.map { $0.isFinite ? $0 : nil }, forKey: .values)
        try container.encodeMetric(mean, forKey: .mean)
        try container.encodeMetric(standardDeviation, forKey: .standardDeviation)
        try container.encodeMetric(standardError, forKey: .standardError)
    }

    /// Decodes what `encode(to:)` wrote (null as NaN).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        values = try container.decode([Double?].self, forKey: .values).map { $0 ?? .nan }
        mean = try container.decodeMetric(.mean) ?? .nan
        standardDeviation = try container.decodeMetric(.standardDeviation) ?? .nan
        standardError = try container.decodeMetric(.standardError) ?? .nan
    }
}

/// The one-standard-error rule (Breiman et al. 1984; Hastie, Tibshirani & Friedman, ESL §7.10):
/// among candidates scored by cross-validation, those whose mean is within one standard error of
/// the best mean are statistically tied with it, and the simplest of them may be chosen.
public enum OneStandardError {
    /// Which way a score improves.
    public enum Direction: String, Sendable, Codable {
        /// Accuracy, F1, AUC, R².
        case higherIsBetter = "higher_is_better"
        /// Loss, RMSE.
        case lowerIsBetter = "lower_is_better"
    }

    /// The index of the best mean (the first of equals; non-finite means never win) and, for each
    /// candidate, whether its mean lies within the best one's standard error of it:
    /// mean ≥ best − SE_best (or ≤ best + SE_best when lower is better). nil for no finite mean.
    public static func ties(_ scores: [FoldStatistics], direction: Direction) -> (best: Int, tied: [Bool])? {
        var found: Int?
        for index in scores.indices where scores[index].mean.isFinite {
            if let current = found, !better(scores[index].mean, than: scores[current].mean, direction) { continue }
            found = index
        }
        guard let best = found else { return nil }
        let bound = scores[best].standardError.isFinite ? scores[best].standardError : 0
        let tied = scores.map { score -> Bool in
            guard score.mean.isFinite else { return false }
            return direction == .higherIsBetter ? score.mean >= scores[best].mean - bound : score.mean <= scores[best].mean + bound
        }
        return (best, tied)
    }

    /// The tied candidate with the smallest (`preferLarger` false) or largest parameter value —
    /// e.g. the fewest hidden units, the strongest weight decay; equal values go to the better mean.
    public static func choose(_ scores: [FoldStatistics], parameterValues: [Double], preferLarger: Bool,
                              direction: Direction) -> Int? {
        precondition(scores.count == parameterValues.count, "OneStandardError.choose: one parameter value per candidate")
        guard let (best, tied) = ties(scores, direction: direction) else { return nil }
        var chosen = best
        for index in scores.indices where tied[index] {
            let value = parameterValues[index], current = parameterValues[chosen]
            let simpler = preferLarger ? value > current : value < current
            if simpler || (value == current && better(scores[index].mean, than: scores[chosen].mean, direction)) { chosen = index }
        }
        return chosen
    }

    static func better(_ a: Double, than b: Double, _ direction: Direction) -> Bool {
        direction == .higherIsBetter ? a > b : a < b
    }
}
