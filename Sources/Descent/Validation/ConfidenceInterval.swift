import Foundation

/// A two-sided confidence interval [lower, upper] at `level`, with how it was made.
public struct ConfidenceInterval: Sendable, Equatable, Codable {
    /// How an interval was computed.
    public enum Method: String, Sendable, Codable {
        /// Wilson's score interval for a proportion.
        case wilson
        /// The percentile interval of a seeded bootstrap over rows.
        case bootstrap
        /// mean ± t·s/√n over folds or seeds.
        case studentT = "student_t"
    }

    /// The lower end.
    public var lower: Double
    /// The upper end.
    public var upper: Double
    /// The confidence level, e.g. 0.95.
    public var level: Double
    /// How it was computed.
    public var method: Method

    /// An interval from its fields.
    public init(lower: Double, upper: Double, level: Double, method: Method) {
        self.lower = lower
        self.upper = upper
        self.level = level
        self.method = method
    }

    /// Whether `value` lies in [lower, upper].
    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }

    /// Wilson's score interval for k successes in n trials (Wilson 1927), at the normal quantile
    /// z of `level` (1.959963984540054 for 95%): with p̂ = k/n,
    ///
    ///     centre = (p̂ + z²/2n) / (1 + z²/n),   half = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
    ///
    /// It stays inside [0, 1] and is not degenerate at k = 0 or k = n (where the normal-approximation
    /// interval collapses to a point). nil for n = 0 or k outside 0…n.
    public static func wilson(successes k: Int, trials n: Int, level: Double = 0.95) -> ConfidenceInterval? {
        guard n > 0, k >= 0, k <= n, level > 0, level < 1 else { return nil }
        let z = NormalDistribution.quantile(0.5 + level / 2)
        let nn = Double(n), p = Double(k) / nn, z2 = z * z
        let denominator = 1 + z2 / nn
        let centre = (p + z2 / (2 * nn)) / denominator
        let half = z / denominator * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot()
        // Exact ends at k = 0 and k = n (the formula gives them up to rounding).
        let lower = k == 0 ? 0 : max(0, centre - half), upper = k == n ? 1 : min(1, centre + half)
        return ConfidenceInterval(lower: lower, upper: upper, level: level, method: .wilson)
    }
}

/// The standard normal distribution's quantile function.
public enum NormalDistribution {
    /// Φ⁻¹(p) for p in (0, 1), by Acklam's rational approximation (relative error < 1.2e-9) and
    /// one Halley step on erfc, which brings it to about 1e-15. ±∞ at 0 and 1; NaN outside.
    public static func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p == 0 ? -.infinity : (p == 1 ? .infinity : .nan) }
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                 -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                 -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low || p > 1 - low {
            let q = (-2 * log(p < low ? p : 1 - p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
            if p > 1 - low { x = -x }
        } else {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        }
        let e = 0.5 * erfc(-x / 2.squareRoot()) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        return x - u / (1 + x * u / 2)
    }

    /// Φ(x) = erfc(−x/√2)/2.
    public static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.squareRoot()) }
}
