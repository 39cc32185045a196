/// A paired comparison of two methods over the same seeds (or folds): the paired t-test on the
/// differences dᵢ = aᵢ − bᵢ, as `scipy.stats.ttest_rel(a, b)`:
///
///     t = d̄ / (s_d/√n),  ν = n − 1,  p = P(|T_ν| ≥ |t|)
///
/// with s_d the sample standard deviation of d. The pair is "within the seed-to-seed spread" when
/// p ≥ α (0.05). With s_d = 0 the test is degenerate: p = 1 when every dᵢ = 0, else 0.
public struct PairedTest: Sendable, Equatable, Codable {
    /// The test's name, for reports: "paired_t", or "corrected_resampled_t" over CV folds.
    public var test: String
    /// n, the pairs used (pairs with a non-finite member are dropped).
    public var count: Int
    /// d̄.
    public var meanDifference: Double
    /// s_d/√n (s_d·√(1/n + n₂/n₁) for the corrected test).
    public var standardError: Double
    /// The t statistic (±∞ when s_d = 0 and d̄ ≠ 0; 0 when both are 0).
    public var statistic: Double
    /// ν = n − 1.
    public var degreesOfFreedom: Int
    /// The two-sided p-value.
    public var pValue: Double
    /// The 95% interval of the mean difference, d̄ ± t₀.₉₇₅,ν·s_d/√n.
    public var interval: ConfidenceInterval

    enum CodingKeys: String, CodingKey {
        case test, count, meanDifference = "mean_difference", standardError = "standard_error", statistic
        case degreesOfFreedom = "degrees_of_freedom", pValue = "p_value", interval
    }

    /// The test of paired samples `a` and `b` (same length); nil with fewer than 2 finite pairs.
    public init?(_ a: [Double], _ b: [Double]) {
        self.init(a, b, test: "paired_t", extraVarianceFactor: 0)
    }

    /// Nadeau and Bengio's corrected resampled t-test (Machine Learning 52, 2003; Bouckaert and
    /// Frank 2004 for k-fold CV) of scores `a` and `b` on the same K folds: the folds' training
    /// sets overlap, so the differences are correlated and the plain paired t is too confident.
    /// The variance of d̄ becomes (1/K + n₂/n₁)·s_d² instead of s_d²/K, n₂/n₁ the ratio of scored
    /// to training rows (1/(K − 1) for equal folds); ν = K − 1. Named "corrected_resampled_t".
    public static func correctedResampled(_ a: [Double], _ b: [Double], testToTrainingRatio ratio: Double) -> PairedTest? {
        PairedTest(a, b, test: "corrected_resampled_t", extraVarianceFactor: ratio)
    }

    /// The test with standard error s_d·√(1/n + `extraVarianceFactor`).
    init?(_ a: [Double], _ b: [Double], test: String, extraVarianceFactor: Double) {
        precondition(a.count == b.count, "PairedTest: \(a.count) and \(b.count) values")
        let differences = zip(a, b).filter { $0.0.isFinite && $0.1.isFinite }.map { $0.0 - $0.1 }
        guard differences.count >= 2 else { return nil }
        let n = Double(differences.count)
        let mean = differences.reduce(0, +) / n
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let standardError = (variance * (1 / n + extraVarianceFactor)).squareRoot()
        let nu = differences.count - 1
        self.test = test
        count = differences.count
        meanDifference = mean
        self.standardError = standardError
        degreesOfFreedom = nu
        if standardError > 0 {
            statistic = mean / standardError
            pValue = StudentT.twoSidedPValue(statistic, degreesOfFreedom: Double(nu))
        } else {
            statistic = mean == 0 ? 0 : (mean > 0 ? .infinity : -.infinity)
            pValue = mean == 0 ? 1 : 0
        }
        let half = StudentT.quantile(0.975, degreesOfFreedom: Double(nu)) * standardError
        interval = ConfidenceInterval(lower: mean - half, upper: mean + half, level: 0.95, method: .studentT)
    }

    /// Whether the difference is within the seed-to-seed spread: p ≥ `alpha`.
    public func isWithinSpread(alpha: Double = 0.05) -> Bool { pValue >= alpha }
}
