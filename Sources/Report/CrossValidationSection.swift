import Descent
import Foundation

/// The cross-validation section: each fold's scores (the model trained on the other folds, scored
/// on this one) and every score's mean, sample standard deviation and standard error s/√K.
enum CrossValidationSection {
    /// Scores in the order shown; others follow by name.
    static let order = ["accuracy", "balanced_accuracy", "macro_f1", "weighted_f1", "log_loss", "roc_auc", "pr_auc",
                        "expected_calibration_error", "loss", "rmse", "mae", "r2", "best_epoch"]

    static func section(_ record: CrossValidationRecord) -> ReportSection {
        let names = metricNames(record)
        let statistics = names.map { name in statisticsOf(name, record) }
        let f = RunReport.number
        var rows: [[String]] = record.folds.map { fold in
            let counts = [String(fold.fold), fold.trainingRows.map(String.init) ?? "—", fold.scoredRows.map(String.init) ?? "—"]
            return counts + names.map { name in (fold.metrics[name] ?? nil).map(f) ?? "—" }
        }
        rows.append(["mean", "", ""] + statistics.map { f($0.mean) })
        rows.append(["sd", "", ""] + statistics.map { f($0.standardDeviation) })
        rows.append(["standard error", "", ""] + statistics.map { f($0.standardError) })
        let grouped = record.group.map { ", grouped by \($0) (no group straddles folds)" } ?? ""
        var blocks: [ReportBlock] = [
            .paragraph("\(record.foldCount)-fold cross-validation\(grouped): each fold is scored by the model trained on the other folds. "
                + "The spread over folds is the noise of a single split's score."),
            .table(header: ["fold", "training rows", "scored rows"] + names.map(title), rows: rows, numeric: Set(0..<(names.count + 3))),
        ]
        var summaries: [String] = []
        for (name, s) in zip(names, statistics) where name != "best_epoch" && s.mean.isFinite {
            summaries.append("\(title(name)) \(f(s.mean)) ± \(f(s.standardDeviation))")
        }
        if !summaries.isEmpty {
            blocks.append(.paragraph("Mean ± sample standard deviation over the folds: " + summaries.joined(separator: "; ") + "."))
        }
        if !record.models.isEmpty {
            let models = record.models.joined(separator: ", ")
            blocks.append(.paragraph(record.refit == true ? "Refit on all rows: \(models)." : "One model per fold: \(models)."))
        }
        return ReportSection(title: "Cross-validation", blocks: blocks)
    }

    /// The metric names of the folds and the summary, in display order.
    static func metricNames(_ record: CrossValidationRecord) -> [String] {
        var present = Set(record.metrics.keys)
        for fold in record.folds { present.formUnion(fold.metrics.keys) }
        return order.filter { present.contains($0) } + present.subtracting(order).sorted()
    }

    /// The summary's statistics of `name`, else computed from the fold lines.
    static func statisticsOf(_ name: String, _ record: CrossValidationRecord) -> FoldStatistics {
        if let stored = record.metrics[name] { return stored }
        return FoldStatistics(record.folds.compactMap { fold in fold.metrics[name] ?? nil })
    }

    static func title(_ name: String) -> String {
        name == "best_epoch" ? "best epoch" : ScoreTable.titles[name] ?? name
    }
}
