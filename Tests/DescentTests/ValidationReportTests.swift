import Foundation
import Testing
import Descent

/// The score report's pictures and baselines: the residual sample against its definition, the
/// baseline's intervals against the closed forms a constant prediction has, and the JSON record
/// (every key present, null kept) read back whole.
@Suite("Score report: residual sample, baseline intervals, JSON round trip")
struct ValidationReportTests {
    typealias Scores = ValidationScoreTests

    @Test("Residuals are y − ŷ per row and output; above the limit, rows ⌊i·n/limit⌋ evenly through the file")
    func residualSample() throws {
        let all = try #require(ResidualSample(predictions: Scores.regressionPredictions, targets: Scores.regressionTargets, outputCount: 2))
        #expect(all.rowCount == 12 && all.outputCount == 2 && all.rows == Array(0..<12))
        for index in Scores.regressionTargets.indices {
            #expect(all.residuals[index] == Scores.regressionTargets[index] - Scores.regressionPredictions[index])
            #expect(all.predictions[index] == Scores.regressionPredictions[index])
        }
        let sampled = try #require(ResidualSample(predictions: Scores.regressionPredictions, targets: Scores.regressionTargets,
                                                  outputCount: 2, limit: 5))
        #expect(sampled.rowCount == 12 && sampled.rows == [0, 2, 4, 7, 9])   // ⌊12i/5⌋
        #expect(sampled.residuals[6] == Scores.regressionTargets[14] - Scores.regressionPredictions[14])   // row 7, output 0
        #expect(ResidualSample(predictions: [], targets: [], outputCount: 1) == nil)
        // A prediction that overflowed is written as null (JSON has no ∞) and read back as NaN.
        let overflowed = try #require(ResidualSample(predictions: [.infinity, 1], targets: [0, 3], outputCount: 1))
        let data = try JSONEncoder().encode(overflowed)
        #expect(String(decoding: data, as: UTF8.self).contains("\"residuals\":[null,2]"))
        let back = try JSONDecoder().decode(ResidualSample.self, from: data)
        #expect(back.predictions[0].isNaN && back.residuals[1] == 2)
    }

    @Test("Every classification score gets an interval; the prior baseline's: Wilson at its accuracy, constant scores a point")
    func baselineIntervals() throws {
        let prior = [0.5, 0.3, 0.2]
        let report = try #require(ScoreReport(probabilities: Scores.threeProbabilities, labels: Scores.threeLabels, classCount: 3,
                                              prior: prior, bootstrap: Bootstrap(resamples: 300, seed: 4)))
        for name in ScoreReport.classificationIntervalNames {
            let interval = try #require(report.intervals[name] ?? nil, "no interval for \(name)")
            #expect(interval.lower <= interval.upper)
        }
        let baseline = try #require(report.baselineClassification)
        let intervals = try #require(report.baselineIntervals)
        // The prior predicts class 0 for all 30 rows: accuracy = the share of class 0, 14/30.
        #expect(baseline.accuracy == 14.0 / 30)
        #expect(intervals["accuracy"] == ConfidenceInterval.wilson(successes: 14, trials: 30))
        // Constant probabilities rank nothing: ROC-AUC ½ on every resample, a point interval.
        let roc = try #require(intervals["roc_auc"] ?? nil)
        #expect(roc.lower == 0.5 && roc.upper == 0.5)
        #expect(report.residuals == nil && report.calibration != nil)
        let none = try #require(ScoreReport(probabilities: Scores.threeProbabilities, labels: Scores.threeLabels, classCount: 3,
                                            prior: nil, bootstrap: Bootstrap(resamples: 0)))
        #expect(none.baselineIntervals == nil && none.baselineClassification == nil)
        #expect(none.intervals["log_loss"] == .some(nil))   // bootstrap off: the key is there, its value null
    }

    @Test("The regression report: a residual sample, the mean baseline's intervals; the JSON names every key and reads back equal")
    func regressionRecord() throws {
        let report = try #require(ScoreReport(predictions: Scores.regressionPredictions, targets: Scores.regressionTargets, outputCount: 2,
                                              mean: [0, 0], bootstrap: Bootstrap(resamples: 200, seed: 1)))
        #expect(report.residuals?.rowCount == 12)
        #expect(Set(try #require(report.baselineIntervals).keys) == Set(ScoreReport.regressionIntervalNames))
        let data = try JSONEncoder().encode(report)
        let keys = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any]).keys
        #expect(Set(keys) == ["classification", "regression", "intervals", "baseline_classification", "baseline_regression",
                              "baseline_intervals", "bootstrap_resamples", "calibration", "residuals"])
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"calibration\":null") && text.contains("\"classification\":null"))
        #expect(try JSONDecoder().decode(ScoreReport.self, from: data) == report)
    }
}
