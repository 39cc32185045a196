import Linalg

/// Seeded percentile bootstrap over rows (Efron 1979): resample the n rows with replacement B
/// times, compute the statistic on each resample, and take the (1 − level)/2 and (1 + level)/2
/// quantiles of the B values (linear interpolation between order statistics, numpy's default
/// "linear" method). Same seed, same interval, byte for byte.
public struct Bootstrap: Sendable, Equatable {
    /// B, the number of resamples (1000 by default; 0 turns the bootstrap off).
    public var resamples: Int
    /// The interval's confidence level (0.95).
    public var level: Double
    /// The seed of the resampling stream.
    public var seed: UInt64

    /// A bootstrap of `resamples` resamples at `level`, seeded.
    public init(resamples: Int = 1000, level: Double = 0.95, seed: UInt64 = 0) {
        self.resamples = resamples
        self.level = level
        self.seed = seed
    }

    /// Checks B ≥ 0 (and ≤ 1 000 000) and 0 < level < 1.
    public func validate() throws(EvaluationError) {
        guard resamples >= 0, resamples <= 1_000_000 else {
            throw .invalidArgument(name: "bootstrap resamples", message: "must be in 0…1000000, got \(resamples)")
        }
        guard level > 0, level < 1 else {
            throw .invalidArgument(name: "confidence level", message: "must be in (0, 1), got \(level)")
        }
    }

    /// The percentile interval of `statistic` over resamples of `rowCount` rows. `statistic`
    /// receives the resampled row indices (length n, with repeats; the buffer is reused) and
    /// returns nil when undefined on that resample (e.g. an AUC with one class): such resamples are
    /// skipped. nil when B = 0, n = 0, or fewer than half the resamples gave a value.
    public func interval(rowCount n: Int, statistic: ([Int]) -> Double?) -> ConfidenceInterval? {
        guard resamples > 0, n > 0, level > 0, level < 1 else { return nil }
        var random = RandomGenerator(seed: seed)
        var indices = [Int](repeating: 0, count: n)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for position in 0..<n { indices[position] = random.uniformInt(below: n) }
            if let value = statistic(indices), value.isFinite { values.append(value) }
        }
        guard values.count * 2 >= resamples else { return nil }
        values.sort()
        let alpha = (1 - level) / 2
        return ConfidenceInterval(lower: Self.quantile(ofSorted: values, alpha), upper: Self.quantile(ofSorted: values, 1 - alpha),
                                  level: level, method: .bootstrap)
    }

    /// The percentile intervals of several statistics from one set of resamples: `statistics`
    /// returns one value per statistic (nil: undefined on that resample) and is called once per
    /// resample, so expensive shared work (a model's scores) is done once. Each interval is nil as
    /// in `interval(rowCount:statistic:)`.
    public func intervals(rowCount n: Int, count: Int, statistics: ([Int]) -> [Double?]) -> [ConfidenceInterval?] {
        guard resamples > 0, n > 0, level > 0, level < 1 else { return Array(repeating: nil, count: count) }
        var random = RandomGenerator(seed: seed)
        var indices = [Int](repeating: 0, count: n)
        var values = [[Double]](repeating: [], count: count)
        for _ in 0..<resamples {
            for position in 0..<n { indices[position] = random.uniformInt(below: n) }
            for (index, value) in statistics(indices).prefix(count).enumerated() {
                if let value, value.isFinite { values[index].append(value) }
            }
        }
        let alpha = (1 - level) / 2
        return values.map { list in
            guard list.count * 2 >= resamples else { return nil }
            let sorted = list.sorted()
            return ConfidenceInterval(lower: Self.quantile(ofSorted: sorted, alpha), upper: Self.quantile(ofSorted: sorted, 1 - alpha),
                                      level: level, method: .bootstrap)
        }
    }

    /// The q-quantile of ascending `values` by linear interpolation at position q·(n − 1) (numpy's
    /// `np.quantile(..., method="linear")`, R's type 7).
    public static func quantile(ofSorted values: [Double], _ q: Double) -> Double {
        precondition(!values.isEmpty, "quantile of no values")
        let position = q * Double(values.count - 1)
        let below = Int(position.rounded(.down)), above = min(below + 1, values.count - 1)
        let fraction = position - Double(below)
        return values[below] + (values[above] - values[below]) * fraction
    }
}
