import Descent
import Foundation
import Linalg

/// One fold as a JSON line: {"type": "fold", "fold" (from 1), "training_rows", "scored_rows",
/// "epochs", and each metric (null where undefined)}.
struct FoldLineRecord: JSONRecord {
    let type = "fold"
    let fold: Int
    let trainingRows: Int
    let scoredRows: Int
    let epochs: Int
    let metrics: [String: Double?]

    init(_ result: FoldResult, epochs: Int) {
        fold = result.fold + 1
        trainingRows = result.trainingRowCount
        scoredRows = result.validationRowCount
        self.epochs = epochs
        metrics = result.metrics
    }

    /// The fixed keys, then the metrics at the top level (as the v0.2 line has them).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CompareJSONKey.self)
        try container.field(type, "type")
        try container.field(fold, "fold")
        try container.field(trainingRows, "training_rows")
        try container.field(scoredRows, "scored_rows")
        try container.field(epochs, "epochs")
        for (name, value) in metrics { try container.metric(value, name) }
    }
}

/// The summary line of `train --folds --json`: the folds, every metric's mean ± sd over them,
/// the fold and file line of every row, and the models written.
struct CrossValidationRecord: JSONRecord {
    let type = "cross_validation"
    let folds: Int
    let group: String?
    let metrics: [String: FoldStatistics]
    let foldOfRow: [Int]
    let lineOfRow: [Int]
    let refit: Bool
    let refitEpochs: Int?
    let models: [String]

    init(_ result: CrossValidationResult, refit: Bool) {
        folds = result.summary.assignment.foldCount
        group = result.groupColumn
        metrics = result.summary.metrics
        foldOfRow = result.summary.assignment.folds.map { $0 + 1 }
        lineOfRow = result.lineOfRow
        self.refit = refit
        refitEpochs = result.refitEpochs
        models = result.models.map(\.path)
    }

    enum CodingKeys: String, CodingKey {
        case type, folds, group, metrics, foldOfRow, lineOfRow, refit, refitEpochs, models
    }

    /// Every key, nil as null.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(folds, forKey: .folds)
        try container.encode(group, forKey: .group)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(foldOfRow, forKey: .foldOfRow)
        try container.encode(lineOfRow, forKey: .lineOfRow)
        try container.encode(refit, forKey: .refit)
        try container.encode(refitEpochs, forKey: .refitEpochs)
        try container.encode(models, forKey: .models)
    }
}

extension TrainCrossValidation {
    /// --history: the folds' epoch records with a leading fold column, and beside it each row's
    /// file line and fold (`assignmentPath`), written together.
    func writeHistory(_ histories: [TrainingHistory], result: CrossValidationResult) throws {
        guard let path = command.history else { return }
        var lines: [String] = []
        for (fold, history) in histories.enumerated() {
            let csv = history.csv.split(separator: "\n", omittingEmptySubsequences: true)
            if lines.isEmpty, let header = csv.first { lines.append("fold," + header) }
            lines += csv.dropFirst().map { "\(fold + 1),\($0)" }
        }
        let assignment = ["line,fold"] + zip(result.lineOfRow, result.summary.assignment.folds).map { "\($0),\($1 + 1)" }
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

    /// The per-fold table and mean ± sd (text), or the summary JSON line; says which models were written.
    func report(_ result: CrossValidationResult) throws {
        if command.json { return try StandardOutput.line(try CrossValidationRecord(result, refit: command.honest.refit).jsonLine()) }
        let summary = result.summary
        var lines = ["\(summary.assignment.foldCount)-fold cross-validation" + (result.groupColumn.map { ", grouped by \($0)" } ?? "")
                     + " (each fold scored by the model trained on the others)"]
        lines += FoldTable.lines(summary)
        for name in FoldTable.names(summary) where name != "best_epoch" {
            guard let stats = summary.metrics[name] else { continue }
            lines.append("\(name) \(FoldTable.cell(stats.mean)) ± \(FoldTable.cell(stats.standardDeviation)) (sd over \(stats.values.count) folds; standard error \(FoldTable.cell(stats.standardError)))")
        }
        lines += modelLines(result)
        if let history = command.history { lines.append("history    \(history) (fold assignment: \(Self.assignmentPath(history)))") }
        try StandardOutput.line(lines.joined(separator: "\n"))
    }

    /// Which model files were written (each with its .resume.safetensors), or that none were.
    func modelLines(_ result: CrossValidationResult) -> [String] {
        guard !result.models.isEmpty else { return ["models     none saved (give --out MODEL to keep the \(result.summary.assignment.foldCount) fold models, or --refit --out MODEL for one on all rows)"] }
        if let refit = result.refitEpochs {
            return ["model      \(result.models[0].path) (refit on all \(result.lineOfRow.count) rows for \(refit) epochs, the folds' mean best epoch; resume state beside it)"]
        }
        return ["models     \(result.models.count) fold models, each with its resume state beside it:"] + result.models.map { "           \($0.path)" }
    }
}

/// The per-fold table of a cross-validation: a column per metric sized to its content, best_epoch
/// as a whole number, then rows of mean and sd.
enum FoldTable {
    /// The metric names of the summary in display order.
    static func names(_ summary: CrossValidationSummary) -> [String] {
        CrossValidation.metricOrder.filter { summary.metrics[$0] != nil }
    }

