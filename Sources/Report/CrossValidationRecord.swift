import Descent
import Foundation

/// What `descent train --folds K --json` printed: one `{"type": "fold", …}` line per fold (its
/// number from 1, `training_rows`, `scored_rows`, `epochs` and each metric as a number or null) and
/// a closing `{"type": "cross_validation", …}` line (`folds`, `group`, `metrics` by name with
/// `values`, `mean`, `standard_deviation`, `standard_error`, `refit`, `models`).
///
/// Read tolerantly, by those keys only: other keys are ignored, so records that gain fields still
/// show; a file whose lines are not all objects of these two types is not a cross-validation.
public struct CrossValidationRecord: Sendable, Equatable {
    /// One fold's line.
    public struct Fold: Sendable, Equatable {
        /// The fold's number, from 1.
        public var fold: Int
        /// Rows the fold's model trained on.
        public var trainingRows: Int?
        /// Rows it was scored on.
        public var scoredRows: Int?
        /// Metric name → value (nil: undefined on this fold).
        public var metrics: [String: Double?]
    }

    /// The folds, in the order printed.
    public var folds: [Fold]
    /// Metric name → statistics over the folds (empty when the closing line is missing).
    public var metrics: [String: FoldStatistics]
    /// K.
    public var foldCount: Int
    /// The `--group` column, if any.
    public var group: String?
    /// Whether one model was refit on all rows.
    public var refit: Bool?
    /// The model files written.
    public var models: [String]

    /// The record in `text` (JSON lines), nil when it holds no fold line or any line of another kind.
    public static func parse(_ text: String) -> CrossValidationRecord? {
        var folds: [Fold] = []
        var summary: Summary?
        let decoder = JSONDecoder()
        for line in text.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
            let data = Data(line.utf8)
            guard let kind = try? decoder.decode(Kind.self, from: data) else { return nil }
            switch kind.type {
            case "fold":
                guard let cells = try? decoder.decode([String: Cell].self, from: data), let fold = fold(cells) else { return nil }
                folds.append(fold)
            case "cross_validation": summary = try? decoder.decode(Summary.self, from: data)
            default: return nil
            }
        }
        guard !folds.isEmpty else { return nil }
        return CrossValidationRecord(folds: folds, metrics: summary?.metrics ?? [:], foldCount: summary?.folds ?? folds.count,
                                     group: summary?.group, refit: summary?.refit, models: summary?.models ?? [])
    }

    /// A fold from its line's cells: the fixed keys, and every other number or null as a metric.
    static func fold(_ cells: [String: Cell]) -> Fold? {
        guard case let .number(number)? = cells["fold"] else { return nil }
        func count(_ key: String) -> Int? { if case let .number(value)? = cells[key] { Int(value) } else { nil } }
        var metrics: [String: Double?] = [:]
        for (key, cell) in cells where !["type", "fold", "training_rows", "scored_rows", "epochs"].contains(key) {
            switch cell {
            case .number(let value): metrics.updateValue(value, forKey: key)
            case .null: metrics.updateValue(nil, forKey: key)
            case .other: continue
            }
        }
        return Fold(fold: Int(number), trainingRows: count("training_rows"), scoredRows: count("scored_rows"), metrics: metrics)
    }

    /// A line's `type`.
    struct Kind: Decodable { var type: String? }

    /// One value of a fold line: a number, null, or anything else (ignored).
    enum Cell: Decodable {
        case number(Double), null, other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null } else if let value = try? container.decode(Double.self) { self = .number(value) } else { self = .other }
        }
    }

    /// The keys of the closing line that are shown.
    struct Summary: Decodable {
        var folds: Int?
        var group: String?
        var metrics: [String: FoldStatistics]?
        var refit: Bool?
        var models: [String]?
    }
}
