import Foundation
import Linalg
import Testing
import Descent

/// Wilson and bootstrap intervals, the normal and t distributions, the paired t-test and the
/// one-standard-error rule, against closed forms and scipy/numpy values
/// (scripts/reference/validation_reference.py; numpy 2.4.6, scipy 1.17.1).
@Suite("Intervals and tests")
struct ValidationIntervalTests {
    @Test("Wilson intervals equal scipy's binomtest(k, n).proportion_ci(method='wilson')")
    func wilsonMatchesScipy() throws {
        let reference: [(Int, Int, Double, Double)] = [
            (0, 10, 0.0, 0.27753279986288926), (7, 10, 0.39677814746114526, 0.892208732593699),
            (10, 10, 0.7224672001371109, 1.0), (45, 50, 0.7863976856252034, 0.9565242350681095),
            (1, 3, 0.06149194472039626, 0.7923403991979523), (148, 150, 0.9526930912996324, 0.996335870848773),
        ]
        for (k, n, lower, upper) in reference {
            let interval = try #require(ConfidenceInterval.wilson(successes: k, trials: n))
            #expect(abs(interval.lower - lower) < 1e-12, "\(k)/\(n)")
            #expect(abs(interval.upper - upper) < 1e-12, "\(k)/\(n)")
            #expect(interval.method == .wilson && interval.level == 0.95)
        }
        #expect(ConfidenceInterval.wilson(successes: 0, trials: 0) == nil)
        #expect(ConfidenceInterval.wilson(successes: 4, trials: 3) == nil)
        // Closed form at k = 0: upper = z²/(n + z²).
        let z = 1.959963984540054
        #expect(abs(ConfidenceInterval.wilson(successes: 0, trials: 30)!.upper - z * z / (30 + z * z)) < 1e-15)
    }

