import Foundation

/// "Nice" tick values: multiples of 1, 2 or 5 times a power of ten on linear axes, powers of ten
/// (and 2×, 5× within a narrow range) on logarithmic axes.
public enum NiceTicks {
    /// The nice step (1, 2 or 5 × 10ᵏ) closest above `span / targetCount`.
    ///
    /// A zero or non-finite span gives 1.
    public static func step(span: Double, targetCount: Int = 5) -> Double {
        guard span.isFinite, span > 0 else { return 1 }
        let rough = span / Double(max(targetCount, 1))
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let fraction = rough / magnitude
        let tolerance = 1 + 1e-9
        let nice: Double
        if fraction <= 1 * tolerance { nice = 1 }
        else if fraction <= 2 * tolerance { nice = 2 }
        else if fraction <= 5 * tolerance { nice = 5 }
        else { nice = 10 }
        return nice * magnitude
    }

    /// The multiples of `step` inside `[lower, upper]`, computed as `i * step` (no drift).
    public static func multiples(of step: Double, from lower: Double, to upper: Double) -> [Double] {
        guard step > 0, lower.isFinite, upper.isFinite, lower <= upper else { return [] }
        let first = (lower / step - 1e-9).rounded(.up)
        let last = (upper / step + 1e-9).rounded(.down)
        guard last >= first, last - first < 10_000 else { return [] }
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// Nice linear ticks for data in `[lower, upper]`, about `targetCount` intervals; the ticks
    /// cover the domain returned by ``linearDomain(lower:upper:targetCount:)``.
    public static func linear(lower: Double, upper: Double, targetCount: Int = 5) -> [Double] {
        let (domain, step) = linearLayout(lower: lower, upper: upper, targetCount: targetCount)
        return multiples(of: step, from: domain.lowerBound, to: domain.upperBound)
    }

    /// The data range widened outward to the nearest multiples of the nice step, so the axis
    /// starts and ends on a tick. A single value `v` first widens to `v ± |v|/10` (`±1` at zero).
    public static func linearDomain(lower: Double, upper: Double, targetCount: Int = 5) -> ClosedRange<Double> {
        linearLayout(lower: lower, upper: upper, targetCount: targetCount).domain
    }

    /// The widened domain and the step it was rounded to; ticks use this same step (recomputing it
    /// from the widened span could pick a coarser one).
    static func linearLayout(lower: Double, upper: Double, targetCount: Int) -> (domain: ClosedRange<Double>, step: Double) {
        var low = min(lower, upper), high = max(lower, upper)
        if !low.isFinite || !high.isFinite { low = 0; high = 1 }
        if high - low <= abs(high) * 1e-12 {
            let pad = abs(low) > 0 ? abs(low) / 10 : 1
            low -= pad
            high += pad
        }
        let step = step(span: high - low, targetCount: targetCount)
        let start = (low / step + 1e-9).rounded(.down) * step
        let end = (high / step - 1e-9).rounded(.up) * step
        return (start...end, step)
    }

    /// The logarithmic domain: whole decades around the positive range `[lower, upper]`.
    /// Non-positive or non-finite bounds fall back to `[1, 10]`.
    public static func logDomain(lower: Double, upper: Double) -> ClosedRange<Double> {
        guard lower > 0, upper > 0, lower.isFinite, upper.isFinite else { return 1...10 }
        let low = (log10(min(lower, upper)) + 1e-9).rounded(.down)
        let high = max((log10(max(lower, upper)) - 1e-9).rounded(.up), low + 1)
        return pow(10, low)...pow(10, high)
    }

    /// Ticks on a log10 axis over `[lower, upper]` (both positive): powers of ten, every k-th decade
    /// when there are more than `maxCount`; with fewer than three decades, also 2× and 5× values.
    public static func logarithmic(lower: Double, upper: Double, maxCount: Int = 8) -> [Double] {
        guard lower > 0, upper > lower, lower.isFinite, upper.isFinite else { return [] }
        let first = (log10(lower) - 1e-9).rounded(.up)
        let last = (log10(upper) + 1e-9).rounded(.down)
        let decades = last >= first ? Int(last - first) + 1 : 0
        if decades < 3 {
            let decadeStart = (log10(lower) + 1e-9).rounded(.down)
            var ticks: [Double] = []
            for exponent in stride(from: decadeStart, through: last, by: 1) {
                let decade: Double = pow(10, exponent)
                for multiplier in [1.0, 2.0, 5.0] {
                    let tick = multiplier * decade
                    if tick >= lower * (1 - 1e-9) && tick <= upper * (1 + 1e-9) { ticks.append(tick) }
                }
            }
            return ticks
        }
        let stride = Int((Double(decades) / Double(max(maxCount, 1))).rounded(.up))
        return Swift.stride(from: Int(first), through: Int(last), by: max(stride, 1)).map { pow(10, Double($0)) }
    }
}
