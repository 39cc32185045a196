import Descent
import Foundation
import Linalg

extension TrainCommandRun {
    /// The linear baseline (`Baselines.fitLinear`: no hidden layer, fitted by L-BFGS), trained
    /// silently; nil when the model itself is linear or the fit diverged.
    func linearBaseline(_ run: TrainingRun<Scalar>, classWeights: [Double]?) throws -> TrainingRun<Scalar>? {
        try Baselines.fitLinear(run, classWeights: classWeights)
    }
}

/// The scores of a finished run on its test (else validation) rows: the model's and the linear
/// baseline's, with intervals and the class-prior (or mean) baseline.
typealias ScoreReports = (name: String, model: ScoreReport, linear: ScoreReport?)

extension RunOutputs {
    /// The rows the summary scores with intervals and baselines: the test rows, else the validation rows.
    var scoredRows: (name: String, rows: [Int])? {
        if !prepared.split.test.isEmpty { return ("test", prepared.split.test) }
        if !prepared.split.validation.isEmpty { return ("validation", prepared.split.validation) }
        return nil
    }

    /// The model's and the baselines' scores on `scoredRows`, with intervals (nil without such rows).
    func scoreReports<Scalar: BLASScalar>(network: Network<Scalar>, linear: Network<Scalar>?) -> ScoreReports? {
        guard let (name, rows) = scoredRows else { return nil }
        let set = EvaluationSet<Scalar>(dataset: prepared.dataset, rows: rows)
        let bootstrap = command.honest.bootstrapSettings(seed: command.seed)
        guard let model = ScoreReport(network: network, set: set, prior: heldOut?.classPrior, mean: heldOut?.targetMean,
                                      bootstrap: bootstrap) else { return nil }
        let linearReport = linear.flatMap { ScoreReport(network: $0, set: set, prior: nil, mean: nil, bootstrap: bootstrap) }
        return (name, model, linearReport)
    }

    /// The summary's lines of scores with intervals and the baselines beside them.
    static func scoreLines(name: String, model: ScoreReport, linear: ScoreReport?) -> [String] {
        let bootstrap = model.bootstrapResamples > 0 ? "bootstrap of \(model.bootstrapResamples)" : "no bootstrap (--bootstrap 0)"
        let method = model.classification != nil ? "accuracy: Wilson; others: \(bootstrap)" : bootstrap
        var lines = ["\(name) rows, 95% intervals (\(method)):"]
        lines.append("  model     " + ScoreText.line(model, intervals: true))
        if let linear { lines.append("  linear    " + ScoreText.line(linear, intervals: true) + "  (no hidden layer, fitted by L-BFGS)") }
        if let baseline = model.baselineClassification {
            lines.append("  baseline  " + ScoreText.classification(baseline, intervals: model.baselineIntervals) + "  (training class frequencies: always the majority class)")
        }
        if let baseline = model.baselineRegression {
            lines.append("  baseline  " + ScoreText.regression(baseline, intervals: model.baselineIntervals) + "  (the training mean)")
        }
        return lines
    }
}

/// Scores in words with their intervals, for train's summary and evaluate.
enum ScoreText {
    /// "accuracy 0.9667 [0.8333, 0.9941]  macro F1 …" or "rmse … r2 …".
    static func line(_ report: ScoreReport, intervals: Bool) -> String {
        if let scores = report.classification { return classification(scores, intervals: intervals ? report.intervals : nil) }
        if let scores = report.regression { return regression(scores, intervals: intervals ? report.intervals : nil) }
        return ""
    }

    static func value(_ name: String, _ value: Double?, _ interval: ConfidenceInterval?) -> String {
        guard let value else { return "\(name) —" }
        let text = "\(name) \(String(format: "%.4f", value))"
        guard let interval else { return text }
        return text + " [\(String(format: "%.4f", interval.lower)), \(String(format: "%.4f", interval.upper))]"
    }

    static func classification(_ scores: ClassificationScores, intervals: [String: ConfidenceInterval?]?) -> String {
        [value("accuracy", scores.accuracy, intervals?["accuracy"] ?? nil), value("log-loss", scores.logLoss, intervals?["log_loss"] ?? nil),
         value("macro F1", scores.macroF1, intervals?["macro_f1"] ?? nil), value("ROC-AUC", scores.rocAUC, intervals?["roc_auc"] ?? nil)]
            .joined(separator: "  ")
    }

    static func regression(_ scores: RegressionScores, intervals: [String: ConfidenceInterval?]?) -> String {
        [value("rmse", scores.rmse, intervals?["rmse"] ?? nil), value("mae", scores.mae, intervals?["mae"] ?? nil),
         value("r2", scores.r2, intervals?["r2"] ?? nil)]
            .joined(separator: "  ")
    }
}
