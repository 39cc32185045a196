import Dispatch

/// Timing for `descent bench`: a monotonic clock, and samples summarized by their median and minimum.
enum BenchClock {
    /// Nanoseconds on the monotonic clock (`DispatchTime`, CLOCK_MONOTONIC on Linux).
    @inline(__always)
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Seconds `body` takes when run `repetitions` times, divided by `repetitions`.
    @inline(__always)
    static func seconds(repetitions: Int, _ body: () -> Void) -> Double {
        let start = now()
        for _ in 0..<repetitions { body() }
        return Double(now() - start) / 1e9 / Double(repetitions)
    }

    /// How many repetitions of an operation taking `seconds` make one sample of at least `minimum`
    /// seconds (so that short operations are not timed one call at a time).
    static func repetitions(for seconds: Double, minimum: Double) -> Int {
        max(1, Int((minimum / max(seconds, 1e-9)).rounded(.up)))
    }
}

/// Several timings of one operation.
struct BenchSamples {
    /// Seconds per operation, one entry per sample.
    var seconds: [Double] = []

    /// The median sample (the figure reported and used in ratios: robust to a busy machine).
    var median: Double {
        let sorted = seconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The fastest sample (best-of-N).
    var minimum: Double { seconds.min() ?? .nan }
}
