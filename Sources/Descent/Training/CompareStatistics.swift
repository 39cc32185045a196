/// Mean, spread and extremes of one quantity over the seeds of a race.
public struct SeedSummary: Sendable, Equatable {
    /// How many finite values went in.
    public var count: Int
    /// Arithmetic mean.
    public var mean: Double
    /// Sample standard deviation √(Σ(x − mean)²/(n − 1)); 0 for a single value.
    public var standardDeviation: Double
    /// Median (the mean of the two middle values for an even count).
    public var median: Double
    /// Smallest value.
    public var minimum: Double
    /// Largest value.
    public var maximum: Double

    /// A summary from its fields.
    public init(count: Int, mean: Double, standardDeviation: Double, median: Double, minimum: Double, maximum: Double) {
        self.count = count
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.median = median
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The summary of the finite entries of `values`; nil when there are none (every run diverged).
    public init?(_ values: [Double]) {
        let finite = values.filter(\.isFinite).sorted()
        guard !finite.isEmpty else { return nil }
        let n = Double(finite.count)
        let mean = finite.reduce(0, +) / n
        let squares = finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        self.init(count: finite.count, mean: mean,
                  standardDeviation: finite.count > 1 ? (squares / (n - 1)).squareRoot() : 0,
                  median: Self.median(ofSorted: finite), minimum: finite[0], maximum: finite[finite.count - 1])
    }

    /// The median of an ascending, non-empty array.
    static func median(ofSorted values: [Double]) -> Double {
        let middle = values.count / 2
        return values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
    }
}

/// The statistics `descent compare` reports: curves summarized across seeds, and when a run first
/// reached a target loss.
public enum CompareStatistics {
    /// Median, minimum and maximum at each index over curves that may differ in length (a diverged
    /// run stops early): index i summarizes the finite values of the curves that reach i. The result
    /// is as long as the longest curve; an index with no finite value gets NaN.
    public static func band(_ curves: [[Double]]) -> (median: [Double], lower: [Double], upper: [Double]) {
        let length = curves.map(\.count).max() ?? 0
        var median: [Double] = [], lower: [Double] = [], upper: [Double] = []
        for index in 0..<length {
            let summary = SeedSummary(curves.compactMap { index < $0.count ? $0[index] : nil })
            median.append(summary?.median ?? .nan)
            lower.append(summary?.minimum ?? .nan)
            upper.append(summary?.maximum ?? .nan)
        }
        return (median, lower, upper)
    }

    /// The first epoch whose training loss is at or below `target`, with the training seconds spent
    /// up to the end of it; nil when no epoch of `history` got there. Epoch 0 (the initial weights)
    /// counts when the history has it.
    public static func firstReach(of target: Double, in history: TrainingHistory) -> (epoch: Int, seconds: Double)? {
        var seconds = 0.0
        for record in history.records {
            seconds += record.seconds
            if record.trainLoss <= target { return (record.epoch, seconds) }
        }
        return nil
    }
}
