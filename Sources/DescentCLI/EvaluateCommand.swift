import ArgumentParser
import Descent
import Foundation
import Linalg

/// `descent evaluate`: score a trained model on a labelled CSV file.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a model on a labelled CSV: loss, accuracy, per-class precision/recall/F1, confusion matrix; RMSE, MAE, R².",
        discussion: """
        The file needs the columns the model was trained on, target included; the checkpoint's encoding and \
        standardization are applied, and the model runs in evaluation mode (dropout off, batch norm on its \
        running statistics). Rows that cannot be scored (a missing feature or target, a category or class not seen in \
        training, text in a numeric column) are skipped and counted, by reason, on standard error and in the report \
        (JSON: rows_used, rows_skipped, skipped, skipped_lines); --missing mean|median fills missing features instead.

        Examples:
          descent evaluate iris.safetensors examples/iris.csv
          descent evaluate model.safetensors holdout.csv --json | jq .accuracy
        """
    )

    @Argument(help: "The model written by `descent train --out`.")
    var model: String

    @Argument(help: "The CSV file to score (with the target column).")
    var data: String

    @OptionGroup var format: CSVFormatOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    @OptionGroup var scoring: ScoringOptions

    /// The JSON fields that account for every row: used, skipped (by reason, with the first lines) and filled.
    static func accounting(_ rows: ScoringRows) -> [(String, String)] {
        let reasons = rows.countsByReason.map { ($0.reason.rawValue, String($0.rows)) }
        return [("rows_total", String(rows.totalRows)), ("rows_used", String(rows.dataset.rowCount)),
                ("rows_skipped", String(rows.unscored.count)), ("rows_filled", String(rows.filledRows)),
                ("skipped", JSONText.object(reasons)),
                ("skipped_lines", JSONText.array(rows.unscored.prefix(100).map { String($0.location.line) }))]
    }

    func run() throws {
        try reportingErrors {
            try withCheckpoint(model) { file, description in
                if description.precision == .double {
                    try evaluate(LoadedModel<Double>(path: model, file: file, description: description))
                } else {
                    try evaluate(LoadedModel<Float>(path: model, file: file, description: description))
                }
            }
        }
    }

    func evaluate<Scalar: BLASScalar>(_ loaded: LoadedModel<Scalar>) throws {
        let table = try CSVReader.read(contentsOf: data, options: try format.csvOptions())
        guard table.columnIndex(named: loaded.description.encoding.target.name) != nil else {
            throw CLIUsageError(description: "\(data) has no target column '\(loaded.description.encoding.target.name)'; `descent predict` scores unlabelled rows")
        }
        let rows = try loaded.scoringRows(table, useTarget: true, missing: scoring.missing)
        let dataset = rows.dataset
        if let summary = ScoringReport.summary(rows) {
            let advice = ScoringReport.advice(rows, policy: scoring.missing)
            Diagnostics.print("descent: \(data): \(summary); skipped" + (advice.isEmpty || scoring.missing == .drop ? "" : " (\(advice))"))
            if let example = ScoringReport.firstExample(rows) { Diagnostics.print("descent:   \(example)") }
        }
        guard dataset.rowCount > 0 else {
            Diagnostics.print("descent: \(data): none of its \(rows.totalRows) rows could be scored, so there is nothing to evaluate")
            throw ExitCode(ExitStatus.data)
        }
        let metrics = Evaluator.evaluate(loaded.network, on: EvaluationSet<Scalar>(dataset: dataset))
        let classes = loaded.description.encoding.target.classNames
        if json {
            var fields: [(String, String)] = [("rows", String(dataset.rowCount))] + Self.accounting(rows) + [("loss", JSONText.number(metrics.loss))]
            if let accuracy = metrics.accuracy {
                fields.append(("accuracy", JSONText.number(accuracy)))
                let perClass = classes.indices.map { k in
                    JSONText.object([("class", JSONText.quoted(classes[k])), ("precision", JSONText.number(metrics.precision(ofClass: k))),
                                     ("recall", JSONText.number(metrics.recall(ofClass: k))), ("f1", JSONText.number(metrics.f1(ofClass: k))),
                                     ("support", String(metrics.confusion[k].reduce(0, +)))])
                }
                fields.append(("classes", JSONText.array(perClass)))
                fields.append(("confusion_matrix", JSONText.array(metrics.confusion.map { JSONText.array($0.map(String.init)) })))
            }
            if let rmse = metrics.rmse { fields.append(("rmse", JSONText.number(rmse))) }
            if let mae = metrics.mae { fields.append(("mae", JSONText.number(mae))) }
            if let r2 = metrics.r2 { fields.append(("r2", JSONText.number(r2))) }
            try StandardOutput.line(JSONText.object(fields))
            return
        }
        try StandardOutput.line("\(data): \(Plural.count(dataset.rowCount, "row")) used" + (rows.unscored.isEmpty ? "" : ", \(rows.unscored.count) skipped: "
              + rows.countsByReason.map { "\($0.rows) \(ScoringReport.words($0.reason))" }.joined(separator: ", ") + " (\(ScoringReport.lines(rows)))")
              + (rows.filledRows > 0 ? ", \(rows.filledRows) with missing values filled" : ""))
        try StandardOutput.line("loss      \(String(format: "%.6f", metrics.loss))")
        if let accuracy = metrics.accuracy {
            try StandardOutput.line("accuracy  \(String(format: "%.4f", accuracy))  (\(Int((accuracy * Double(dataset.rowCount)).rounded()))/\(dataset.rowCount))")
            try StandardOutput.line("")
            let width = max(10, (classes.map(\.count).max() ?? 0) + 2)
            try StandardOutput.line("class".padding(toLength: width, withPad: " ", startingAt: 0) + " precision   recall       f1  support")
            for k in classes.indices {
                try StandardOutput.line(classes[k].padding(toLength: width, withPad: " ", startingAt: 0)
                      + String(format: " %9.4f %8.4f %8.4f %8d", metrics.precision(ofClass: k), metrics.recall(ofClass: k),
                               metrics.f1(ofClass: k), metrics.confusion[k].reduce(0, +)))
            }
            try StandardOutput.line("")
            try StandardOutput.line("confusion matrix (rows: true class, columns: predicted)")
            let cell = max(6, (metrics.confusion.flatMap { $0 }.map { String($0).count }.max() ?? 1) + 1)
            try StandardOutput.line(String(repeating: " ", count: width) + classes.indices.map { String($0).leftPadded(to: cell) }.joined())
            for k in classes.indices {
                try StandardOutput.line("\(k) \(classes[k])".padding(toLength: width, withPad: " ", startingAt: 0)
                      + metrics.confusion[k].map { String($0).leftPadded(to: cell) }.joined())
            }
        }
        if let rmse = metrics.rmse { try StandardOutput.line("rmse      \(String(format: "%.6g", rmse))") }
        if let mae = metrics.mae { try StandardOutput.line("mae       \(String(format: "%.6g", mae))") }
        if let r2 = metrics.r2 { try StandardOutput.line("r2        \(String(format: "%.6f", r2))") }
    }
}
