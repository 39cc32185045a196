import Descent
import Foundation
import Linalg

/// What `descent compare --folds` prints: per entry its per-fold table and mean ± sd, then every
/// pair's corrected resampled t-test over the folds — or all of it as one JSON object.
struct CompareFoldsReport {
    let command: CompareCommand
    let folds: FoldPreparation
    let entries: [CompareFoldsEntry]

    /// The quantity the pairs are tested on: the held-out log-loss (classification) or RMSE.
    var quantity: String { folds.dataset.task == .classification ? "log_loss" : "rmse" }

    /// One pair of entries compared on the same folds.
    struct Pair {
        var first: String
        var second: String
        var test: PairedTest
    }

    /// Every pair of entries that both finished, Nadeau–Bengio's corrected resampled t-test on
    /// `quantity` over the folds (n₂/n₁: each fold's rows over the rest, averaged).
    func pairs() -> [Pair] {
        let finished = entries.filter { $0.result != nil }
        let n = Double(folds.dataset.rowCount)
        let sizes = folds.assignment.foldSizes.map(Double.init)
        let ratio = sizes.map { $0 / (n - $0) }.reduce(0, +) / Double(max(1, sizes.count))
        func values(_ entry: CompareFoldsEntry) -> [Double] {
            entry.result?.summary.folds.map { ($0.metrics[quantity] ?? nil) ?? .nan } ?? []
        }
        var result: [Pair] = []
        for (i, a) in finished.enumerated() {
            for b in finished[(i + 1)...] {
                if let test = PairedTest.correctedResampled(values(a), values(b), testToTrainingRatio: ratio) {
                    result.append(Pair(first: a.name, second: b.name, test: test))
                }
            }
        }
        return result
    }

    /// The text: a heading, each entry's fold table, a mean ± sd line per entry, the pairs.
    func text() -> String {
        let k = folds.assignment.foldCount
        var lines = ["\(k)-fold cross-validation race on \(command.data)" + (folds.groupColumn.map { ", grouped by \($0)" } ?? "")
                     + " (seed \(command.seed); every fold trains all \(command.epochs) epochs and is scored on its held-out fold)"]
        for entry in entries {
            lines.append("")
            lines.append("\(entry.name) (lr \(String(format: "%.4g", entry.learningRate)), \(entry.rateSource))")
            guard let result = entry.result else {
                lines.append("  diverged in \(entry.divergence ?? "a fold"): left out of the tests")
                continue
            }
            var summary = result.summary
            summary.metrics["best_epoch"] = nil
            lines += FoldTable.lines(summary).map { "  " + $0 }
        }
        return (lines + pairLines(pairs())).joined(separator: "\n")
    }

    /// The pairs' lines (`CompareReport.pairLine`): mean difference, its 95% interval, p, and the fold-to-fold spread mark.
    func pairLines(_ pairs: [Pair]) -> [String] {
        guard !pairs.isEmpty else { return [] }
        var lines = ["", "corrected resampled t-test over folds (Nadeau & Bengio 2003) on held-out \(quantity)",
                     "(within spread: p ≥ 0.05, the difference is not resolved by these folds):"]
        for pair in pairs { lines.append(CompareReport.pairLine(pair.first, pair.second, pair.test, over: "fold")) }
        return lines
    }

    /// The JSON object (`"type": "compare_folds"`).
    func json() throws -> String {
        let record = CompareFoldsRecord(
            data: command.data, task: folds.dataset.task == .classification ? "classification" : "regression",
            precision: command.step.precision.rawValue, epochs: command.epochs, folds: folds.assignment.foldCount,
            group: folds.groupColumn, seed: command.seed, threads: OpenBLASRuntime.threadCount, quantity: quantity,
            test: "corrected_resampled_t", optimizers: entries.map(CompareFoldsRecord.Entry.init),
            pairedTests: pairs().map { CompareRaceRecord.Pair(first: $0.first, second: $0.second, quantity: quantity,
                                                               withinSpread: $0.test.isWithinSpread(),
                                                               result: (try? JSONLine.encode($0.test)) == nil ? nil : $0.test) },
            foldOfRow: folds.assignment.folds.map { $0 + 1 }, lineOfRow: folds.dataset.sourceLines)
        return try record.jsonLine()
    }
}

/// The `--json` object of `descent compare --folds`: the settings, per entry its rate, every
/// fold's scores and their mean ± sd, the paired tests over the folds, and the fold of every row.
struct CompareFoldsRecord: JSONRecord {
    let type = "compare_folds"
    var data: String
    var task: String
    var precision: String
    var epochs: Int
    var folds: Int
    var group: String?
    var seed: UInt64
    var threads: Int
    var quantity: String
    var test: String
    var optimizers: [Entry]
    var pairedTests: [CompareRaceRecord.Pair]
    var foldOfRow: [Int]
    var lineOfRow: [Int]

    /// One entry: its rate, and its folds and statistics (empty when it diverged, with why).
    struct Entry: Encodable {
        var name: String
        var learningRate: Double
        var rateSource: String
        var batchSize: Int?
        var diverged: String?
        var folds: [FoldLineRecord]
        var metrics: [String: FoldStatistics]

        init(_ entry: CompareFoldsEntry) {
            name = entry.name
            learningRate = entry.learningRate
            rateSource = entry.rateSource
            batchSize = entry.batchSize
            diverged = entry.divergence
            let result = entry.result
            folds = result.map { zip($0.summary.folds, $0.completedEpochs).map { FoldLineRecord($0, epochs: $1) } } ?? []
            metrics = result?.summary.metrics ?? [:]
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CompareJSONKey.self)
            try c.field(name, "name")
            try c.field(learningRate, "learning_rate")
            try c.field(rateSource, "rate_source")
            try c.field(batchSize, "batch_size")
            try c.field(diverged, "diverged")
            try c.field(folds, "folds")
            try c.field(metrics, "metrics")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CompareJSONKey.self)
        try c.field(type, "type")
        try c.field(data, "data")
        try c.field(task, "task")
        try c.field(precision, "precision")
        try c.field(epochs, "epochs")
        try c.field(folds, "folds")
        try c.field(group, "group")
        try c.field(seed, "seed")
        try c.field(threads, "threads")
        try c.field(quantity, "quantity")
        try c.field(test, "test")
        try c.field(optimizers, "optimizers")
        try c.field(pairedTests, "paired_tests")
        try c.field(foldOfRow, "fold_of_row")
        try c.field(lineOfRow, "line_of_row")
    }
}