    /// The header, one row per fold, the mean and the sd.
    static func lines(_ summary: CrossValidationSummary) -> [String] {
        let names = names(summary)
        var rows: [[String]] = [["fold"] + names]
        for fold in summary.folds {
            rows.append([String(fold.fold + 1)] + names.map { cell(fold.metrics[$0] ?? nil, integer: $0 == "best_epoch") })
        }
        rows.append(["mean"] + names.map { cell(summary.metrics[$0]?.mean, digits: $0 == "best_epoch" ? 1 : 4) })
        rows.append(["sd"] + names.map { cell(summary.metrics[$0]?.standardDeviation, digits: $0 == "best_epoch" ? 1 : 4) })
        return aligned(rows)
    }

    /// Left-aligned columns, each as wide as its widest cell, two spaces apart.
    static func aligned(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, text in
                index == row.count - 1 ? text : text.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
            }.joined()
        }
    }

    /// A value with `digits` decimals ("—" when undefined); whole numbers without decimals when `integer`.
    static func cell(_ value: Double?, integer: Bool = false, digits: Int = 4) -> String {
        guard let value, value.isFinite else { return "—" }
        if integer, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.\(digits)f", value)
    }
}

/// The CLI's cross-validation observer: a progress bar per fold (one fold at a time) or a line
/// per finished fold (several at a time), Ctrl-C, and each fold's history for --history.
final class FoldProgress: CrossValidationObserver, @unchecked Sendable {
    let foldCount: Int
    let parallel: Bool
    let enabled: Bool
    /// Put before "fold k/K" in the progress, e.g. "adam " in a race.
    let prefix: String
    private var collected: [Int: TrainingHistory] = [:]
    private var finished = 0
    private let lock = NSLock()

    init(foldCount: Int, parallel: Bool, enabled: Bool, prefix: String = "") {
        self.foldCount = foldCount
        self.parallel = parallel
        self.enabled = enabled
        self.prefix = prefix
    }

    func trainingObserver(fold: Int?) -> any TrainingObserver {
        FoldObserver(label: prefix + (fold.map { "fold \($0 + 1)/\(foldCount)" } ?? "refit"), enabled: enabled && (!parallel || fold == nil))
    }

    func foldFinished(_ result: FoldResult, completedEpochs: Int, history: TrainingHistory) {
        lock.withLock {
            collected[result.fold] = history
            finished += 1
            if enabled && parallel { Diagnostics.print("descent: \(prefix)fold \(result.fold + 1) done (\(Plural.count(completedEpochs, "epoch"))); \(finished)/\(foldCount) folds") }
        }
    }

    func refitStarted(epochs: Int, rowCount: Int) {
        if enabled { Diagnostics.print("descent: --refit: training on all \(rowCount) rows for \(epochs) epochs (the folds' mean best epoch)") }
    }

    /// The histories in fold order.
    func histories() -> [TrainingHistory] {
        lock.withLock { (0..<foldCount).compactMap { collected[$0] } }
    }
}

/// A progress bar for one fold's run, and the stop flag.
final class FoldObserver: TrainingObserver {
    var progress: ProgressBar
    let label: String

    init(label: String, enabled: Bool) {
        self.label = label
        progress = ProgressBar(enabled: enabled)
    }

    func shouldStop() -> Bool { Interrupt.requested }
    func stepFinished(epoch: Int, done: Int, total: Int) { progress.update(done: done, total: total, label: "\(label) epoch \(epoch)") }
    func epochEnded(_ record: EpochRecord, events: [TrainingEvent]) throws { progress.clear() }
    func interrupted(epoch: Int) { progress.clear() }
    func diverged(_ divergence: TrainingDivergence) { progress.clear() }
}
