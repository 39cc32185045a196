import Descent
import Foundation

/// What `descent compare --folds K --json` printed: one `{"type": "compare_folds", …}` object with
/// the settings, per optimizer (`optimizers`) its rate, its fold lines (`folds`, each metric at the
/// top level as in `train --folds`) and each metric's statistics over the folds (`metrics`), and
/// the pairs' corrected resampled t-tests (`paired_tests`) on `quantity`.
///
/// Read tolerantly, by those keys only: other keys (the fold of every row) are ignored.
public struct CrossValidatedComparison: Sendable, Equatable {
    /// One optimizer's cross-validation.
    public struct Entry: Sendable, Equatable {
        /// The optimizer's name as raced.
        public var name: String
        /// Its learning rate.
        public var learningRate: Double?
        /// Why it was left out (a fold diverged), nil when it finished.
        public var diverged: String?
        /// Its folds, in the order printed.
        public var folds: [CrossValidationRecord.Fold]
        /// Metric name → statistics over the folds.
        public var metrics: [String: FoldStatistics]
    }

    /// One pair's test: `first` − `second` on `quantity`.
    public struct Pair: Sendable, Equatable {
        /// The first optimizer.
        public var first: String
        /// The second optimizer.
        public var second: String
        /// Whether p ≥ 0.05: the difference is not resolved by these folds.
        public var withinSpread: Bool
        /// The test, nil when it could not be written.
        public var test: PairedTest?
    }

    /// The data file raced on.
    public var data: String?
    /// K.
    public var foldCount: Int
    /// The `--group` column, if any.
    public var group: String?
    /// The quantity the pairs are tested on (`log_loss` or `rmse`).
    public var quantity: String
    /// The epochs every fold trained.
    public var epochs: Int?
    /// The optimizers, in the order raced.
    public var entries: [Entry]
    /// The pairs' tests.
    public var pairs: [Pair]

    /// The record in `text` (one JSON object of type `compare_folds`), nil for anything else.
    public static func parse(_ text: String) -> CrossValidatedComparison? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{"), !trimmed.contains("\n"),
              let raw = try? JSONDecoder().decode(Raw.self, from: Data(trimmed.utf8)), raw.type == "compare_folds" else { return nil }
        let entries = (raw.optimizers ?? []).map { entry in
            Entry(name: entry.name, learningRate: entry.learningRate, diverged: entry.diverged,
                  folds: (entry.folds ?? []).compactMap(CrossValidationRecord.fold), metrics: entry.metrics ?? [:])
        }
        let pairs = (raw.pairedTests ?? []).map { Pair(first: $0.first, second: $0.second, withinSpread: $0.withinSpread ?? false, test: $0.result) }
        return CrossValidatedComparison(data: raw.data, foldCount: raw.folds ?? entries.first?.folds.count ?? 0, group: raw.group,
                                        quantity: raw.quantity ?? "log_loss", epochs: raw.epochs, entries: entries, pairs: pairs)
    }

    /// The object's keys that are shown.
    struct Raw: Decodable {
        var type: String?
        var data: String?
        var folds: Int?
        var group: String?
        var quantity: String?
        var epochs: Int?
        var optimizers: [RawEntry]?
        var pairedTests: [RawPair]?

        enum CodingKeys: String, CodingKey { case type, data, folds, group, quantity, epochs, optimizers, pairedTests = "paired_tests" }
    }

    /// One optimizer's keys.
    struct RawEntry: Decodable {
        var name: String
        var learningRate: Double?
        var diverged: String?
        var folds: [[String: CrossValidationRecord.Cell]]?
        var metrics: [String: FoldStatistics]?

        enum CodingKeys: String, CodingKey { case name, learningRate = "learning_rate", diverged, folds, metrics }
    }

    /// One pair's keys.
    struct RawPair: Decodable {
        var first: String
        var second: String
        var withinSpread: Bool?
        var result: PairedTest?

        enum CodingKeys: String, CodingKey { case first, second, withinSpread = "within_spread", result }
    }
}