    @Test("Normal quantiles and the t distribution equal scipy's")
    func distributions() {
        for (p, x) in [(0.975, 1.959963984540054), (0.001, -3.090232306167813), (0.3, -0.5244005127080409),
                       (1e-10, -6.361340902404056)] {
            #expect(abs(NormalDistribution.quantile(p) - x) < 1e-13 * max(1, abs(x)))
        }
        #expect(abs(StudentT.cdf(2.1, degreesOfFreedom: 4) - 0.948173356841199) < 1e-13)
        #expect(abs(StudentT.cdf(-0.7, degreesOfFreedom: 2.5) - 0.271702471594774) < 1e-13)
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 9) - 2.262157162798205) < 1e-10)
        // ν = 1 is Cauchy: F(t) = 1/2 + atan(t)/π.
        #expect(abs(StudentT.cdf(1.7, degreesOfFreedom: 1) - (0.5 + atan(1.7) / Double.pi)) < 1e-14)
    }

    @Test("The paired t-test equals scipy.stats.ttest_rel, its interval too; identical runs are p = 1")
    func pairedTest() throws {
        let a = [0.91, 0.88, 0.93, 0.90, 0.87, 0.92], b = [0.89, 0.87, 0.90, 0.91, 0.85, 0.90]
        let test = try #require(PairedTest(a, b))
        #expect(test.test == "paired_t" && test.degreesOfFreedom == 5 && test.count == 6)
        #expect(abs(test.statistic - 2.665569949915916) < 1e-12)
        #expect(abs(test.pValue - 0.044584823509798845) < 1e-12)
        #expect(abs(test.interval.lower - 0.0005345279774927551) < 1e-10)
        #expect(abs(test.interval.upper - 0.029465472022507273) < 1e-10)
        #expect(!test.isWithinSpread())
        let same = try #require(PairedTest(a, a))
        #expect(same.pValue == 1 && same.isWithinSpread())
        #expect(PairedTest([1], [2]) == nil)
    }

    @Test("Nadeau–Bengio's corrected resampled t over 5 folds equals its formula (scipy's t distribution); ratio 0 is the plain paired t")
    func correctedResampledTest() throws {
        // Reference (scipy 1.x): d = a − b, se = √((1/5 + 1/4)·var(d, ddof=1)), t = mean(d)/se,
        // p = 2·stats.t.sf(|t|, 4) → t 2.0579830217101063, p 0.10870095132492358, se 0.008746427842267958.
        let a = [0.91, 0.88, 0.93, 0.86, 0.90], b = [0.89, 0.87, 0.90, 0.86, 0.87]
        let test = try #require(PairedTest.correctedResampled(a, b, testToTrainingRatio: 0.25))
        #expect(test.test == "corrected_resampled_t" && test.degreesOfFreedom == 4 && test.count == 5)
        #expect(abs(test.statistic - 2.0579830217101063) < 1e-12)
        #expect(abs(test.pValue - 0.10870095132492358) < 1e-12)
        #expect(abs(test.standardError - 0.008746427842267958) < 1e-15)
        #expect(test.isWithinSpread())
        let plain = try #require(PairedTest(a, b)), uncorrected = try #require(PairedTest.correctedResampled(a, b, testToTrainingRatio: 0))
        #expect(uncorrected.statistic == plain.statistic && uncorrected.pValue == plain.pValue && !plain.isWithinSpread())
    }

    @Test("Percentile bootstrap: numpy's linear quantile; reproducible by seed; the mean's interval ≈ x̄ ± 1.96·σ̂/√n")
    func bootstrap() throws {
        let values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0].sorted()
        #expect(Bootstrap.quantile(ofSorted: values, 0.025) == 1.0)
        #expect(abs(Bootstrap.quantile(ofSorted: values, 0.975) - 8.475000000000001) < 1e-14)
        var random = RandomGenerator(seed: 4)
        let sample = (0..<400).map { _ in random.normal() * 2 + 10 }
        let mean = sample.reduce(0, +) / 400
        func statistic(_ rows: [Int]) -> Double? { rows.reduce(0) { $0 + sample[$1] } / Double(rows.count) }
        let interval = try #require(Bootstrap(resamples: 2000, seed: 7).interval(rowCount: 400, statistic: statistic))
        #expect(interval == Bootstrap(resamples: 2000, seed: 7).interval(rowCount: 400, statistic: statistic))
        #expect(interval != Bootstrap(resamples: 2000, seed: 8).interval(rowCount: 400, statistic: statistic))
        // The bootstrap distribution of a mean has variance σ̂²/n (σ̂ with divisor n): the percentile
        // interval approaches mean ± 1.96·σ̂/√n; 2000 resamples put its ends within ~5% of the half-width.
        let sigma = (sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 400).squareRoot()
        let half = 1.959963984540054 * sigma / 20
        #expect(abs(interval.lower - (mean - half)) < 0.08 * half)
        #expect(abs(interval.upper - (mean + half)) < 0.08 * half)
        // Several statistics from one set of resamples: each equals its own single-statistic interval.
        let both = Bootstrap(resamples: 2000, seed: 7).intervals(rowCount: 400, count: 2) { rows in [statistic(rows), nil] }
        #expect(both[0] == interval && both[1] == nil)
        #expect(Bootstrap(resamples: 0).interval(rowCount: 400, statistic: statistic) == nil)
        #expect(Bootstrap(resamples: 100).interval(rowCount: 400) { _ in nil } == nil)
        #expect(throws: EvaluationError.self) { try Bootstrap(resamples: -1).validate() }
    }

    @Test("Fold statistics and the one-standard-error rule: ties within the best's SE, simplest chosen")
    func oneStandardError() throws {
        let stats = FoldStatistics([0.9, 0.8, 1.0])
        #expect(abs(stats.mean - 0.9) < 1e-15)
        #expect(abs(stats.standardDeviation - 0.1) < 1e-15)
        #expect(abs(stats.standardError - 0.1 / 3.0.squareRoot()) < 1e-15)
        // Means 0.90 (SE 0.02), 0.89, 0.87, 0.80: the best is 0; 1 is within 0.02 of it, 2 and 3 are not.
        let scores = [FoldStatistics([0.88, 0.92]), FoldStatistics([0.89, 0.89]), FoldStatistics([0.87, 0.87]),
                      FoldStatistics([0.8, 0.8])]
        #expect(abs(scores[0].standardError - 0.02) < 1e-12)
        let (best, tied) = try #require(OneStandardError.ties(scores, direction: .higherIsBetter))
        #expect(best == 0 && tied == [true, true, false, false])
        // Hidden units 64, 16, 8, 4: prefer smaller picks 16 (tied), never 8 (not tied).
        #expect(OneStandardError.choose(scores, parameterValues: [64, 16, 8, 4], preferLarger: false, direction: .higherIsBetter) == 1)
        #expect(OneStandardError.choose(scores, parameterValues: [64, 16, 8, 4], preferLarger: true, direction: .higherIsBetter) == 0)
        // Lower is better: losses.
        let losses = [FoldStatistics([0.3, 0.5]), FoldStatistics([0.35, 0.35]), FoldStatistics([0.2, 0.2])]
        #expect(OneStandardError.ties(losses, direction: .lowerIsBetter)?.best == 2)
    }
}
