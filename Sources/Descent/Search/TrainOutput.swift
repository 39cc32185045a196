import Foundation

/// What a search reads from the standard output of a trial's `descent train --json`: the summary
/// line as the library's ``TrainingSummaryRecord`` (decoded with `JSONDecoder`, so every metric is
/// the exact Double the trial printed), and the epoch lines a diverged trial completed.
public enum TrainOutput {
    /// The last line that decodes as a summary (`"type": "summary"`); nil when there is none.
    public static func summary(inOutput lines: [Substring]) -> TrainingSummaryRecord? {
        let decoder = JSONDecoder()
        for line in lines.reversed() {
            if let record = try? decoder.decode(TrainingSummaryRecord.self, from: Data(line.utf8)), record.type == "summary" { return record }
        }
        return nil
    }

    /// How many epoch lines (`"type": "epoch"` with an `epoch` number) the output holds.
    public static func epochLineCount(inOutput lines: [Substring]) -> Int {
        struct Line: Decodable {
            var type: String?
            var epoch: Int?
        }
        let decoder = JSONDecoder()
        return lines.filter { line in
            guard let decoded = try? decoder.decode(Line.self, from: Data(line.utf8)) else { return false }
            return decoded.epoch != nil && (decoded.type == nil || decoded.type == "epoch")
        }.count
    }
}

/// The cross-validation line of `descent train --folds K --json` (`"type": "cross_validation"`):
/// K and each fold metric's statistics over the folds.
public struct CrossValidationLine: Decodable, Sendable, Equatable {
    /// "cross_validation".
    public var type: String
    /// K.
    public var folds: Int
    /// Each metric's per-fold values, mean, sd and standard error.
    public var metrics: [String: FoldStatistics]

    /// The metric whose mean ranks a trial, lower being better: `log_loss` when the folds report
    /// it (classification), else `rmse` (regression); nil when neither is there.
    public var rankingMetric: String? { ["log_loss", "rmse"].first { metrics[$0] != nil } }
}

extension TrainOutput {
    /// The last line that decodes as a cross-validation summary; nil when there is none.
    public static func crossValidation(inOutput lines: [Substring]) -> CrossValidationLine? {
        let decoder = JSONDecoder()
        for line in lines.reversed() {
            if let record = try? decoder.decode(CrossValidationLine.self, from: Data(line.utf8)), record.type == "cross_validation" { return record }
        }
        return nil
    }
}
