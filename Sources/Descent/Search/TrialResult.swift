import Foundation

/// What one finished trial gave: one line of the results file (JSON Lines), self-contained so that
/// shards written on different machines merge without anything else.
///
/// ```json
/// {"type": "trial", "round": 1, "trial": 3, "params": {"lr": 0.0031, "layers": "64,64"}, "status": "finished",
///  "val_loss": 0.071, "val_accuracy": 0.967, "train_loss": 0.05, "epochs": 23, "best_epoch": 13,
///  "max_epochs": 30, "seconds": 1.2,
///  "space": ["lr=log:1e-05:0.1", "layers=choice:32|64,64"],
///  "arguments": ["--lr", "0.0031", "--layers", "64,64"], "error": null, "data_sha256": "…",
///  "data_file": "wine.csv", "descent_version": "0.2.0"}
/// ```
public struct TrialResult: Sendable, Equatable, Codable {
    /// How a trial ended.
    public enum Status: String, Sendable, Equatable, Codable {
        /// Trained to the end or to an early stop.
        case finished
        /// The loss or gradient became non-finite (`descent train` exit 3): a result, not an error —
        /// the rate was too high — and not rerun.
        case diverged
        /// The training process failed otherwise; rerun by the next search with the same results file.
        case failed
    }

    /// The trial: round, position in its list, values.
    public var trial: SearchTrial
    /// How it ended.
    public var status: Status
    /// The best validation loss (the weights early stopping restores), when there is a validation set.
    public var validationLoss: Double?
    /// The validation accuracy at those weights (classification).
    public var validationAccuracy: Double?
    /// The training loss at those weights.
    public var trainingLoss: Double?
    /// Epochs trained.
    public var epochs: Int?
    /// The epoch whose weights were kept.
    public var bestEpoch: Int?
    /// The epoch budget the trial was given (it grows with each refine round).
    public var maxEpochs: Int
    /// Wall-clock seconds.
    public var seconds: Double
    /// The round's space as written (`lr=log:1e-05:0.1`): the ranges the edge check uses.
    public var space: [String]
    /// Every `descent train` argument after the data file, pass-through flags included: what makes a
    /// finished trial recognizable when a search is run again.
    public var arguments: [String]
    /// The failure's message, for a failed trial.
    public var error: String?
    /// What produced the record: the data file's SHA-256 and name, and the Descent version (nil
    /// in records written before Descent kept them).
    public var provenance: TrialProvenance?
    /// With `--folds K`: the folds, the metric that ranked the trial (its mean is ``validationLoss``)
    /// and its standard error s/√K; nil for a single-split trial and for records without it.
    public var crossValidation: TrialCrossValidation?

    /// Creates a result.
    public init(trial: SearchTrial, status: Status, validationLoss: Double? = nil, validationAccuracy: Double? = nil,
                trainingLoss: Double? = nil, epochs: Int? = nil, bestEpoch: Int? = nil, maxEpochs: Int, seconds: Double,
                space: [String], arguments: [String], error: String? = nil, provenance: TrialProvenance? = nil) {
        self.trial = trial
        self.status = status
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.trainingLoss = trainingLoss
        self.epochs = epochs
        self.bestEpoch = bestEpoch
        self.maxEpochs = maxEpochs
        self.seconds = seconds
        self.space = space
        self.arguments = arguments
        self.error = error
        self.provenance = provenance
    }

    /// The standard error of ``score`` over the folds (nil without cross-validation).
    public var scoreStandardError: Double? {
        guard score != nil, validationLoss != nil else { return nil }
        return crossValidation?.standardError
    }

    /// What ranks trials, lower is better: the validation loss, or the training loss when the
    /// search runs without a validation set; nil for diverged and failed trials.
    public var score: Double? {
        guard status == .finished else { return nil }
        return validationLoss ?? trainingLoss
    }

    /// The identity of a trial across reruns and shards: round, position, the full arguments and
    /// what produced it (data hash and Descent version).
    public var key: TrialKey { TrialKey(round: trial.round, index: trial.index, arguments: arguments, provenance: provenance) }

    /// The record as one JSON line (no newline, keys sorted), written by `JSONEncoder` (see ``encode(to:)``).
    public var jsonLine: String {
        // Encoding cannot fail: encode(to:) writes non-finite doubles as null.
        (try? JSONLine.encode(self)) ?? "{}"
    }

    /// Reads a record written by ``jsonLine`` (or by an older Descent, without `type`); `file` and
    /// `line` name it in the error. `JSONDecoder` reads doubles exactly (JSONSerialization on Linux
    /// may not), so the values read back are the values the trial ran with, and a refined round is
    /// the same on a rerun.
    public init(jsonLine text: String, file: String = "<text>", line: Int = 1) throws {
        do {
            self = try JSONDecoder().decode(TrialResult.self, from: Data(text.utf8))
        } catch let TrialRecordFault.reason(reason) {
            throw SearchError.malformedResult(file: file, line: line, reason: reason)
        } catch let DecodingError.keyNotFound(key, _) {
            throw SearchError.malformedResult(file: file, line: line, reason: "no '\(key.stringValue)' (a record needs round, trial, params, status, max_epochs, space and arguments)")
        } catch {
            throw SearchError.malformedResult(file: file, line: line, reason: "needs round, trial, params, status, max_epochs, space and arguments")
        }
    }

    /// Reads a results file's text: one record per non-blank line. A last line cut short (the
    /// search killed mid-write) is skipped; any other bad line is an error naming it.
    public static func records(inText text: String, file: String) throws -> [TrialResult] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var results: [TrialResult] = []
        for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                results.append(try TrialResult(jsonLine: line, file: file, line: number + 1))
            } catch where number == lines.count - 1 && !text.hasSuffix("\n") {
                continue  // a partial last line
            }
        }
        return results
    }
}

/// A cross-validated trial's spread: K, the ranking metric's name and s/√K over the folds.
public struct TrialCrossValidation: Sendable, Equatable, Codable {
    /// The number of folds.
    public var folds: Int
    /// The fold metric whose mean ranks the trial: `log_loss` (classification) or `rmse` (regression).
    public var metric: String
    /// Its standard error over the folds, s/√K.
    public var standardError: Double

    /// Creates the record.
    public init(folds: Int, metric: String, standardError: Double) {
        self.folds = folds
        self.metric = metric
        self.standardError = standardError
    }
}

/// What identifies a trial: its round, its place in the round's list and its `descent train` arguments.
public struct TrialKey: Sendable, Hashable {
    /// The round.
    public var round: Int
    /// The position in the round's list.
    public var index: Int
    /// The arguments after the data file.
    public var arguments: [String]
    /// The data hash and Descent version (nil for records that predate them).
    public var provenance: TrialProvenance?

    /// Creates a key.
    public init(round: Int, index: Int, arguments: [String], provenance: TrialProvenance? = nil) {
        self.round = round
        self.index = index
        self.arguments = arguments
        self.provenance = provenance
    }
}
