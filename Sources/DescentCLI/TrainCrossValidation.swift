import ArgumentParser
import Descent
import Foundation
import Linalg

/// `descent train --folds K`: K runs, each trained on K − 1 folds and scored on the last, reported
/// per fold and as mean ± sd; the assignment goes to the JSON and beside --history; --out saves the
/// K fold models, or with --refit one model on all rows for the folds' mean best epoch count.
struct TrainCrossValidation<Scalar: BLASScalar> {
    let command: TrainCommand
    let arguments: [String]

    /// The metrics each fold reports, in the order shown.
    static func metrics(_ report: ScoreReport) -> [(String, Double?)] {
        if let scores = report.classification {
            return [("accuracy", scores.accuracy), ("log_loss", scores.logLoss), ("macro_f1", scores.macroF1),
                    ("balanced_accuracy", scores.balancedAccuracy), ("roc_auc", scores.rocAUC)]
        }
        if let scores = report.regression { return [("rmse", scores.rmse), ("mae", scores.mae), ("r2", scores.r2)] }
        return []
    }

    func execute() throws {
        try refuseIncompatibleFlags()
        guard let path = command.data, let k = command.honest.folds else { return }
        let folds = try TrainingRunFlags.mapping(flag: "--folds") {
            try FoldPreparation(try command.preparation(path: path), foldCount: k, groupColumn: command.honest.group, seed: command.seed)
        }
        if !command.quiet && !command.json {
            Diagnostics.print("descent: \(path): \(Plural.count(folds.dataset.rowCount, "row")) in \(k) folds of \(folds.assignment.foldSizes.map(String.init).joined(separator: ", ")) rows"
                + (folds.groups.map { " (grouped by \(command.honest.group ?? ""): \(Set($0).count) groups)" } ?? ", stratified"))
        }
        var results: [FoldResult] = [], histories: [TrainingHistory] = [], bestEpochs: [Int] = [], runs: [TrainingRun<Scalar>] = []
        for fold in 0..<k {
            let (run, result) = try train(folds.fold(fold), label: "fold \(fold + 1)/\(k)")
            let set = EvaluationSet<Scalar>(dataset: run.data.dataset, rows: run.data.split.test)
            guard let report = ScoreReport(network: run.network, set: set, prior: nil, mean: nil, bootstrap: Bootstrap(resamples: 0)) else { continue }
            let best = result.restoredEpoch ?? result.completedEpochs
            var metrics = Dictionary(uniqueKeysWithValues: Self.metrics(report))
            metrics["best_epoch"] = Double(best)
            results.append(FoldResult(fold: fold, trainingRowCount: run.data.split.training.count, validationRowCount: set.rowCount, metrics: metrics))
            histories.append(result.history)
            bestEpochs.append(best)
            if command.json { try StandardOutput.line(try Self.foldJSON(results.last!, epochs: result.completedEpochs)) }
            if command.out != nil && !command.honest.refit { runs.append(run) }
        }
        let summary = CrossValidationSummary(assignment: folds.assignment, folds: results)
        let models = try saveModels(runs: runs, folds: folds, bestEpochs: bestEpochs)
        try writeHistory(histories, folds: folds)
        try report(summary, folds: folds, models: models)
    }

    /// Trains one run to its end (silently but for a progress bar; Ctrl-C stops the whole command).
    func train(_ prepared: PreparedData, label: String, epochs: Int? = nil) throws -> (TrainingRun<Scalar>, TrainingResult) {
        let spec = try command.model.spec(for: prepared)
        var settings = try TrainCommandRun<Scalar>(command: command, arguments: arguments, resumed: nil).trainingSettings(trainingRows: prepared.split.training.count)
        if let epochs {
            settings.epochs = max(1, epochs)
            settings.earlyStopping = nil
        }
        let run = try TrainingRunFlags.mapping(flag: "--optimizer") {
            try TrainingRun<Scalar>(data: prepared, spec: spec, method: try command.optim.method(), settings: settings, seed: command.seed)
        }
        try run.network.lossFunction.setClassWeights(try TrainCommandRun<Scalar>.classWeights(command, prepared))
        let observer = FoldObserver(label: label, enabled: !command.quiet && !command.json)
        let result = try run.run(observer: observer)
        switch result.ending {
        case .completed, .stoppedEarly:
            return (run, result)
        case .interrupted:
            Diagnostics.print("descent: interrupted by \(Interrupt.signalName) during \(label); cross-validation results are not written")
            throw ExitCode(Interrupt.exitStatus)
        case let .diverged(divergence):
            Diagnostics.print("descent: \(label): \(divergence)")
            throw ExitCode(ExitStatus.diverged)
        }
    }

    /// Flags that make no sense with --folds (each fold's test rows are the held-out fold).
    func refuseIncompatibleFlags() throws {
        let refused: [(String, Bool)] = [("--resume", command.resume != nil), ("--val", command.val != nil), ("--test", command.test != nil),
                                         ("--test-split", command.testSplit > 0), ("--plot", command.plot != nil), ("--report", command.report != nil),
                                         ("--curvature-every", command.curvatureEvery != nil), ("--init-from", command.initFrom != nil)]
        if let flag = refused.first(where: { $0.1 })?.0 {
            throw CLIUsageError(description: "--folds: \(flag) is not supported with cross-validation (each fold's scored rows are the held-out fold); drop one of them")
        }
        let out = command.out
        let modelPaths = out.map { path in command.honest.refit ? [path] : (0..<(command.honest.folds ?? 0)).map { Self.foldPath(path, fold: $0) } } ?? []
        var outputs: [(String, String?)] = modelPaths.map { ("--out", $0) } + modelPaths.map { ("--out's resume state", CheckpointPair.resumePath(forModel: $0)) }
        outputs += [("--history", command.history), ("--history's fold assignment", command.history.map(Self.assignmentPath))]
        try OutputCheck.verify(outputs: outputs, inputs: [("DATA", command.data)])
    }

    /// "iris.safetensors" → "iris.fold1.safetensors" (folds numbered from 1).
    static func foldPath(_ path: String, fold: Int) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension.isEmpty ? "safetensors" : url.pathExtension
        return url.deletingPathExtension().path + ".fold\(fold + 1)." + ext
    }

    /// "history.csv" → "history.folds.csv": each data row's file line and fold.
    static func assignmentPath(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension.isEmpty ? "csv" : url.pathExtension
        return url.deletingPathExtension().path + ".folds." + ext
    }
}

/// A progress bar per fold, and the stop flag.
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
