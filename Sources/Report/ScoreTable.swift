import Descent
import Foundation

/// The table of scores: each score of the model, the linear model and the baseline, each with its
/// 95% interval, one row per score, its better direction beside its name.
enum ScoreTable {
    /// Display names of the scores, by JSON name; ↑ higher is better, ↓ lower.
    static let titles: [String: String] = [
        "accuracy": "accuracy ↑", "balanced_accuracy": "balanced accuracy ↑", "macro_f1": "macro F1 ↑", "weighted_f1": "weighted F1 ↑",
        "log_loss": "log-loss ↓", "roc_auc": "ROC-AUC ↑", "pr_auc": "PR-AUC ↑", "expected_calibration_error": "calibration error (ECE) ↓",
        "rmse": "RMSE ↓", "mae": "MAE ↓", "r2": "R² ↑",
    ]

    /// The value of score `name` in `report` (the model's scores), nil when undefined.
    static func value(_ name: String, _ report: ScoreReport) -> Double? {
        value(name, classification: report.classification, regression: report.regression)
    }

    /// The value of score `name` in the given scores.
    static func value(_ name: String, classification: ClassificationScores?, regression: RegressionScores?) -> Double? {
        if let c = classification {
            switch name {
            case "accuracy": return c.accuracy
            case "balanced_accuracy": return c.balancedAccuracy
            case "macro_f1": return c.macroF1
            case "weighted_f1": return c.weightedF1
            case "log_loss": return c.logLoss
            case "roc_auc": return c.rocAUC
            case "pr_auc": return c.prAUC
            case "expected_calibration_error": return c.expectedCalibrationError
            default: return nil
            }
        }
        switch name {
        case "rmse": return regression?.rmse
        case "mae": return regression?.mae
        case "r2": return regression?.r2
        default: return nil
        }
    }

    /// "0.9667 [0.8333, 0.9941]", "0.9667" without an interval, "—" without a value.
    static func cell(_ value: Double?, _ interval: ConfidenceInterval??) -> String {
        guard let value else { return "—" }
        guard let interval = interval ?? nil else { return RunReport.number(value) }
        return "\(RunReport.number(value)) [\(RunReport.number(interval.lower)), \(RunReport.number(interval.upper))]"
    }

    /// The table block: score | model | linear model | baseline, each cell with its interval.
    static func block(model: ScoreReport, linear: ScoreReport?) -> ReportBlock {
        let classification = model.classification != nil
        let names = classification ? ScoreReport.classificationIntervalNames : ScoreReport.regressionIntervalNames
        let hasBaseline = model.baselineClassification != nil || model.baselineRegression != nil
        var header = ["score", "model [95% interval]"]
        if linear != nil { header.append("linear model (no hidden layer)") }
        if hasBaseline { header.append(classification ? "baseline: training class frequencies" : "baseline: training mean") }
        let rows = names.map { name -> [String] in
            var row = [titles[name] ?? name, cell(value(name, model), model.intervals[name])]
            if let linear { row.append(cell(value(name, linear), linear.intervals[name])) }
            if hasBaseline {
                row.append(cell(value(name, classification: model.baselineClassification, regression: model.baselineRegression),
                                model.baselineIntervals?[name]))
            }
            return row
        }
        return .table(header: header, rows: rows, numeric: Set(1..<header.count))
    }

    /// How the intervals were made, in words.
    static func method(_ report: ScoreReport) -> String {
        let bootstrap = report.bootstrapResamples > 0
            ? "a seeded percentile bootstrap over the rows (\(report.bootstrapResamples) resamples)"
            : "no bootstrap (--bootstrap 0), so no interval"
        return report.classification != nil
            ? "95% intervals: accuracy by Wilson's score interval, every other score by \(bootstrap)."
            : "95% intervals by \(bootstrap)."
    }
}
