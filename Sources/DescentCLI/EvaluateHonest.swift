import ArgumentParser
import Descent
import Foundation
import Linalg

/// The flags of `descent evaluate` for honest scores: the held-out rows, the bootstrap.
struct HonestScoringOptions: ParsableArguments {
    @Flag(help: "Score only the rows `descent train --test-split` held out of this same file (recorded in the model): never seen in training or validation.")
    var heldOut = false

    @Option(help: "Bootstrap resamples for the 95% intervals of log-loss, F1, AUC, RMSE, MAE and R² (0 = off). Accuracy gets Wilson's interval.")
    var bootstrap = 1000

    @Option(help: "Seed of the bootstrap's resampling.")
    var seed: UInt64 = 0

    func validate() throws {
        guard bootstrap >= 0 && bootstrap <= 1_000_000 else { throw ValidationError("--bootstrap must be in 0…1000000, got \(bootstrap)") }
    }
}

extension EvaluateCommand {
    /// The rows to score: all of them, or with --held-out the recorded test rows (the file must be
    /// the training file, checked by its SHA-256).
    func selectRows(_ dataset: Dataset, record: HeldOutRecord?) throws -> Dataset {
        guard honest.heldOut else { return dataset }
        guard let record, !record.testLines.isEmpty else {
            throw CLIUsageError(description: "--held-out: \(model) records no test rows; train it with --test-split 0.2 (or score a separate file)")
        }
        if let expected = record.sourceSHA256, let actual = try? SHA256.hex(ofFileAt: data).get(), expected != actual {
            throw CLIUsageError(description: "--held-out: \(data) is not the file \(model) was trained on (\(record.source), SHA-256 differs); give that file")
        }
        let rows = record.testRows(of: dataset)
        if !json { Diagnostics.print("descent: scoring the \(rows.count) held-out test rows of \(data) (of \(record.testLines.count) recorded)") }
        return dataset.subset(rows)
    }

    /// Warns when rows of the scored file were used in training or validation; returns how many (nil: unknown).
    func warnAboutTrainedRows(_ dataset: Dataset, record: HeldOutRecord?) -> Int? {
        guard let seen = record?.rowsSeenInTraining(dataset) else { return nil }
        if !seen.isEmpty {
            let advice = (record?.testLines.isEmpty ?? true)
                ? "score a file the model never saw, or retrain with --test-split 0.2 and evaluate with --held-out"
                : "evaluate with --held-out to score only the \(record!.testLines.count) test rows train kept aside"
            Diagnostics.print("descent: warning: \(seen.count) of the \(dataset.rowCount) scored rows were used in training or validation "
                + "(same features and target as a training row): these scores are optimistic; \(advice)")
        }
        return seen.count
    }

    /// The scores with intervals, the linear baseline and the class-prior (or mean) baseline.
    func honestReports<Scalar: BLASScalar>(_ loaded: LoadedModel<Scalar>, dataset: Dataset, record: HeldOutRecord?)
        -> (model: ScoreReport, linear: ScoreReport?)? {
        let set = EvaluationSet<Scalar>(dataset: dataset)
        let bootstrap = Bootstrap(resamples: honest.bootstrap, seed: honest.seed)
        guard let report = ScoreReport(network: loaded.network, set: set, prior: record?.classPrior, mean: record?.targetMean,
                                       bootstrap: bootstrap) else { return nil }
        let linearNetwork: Network<Scalar>? = record?.linearNetwork(of: loaded.description.spec)
        let linear = linearNetwork.flatMap { ScoreReport(network: $0, set: set, prior: nil, mean: nil, bootstrap: bootstrap) }
        return (report, linear)
    }

    /// The JSON fields of the honest scores.
    static func honestFields(_ reports: (model: ScoreReport, linear: ScoreReport?)?, seen: Int?, heldOut: Bool) throws -> [(String, String)] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func json(_ report: ScoreReport?) throws -> String {
            guard let report else { return "null" }
            return String(decoding: try encoder.encode(report), as: UTF8.self)
        }
        return [("held_out", heldOut ? "true" : "false"), ("rows_seen_in_training", seen.map(String.init) ?? "null"),
                ("scores", try json(reports?.model)), ("linear_scores", try json(reports?.linear))]
    }

    /// The text lines of the honest scores.
    static func honestLines(_ reports: (model: ScoreReport, linear: ScoreReport?)?) -> [String] {
        guard let reports else { return [] }
        var lines = [""] + RunOutputs.scoreLines(name: "scored", model: reports.model, linear: reports.linear)
        if let scores = reports.model.classification {
            let intervals = reports.model.intervals
            lines.append("  also      " + [ScoreText.value("balanced accuracy", scores.balancedAccuracy, intervals["balanced_accuracy"] ?? nil),
                                          ScoreText.value("weighted F1", scores.weightedF1, intervals["weighted_f1"] ?? nil),
                                          ScoreText.value("PR-AUC", scores.prAUC, intervals["pr_auc"] ?? nil),
                                          ScoreText.value("calibration error (ECE, 10 bins)", scores.expectedCalibrationError,
                                                          intervals["expected_calibration_error"] ?? nil)].joined(separator: "  "))
        }
        if let bins = reports.model.calibration?.bins.filter({ $0.count > 0 }), !bins.isEmpty {
            lines.append("  reliability (confidence → accuracy, rows): " + bins.map {
                "\(String(format: "%.2f", $0.meanConfidence ?? 0))→\(String(format: "%.2f", $0.accuracy ?? 0)) (\($0.count))"
            }.joined(separator: ", "))
        }
        return lines
    }
}
