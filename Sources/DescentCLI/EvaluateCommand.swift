import ArgumentParser
import Descent
import Foundation
import Linalg

/// `descent evaluate`: score a trained model on a labelled CSV file.
struct EvaluateCommand: ParsableCommand, CheckpointScoring {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a model on a labelled CSV: loss, accuracy, per-class precision/recall/F1, confusion matrix; RMSE, MAE, R².",
        usage: "descent evaluate <model> <data> [<options>]",
        discussion: """
        The file needs the columns the model was trained on, target included; the checkpoint's encoding and \
        standardization are applied, and the model runs in evaluation mode (dropout off, batch norm on its \
        running statistics). Rows that cannot be scored (a missing feature or target, a category or class not seen in \
        training, text in a numeric column) are skipped and counted, by reason, on standard error and in the report \
        (JSON: rows_used, rows_skipped, skipped, skipped_lines); --missing mean|median fills missing features instead.

        Honest scores: macro/weighted F1, balanced accuracy, log-loss, ROC-AUC and PR-AUC (one-vs-rest), calibration \
        error; R², MAE, RMSE — accuracy with Wilson's 95% interval, the others with a seeded bootstrap (--bootstrap) — \
        beside a linear model (no hidden layer, same rows and loss, fitted by L-BFGS) and the training class frequencies (or mean). \
        A warning says when the file holds rows the model was trained or validated on (by row fingerprint); \
        --held-out scores exactly the rows `train --test-split` kept out.

        Examples:
          descent train examples/iris.csv --test-split 0.2 --out iris.safetensors
          descent evaluate iris.safetensors examples/iris.csv --held-out
          descent evaluate model.safetensors holdout.csv --json | jq .scores.intervals
        """
    )

    @Argument(help: "The model written by `descent train --out`.")
    var model: String

    @Argument(help: "The CSV file to score (with the target column).")
    var data: String

    @OptionGroup(title: "Data format") var format: CSVFormatOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    @OptionGroup(title: "Rows that cannot be scored") var scoring: ScoringOptions

    @OptionGroup(title: "Honest scores") var honest: HonestScoringOptions

    func run() throws {
        try reportingErrors {
            try scoreCheckpoint(model)
        }
    }

    /// Scores DATA and prints the metrics, with the honest scores of the model's held-out record.
    func score<Scalar: BLASScalar>(_ loaded: LoadedModel<Scalar>, file: SafeTensorsFile) throws {
        let record = HeldOutRecord.read(from: file)
        let table = try CSVReader.read(contentsOf: data, options: try format.csvOptions())
        guard table.columnIndex(named: loaded.description.encoding.target.name) != nil else {
            throw CLIUsageError(description: "\(data) has no target column '\(loaded.description.encoding.target.name)'; `descent predict` scores unlabelled rows")
        }
        let rows = try loaded.scoringRows(table, useTarget: true, missing: scoring.missing)
        let dataset = try selectRows(rows.dataset, record: record)
        if let summary = ScoringReport.summary(rows) {
            let advice = ScoringReport.advice(rows, policy: scoring.missing)
            Diagnostics.print("descent: \(data): \(summary); skipped" + (advice.isEmpty || scoring.missing == .drop ? "" : " (\(advice))"))
            if let example = ScoringReport.firstExample(rows) { Diagnostics.print("descent:   \(example)") }
        }
        guard dataset.rowCount > 0 else {
            Diagnostics.print("descent: \(data): none of its \(rows.totalRows) rows could be scored, so there is nothing to evaluate")
            throw ExitCode(ExitStatus.data)
        }
        let seen = warnAboutTrainedRows(dataset, record: record)
        let metrics = Evaluator.evaluate(loaded.network, on: EvaluationSet<Scalar>(dataset: dataset))
        let reports = honestReports(loaded, dataset: dataset, record: record)
        let classes = loaded.description.encoding.target.classNames
        if json {
            var report = EvaluationReport(rows: rows, metrics: metrics, classNames: classes)
            report.rows = dataset.rowCount  // with --held-out, the held-out rows among those usable
            (report.heldOut, report.rowsSeenInTraining) = (honest.heldOut, seen)
            (report.scores, report.linearScores) = (reports?.model, reports?.linear)
            try StandardOutput.line(try report.jsonLine())
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
        for line in Self.honestLines(reports) { try StandardOutput.line(line) }
    }
}
