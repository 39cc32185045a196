import Descent
import Foundation
import Linalg

extension TrainCrossValidation {
    /// One fold as a JSON line: {"type": "fold", …, metrics}.
    static func foldJSON(_ result: FoldResult, epochs: Int) throws -> String {
        var fields: [(String, String)] = [("type", JSONText.quoted("fold")), ("fold", String(result.fold + 1)),
                                          ("training_rows", String(result.trainingRowCount)), ("scored_rows", String(result.validationRowCount)),
                                          ("epochs", String(epochs))]
        for name in result.metrics.keys.sorted() {
            fields.append((name, (result.metrics[name] ?? nil).map(JSONText.number) ?? "null"))
        }
        return JSONText.object(fields)
    }

    /// The K fold models (each with its resume state), or with --refit one model trained on all
    /// rows for the mean best epoch count; returns the paths written.
    func saveModels(runs: [TrainingRun<Scalar>], folds: FoldPreparation, bestEpochs: [Int]) throws -> [String] {
        guard let out = command.out else { return [] }
        if command.honest.refit {
            let epochs = Int((Double(bestEpochs.reduce(0, +)) / Double(max(1, bestEpochs.count))).rounded())
            if !command.quiet && !command.json { Diagnostics.print("descent: --refit: training on all \(folds.dataset.rowCount) rows for \(epochs) epochs (the folds' mean best epoch)") }
            let (run, _) = try train(try folds.all(), label: "refit", epochs: epochs)
            try save(run, to: out)
            return [out]
        }
        var paths: [String] = []
        for (fold, run) in runs.enumerated() {
            let path = Self.foldPath(out, fold: fold)
            try save(run, to: path)
            paths.append(path)
        }
        return paths
    }

    /// Writes `run`'s model and resume state (one pair, atomically), with the training arguments
    /// and its honest-evaluation record (the fold's rows are its test lines).
    func save(_ run: TrainingRun<Scalar>, to path: String) throws {
        let record = HeldOutRecord(data: run.data, sourceSHA256: command.data.flatMap { try? SHA256.hex(ofFileAt: $0).get() },
                                   classWeights: run.network.lossFunction.classWeights)
        try run.save(to: path, metadata: ["train_arguments": String(decoding: try JSONEncoder().encode(arguments), as: UTF8.self),
                                          HeldOutRecord.metadataKey: String(decoding: try JSONEncoder().encode(record), as: UTF8.self)])
    }

    /// --history: the folds' epoch records with a leading fold column, and beside it each row's
    /// file line and fold (`assignmentPath`), written together.
    func writeHistory(_ histories: [TrainingHistory], folds: FoldPreparation) throws {
        guard let path = command.history else { return }
        var lines: [String] = []
        for (fold, history) in histories.enumerated() {
            let csv = history.csv.split(separator: "\n", omittingEmptySubsequences: true)
            if lines.isEmpty, let header = csv.first { lines.append("fold," + header) }
            lines += csv.dropFirst().map { "\(fold + 1),\($0)" }
        }
        let assignment = ["line,fold"] + zip(folds.dataset.sourceLines, folds.assignment.folds).map { "\($0),\($1 + 1)" }
        var staged: [AtomicFile.Staged] = []
        do {
            staged.append(try AtomicFile.stage(Data((lines.joined(separator: "\n") + "\n").utf8), to: path))
            staged.append(try AtomicFile.stage(Data((assignment.joined(separator: "\n") + "\n").utf8), to: Self.assignmentPath(path)))
            try AtomicFile.commit(staged)
        } catch {
            AtomicFile.discard(staged)
            throw error
        }
    }

    /// The per-fold table and mean ± sd (text), or the summary JSON object with the assignment.
    func report(_ summary: CrossValidationSummary, folds: FoldPreparation, models: [String]) throws {
        let names = summary.folds.first.map { Self.metricOrder($0) } ?? []
        if command.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let metrics = String(decoding: try encoder.encode(summary.metrics), as: UTF8.self)
            let fields: [(String, String)] = [
                ("type", JSONText.quoted("cross_validation")), ("folds", String(summary.assignment.foldCount)),
                ("group", command.honest.group.map(JSONText.quoted) ?? "null"), ("metrics", metrics),
                ("fold_of_row", JSONText.array(summary.assignment.folds.map { String($0 + 1) })),
                ("line_of_row", JSONText.array(folds.dataset.sourceLines.map(String.init))),
                ("refit", command.honest.refit ? "true" : "false"), ("models", JSONText.array(models.map(JSONText.quoted))),
            ]
            try StandardOutput.line(JSONText.object(fields))
            return
        }
        let width = max(12, (names.map(\.count).max() ?? 0) + 2)
        var lines = ["\(summary.assignment.foldCount)-fold cross-validation" + (command.honest.group.map { ", grouped by \($0)" } ?? "")
                     + " (each fold scored by the model trained on the others)"]
        lines.append("fold  " + names.map { $0.padding(toLength: width, withPad: " ", startingAt: 0) }.joined())
        for result in summary.folds {
            lines.append(String(result.fold + 1).padding(toLength: 6, withPad: " ", startingAt: 0)
                         + names.map { Self.cell(result.metrics[$0] ?? nil).padding(toLength: width, withPad: " ", startingAt: 0) }.joined())
        }
        lines.append("mean  " + names.map { Self.cell(summary.metrics[$0]?.mean).padding(toLength: width, withPad: " ", startingAt: 0) }.joined())
        lines.append("sd    " + names.map { Self.cell(summary.metrics[$0]?.standardDeviation).padding(toLength: width, withPad: " ", startingAt: 0) }.joined())
        for name in names {
            guard let stats = summary.metrics[name], name != "best_epoch" else { continue }
            lines.append("\(name) \(String(format: "%.4f", stats.mean)) ± \(String(format: "%.4f", stats.standardDeviation)) (sd over \(stats.values.count) folds; standard error \(String(format: "%.4f", stats.standardError)))")
        }
        if !models.isEmpty {
            lines.append(command.honest.refit ? "model      \(models[0]) (refit on all rows)" : "models     \(models.joined(separator: ", ")) (one per fold)")
        }
        if let history = command.history { lines.append("history    \(history) (fold assignment: \(Self.assignmentPath(history)))") }
        try StandardOutput.line(lines.joined(separator: "\n"))
    }

    /// The metric names of a fold in display order.
    static func metricOrder(_ result: FoldResult) -> [String] {
        let preferred = ["accuracy", "log_loss", "macro_f1", "balanced_accuracy", "roc_auc", "rmse", "mae", "r2", "best_epoch"]
        return preferred.filter { result.metrics.keys.contains($0) }
    }

    static func cell(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "—" }
}
