import ArgumentParser
import Descent

/// The flag of evaluate and predict that says what to do with rows holding a missing feature.
struct ScoringOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Rows with a missing feature (empty, NA, N/A, NaN, null, ?). Default: not scored (predict writes an empty prediction, evaluate skips the row), and counted on standard error.",
        discussion: "error: stop at the first; drop: leave the rows out (predict writes no line for them); mean or median: fill as training did, from the checkpoint's statistics.",
        valueName: "error|drop|mean|median"))
    var missing: MissingValuePolicy?
}

/// How evaluate and predict word the rows they could not score.
enum ScoringReport {
    /// "3 of 150 rows could not be scored: 2 missing value, 1 unknown category (lines 4, 17, 90)", or nil when every row was.
    static func summary(_ rows: ScoringRows) -> String? {
        guard !rows.unscored.isEmpty else { return nil }
        let reasons = rows.countsByReason.map { "\($0.rows) \(words($0.reason))" }.joined(separator: ", ")
        return "\(rows.unscored.count) of \(rows.totalRows) \(rows.totalRows == 1 ? "row" : "rows") could not be scored: \(reasons) (\(lines(rows)))"
    }

    /// "line 4" or "lines 4, 17, 90, … (the first 10 of 143)": the first `limit` rows' places.
    static func lines(_ rows: ScoringRows, limit: Int = 10) -> String {
        let shown = rows.unscored.prefix(limit).map { "\($0.location.line)" }.joined(separator: ", ")
        let more = rows.unscored.count > limit ? ", … (the first \(limit) of \(rows.unscored.count))" : ""
        return (rows.unscored.count == 1 ? "line " : "lines ") + shown + more
    }

    /// The first unscored row in words: "iris.csv:4:2: missing value in column \"petal_length\"".
    static func firstExample(_ rows: ScoringRows) -> String? {
        rows.unscored.first.map { "first: \($0.location): \(words($0.reason)) in column \(TextExcerpt.quoted($0.columnName))" }
    }

    /// The reason in words.
    static func words(_ reason: UnscoredReason) -> String {
        switch reason {
        case .missingValue: return "missing value"
        case .unknownCategory: return "unknown category"
        case .nonNumericValue: return "non-numeric value"
        case .missingTarget: return "missing target"
        case .unknownClass: return "unknown class"
        case .outOfRange: return "value out of range"
        }
    }

    /// What to do about them, naming the flags.
    static func advice(_ rows: ScoringRows, policy: MissingValuePolicy?) -> String {
        let hasMissing = rows.unscored.contains { $0.reason == .missingValue }
        switch policy {
        case .drop?: return "left out of the output (--missing drop)"
        case nil where hasMissing: return "--missing mean|median fills missing values as training did; --missing drop leaves the rows out"
        default: return ""
        }
    }
}
