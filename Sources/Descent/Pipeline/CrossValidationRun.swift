import Foundation
import Linalg

extension CrossValidation {
    /// A k-fold cross-validation of the run `configuration` describes: for each fold of `folds`,
    /// the run trained on the other folds (early stopping on a validation split of them) and
    /// scored on it; `plan.parallelism` folds at a time, each on one BLAS thread (the same bits as
    /// one at a time). Each fold's model carries a `RunConfiguration` whose `folds` names its rows,
    /// so a resume rebuilds it. With `plan.modelPath` the K fold models are saved together at the
    /// end — or, with `plan.refit`, one model trained on all rows for the folds' mean best epoch
    /// count. Never prints: `observer` hears of each fold. Throws `CrossValidationError` when a
    /// fold diverges or is stopped (nothing is saved then), and the errors of `TrainingRun`,
    /// `FoldPreparation` and `FileError`.
    public static func run(_ folds: FoldPreparation, configuration: RunConfiguration, plan: CrossValidationPlan,
                           observer: any CrossValidationObserver = SilentCrossValidationObserver()) throws -> CrossValidationResult {
        switch configuration.precision {
        case .float: return try FoldTraining<Float>(folds: folds, configuration: configuration, plan: plan, observer: observer).run()
        case .double: return try FoldTraining<Double>(folds: folds, configuration: configuration, plan: plan, observer: observer).run()
        }
    }

    /// The metrics each fold reports (snake_case names): accuracy, log_loss, macro_f1,
    /// balanced_accuracy, roc_auc for classification; rmse, mae, r2 for regression.
    public static func metrics(of report: ScoreReport) -> [String: Double?] {
        if let scores = report.classification {
            return ["accuracy": scores.accuracy, "log_loss": scores.logLoss, "macro_f1": scores.macroF1,
                    "balanced_accuracy": scores.balancedAccuracy, "roc_auc": scores.rocAUC]
        }
        if let scores = report.regression { return ["rmse": scores.rmse, "mae": scores.mae, "r2": scores.r2] }
        return [:]
    }

    /// The order the metrics are shown in (those `metrics(of:)` gives, then "best_epoch").
    public static let metricOrder = ["accuracy", "log_loss", "macro_f1", "balanced_accuracy", "roc_auc", "rmse", "mae", "r2", "best_epoch"]
}

/// One fold's outcome inside `FoldTraining`: its scores, epochs and staged model files.
struct FoldOutcome: Sendable {
    var result: FoldResult
    var completedEpochs: Int
    var bestEpoch: Int
    var staged: [AtomicFile.Staged]
}

/// The folds of one cross-validation trained in `Scalar` precision.
struct FoldTraining<Scalar: BLASScalar>: Sendable {
    let folds: FoldPreparation
    let configuration: RunConfiguration
    let plan: CrossValidationPlan
    let observer: any CrossValidationObserver
    let stop = StopFlag()
    let sourceSHA256: String?

    init(folds: FoldPreparation, configuration: RunConfiguration, plan: CrossValidationPlan, observer: any CrossValidationObserver) {
        self.folds = folds
        self.configuration = configuration
        self.plan = plan
        self.observer = observer
        sourceSHA256 = try? SHA256.hex(ofFileAt: folds.preparation.path).get()
    }

    func run() throws -> CrossValidationResult {
        let k = folds.assignment.foldCount
        let outcomes = try trainFolds(parallelism: min(max(1, plan.parallelism), k))
        let staged = outcomes.flatMap(\.staged)
        var result = CrossValidationResult(summary: CrossValidationSummary(assignment: folds.assignment, folds: outcomes.map(\.result)),
                                           groupColumn: folds.groupColumn, lineOfRow: folds.dataset.sourceLines,
                                           completedEpochs: outcomes.map(\.completedEpochs))
        do {
            if plan.refit, let path = plan.modelPath {
                let epochs = Int((Double(outcomes.map(\.bestEpoch).reduce(0, +)) / Double(k)).rounded())
                AtomicFile.discard(staged)
                try AtomicFile.commit(try refit(epochs: max(1, epochs), to: path))
                result.refitEpochs = max(1, epochs)
                result.models = [SavedFoldModel(path: path, fold: nil)]
            } else {
                try AtomicFile.commit(staged)
                result.models = plan.modelPaths(foldCount: k).enumerated().map { SavedFoldModel(path: $1, fold: $0) }
            }
        } catch {
            AtomicFile.discard(staged)
            throw error
        }
        return result
    }

    /// Every fold, `parallelism` at a time (BLAS on one thread each when above 1). The first
    /// failure stops the other folds; the error reported is the first real one in fold order
    /// (not a fold stopped because another failed). Staged files of every fold are discarded on failure.
    func trainFolds(parallelism: Int) throws -> [FoldOutcome] {
        let previousThreads = OpenBLASRuntime.threadCount
        if parallelism > 1 { OpenBLASRuntime.setThreadCount(1) }
        defer { if parallelism > 1 { OpenBLASRuntime.setThreadCount(previousThreads) } }
        let results = ParallelJobs.map(count: folds.assignment.foldCount, parallelism: parallelism) { fold in
            do {
                return try train(fold: fold)
            } catch {
                stop.set()
                throw error
            }
        }
        let outcomes = results.compactMap { try? $0.get() }
        guard outcomes.count == results.count else {
            AtomicFile.discard(outcomes.flatMap(\.staged))
            let errors = results.compactMap { result -> (any Error)? in
                if case let .failure(error) = result { return error }
                return nil
            }
            throw errors.first { !($0 is StoppedByOtherFold) } ?? errors[0]
        }
        return outcomes
    }

    /// Fold `fold`: trained, scored on its held-out rows, its model staged when the plan saves fold models.
    func train(fold: Int) throws -> FoldOutcome {
        let data = try folds.fold(fold)
        let run = try TrainingRun<Scalar>(configuration: try foldConfiguration(data, fold: fold), data: data)
        let result = try run.run(observer: FoldStopObserver(observer.trainingObserver(fold: fold), stop: stop))
        try check(result, fold: fold)
        let set = EvaluationSet<Scalar>(dataset: data.dataset, rows: data.split.test)
        var metrics = ScoreReport(network: run.network, set: set, prior: nil, mean: nil, bootstrap: Bootstrap(resamples: 0))
            .map(CrossValidation.metrics(of:)) ?? [:]
        let best = result.restoredEpoch ?? result.completedEpochs
        metrics["best_epoch"] = Double(best)
        let scores = FoldResult(fold: fold, trainingRowCount: data.split.training.count, validationRowCount: set.rowCount, metrics: metrics)
        observer.foldFinished(scores, completedEpochs: result.completedEpochs, history: result.history)
        let staged = plan.modelPath != nil && !plan.refit
            ? try stage(run, to: CrossValidationPlan.foldModelPath(plan.modelPath!, fold: fold)) : []
        return FoldOutcome(result: scores, completedEpochs: result.completedEpochs, bestEpoch: best, staged: staged)
    }

    /// One model on all rows for `epochs` epochs (no early stopping), staged to `path`.
    func refit(epochs: Int, to path: String) throws -> [AtomicFile.Staged] {
        let data = try folds.all()
        var configuration = try foldConfiguration(data, fold: nil)
        configuration.settings.epochs = epochs
        configuration.settings.earlyStopping = nil
        observer.refitStarted(epochs: epochs, rowCount: data.dataset.rowCount)
        let run = try TrainingRun<Scalar>(configuration: configuration, data: data)
        try check(try run.run(observer: observer.trainingObserver(fold: nil)), fold: nil)
        return try stage(run, to: path)
    }

    /// The run's configuration for `fold` (nil: all rows): its rows named, its class weights from its training rows.
    func foldConfiguration(_ data: PreparedData, fold: Int?) throws -> RunConfiguration {
        var configuration = configuration
        configuration.folds = FoldSelection(foldCount: folds.assignment.foldCount, groupColumn: folds.groupColumn, fold: fold, seed: folds.seed)
        let dataset = data.dataset
        if dataset.task == .classification {
            configuration.classWeights = try plan.classWeighting.weights(classNames: dataset.classNames,
                                                                        trainingLabels: data.split.training.map { dataset.classIndices[$0] })
        }
        return configuration
    }

    /// Throws for a run that did not finish.
    func check(_ result: TrainingResult, fold: Int?) throws {
        switch result.ending {
        case .completed, .stoppedEarly: return
        case let .diverged(divergence): throw CrossValidationError.diverged(fold: fold, divergence)
        case let .interrupted(epoch):
            if stop.isSet { throw StoppedByOtherFold() }
            throw CrossValidationError.interrupted(fold: fold, epoch: epoch)
        }
    }

    /// The model and resume state of `run` written to temporaries beside `path`, with the plan's
    /// metadata and the honest-evaluation record (the held-out fold is its test lines).
    func stage(_ run: TrainingRun<Scalar>, to path: String) throws -> [AtomicFile.Staged] {
        var pair = try run.checkpointPair(runID: CheckpointPair.newID())
        pair.model.metadata.merge(plan.metadata) { _, added in added }
        let record = HeldOutRecord(data: run.data, sourceSHA256: sourceSHA256, classWeights: run.network.lossFunction.classWeights)
        pair.model.metadata[HeldOutRecord.metadataKey] = try JSONLine.encode(record)
        var staged: [AtomicFile.Staged] = []
        do {
            staged.append(try pair.resume.stage(to: CheckpointPair.resumePath(forModel: path)))
            staged.append(try pair.model.stage(to: path))
        } catch {
            AtomicFile.discard(staged)
            throw error
        }
        return staged
    }
}

/// A fold stopped because another fold failed (never reported in place of that failure).
struct StoppedByOtherFold: Error {}

/// Set once, read from every fold's thread.
final class StopFlag: @unchecked Sendable {
    private var value = false
    private let lock = NSLock()

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// A fold's training observer that also stops when another fold has failed.
final class FoldStopObserver: TrainingObserver {
    let inner: any TrainingObserver
    let stop: StopFlag

    init(_ inner: any TrainingObserver, stop: StopFlag) {
        self.inner = inner
        self.stop = stop
    }

    func shouldStop() -> Bool { stop.isSet || inner.shouldStop() }
    func stepFinished(epoch: Int, done: Int, total: Int) { inner.stepFinished(epoch: epoch, done: done, total: total) }
    func curvatureMeasured(_ measurement: CurvatureMeasurement) { inner.curvatureMeasured(measurement) }
    func epochEnded(_ record: EpochRecord, events: [TrainingEvent]) throws { try inner.epochEnded(record, events: events) }
    func stoppedEarly(epoch: Int, bestEpoch: Int, bestLoss: Double) { inner.stoppedEarly(epoch: epoch, bestEpoch: bestEpoch, bestLoss: bestLoss) }
    func interrupted(epoch: Int) { inner.interrupted(epoch: epoch) }
    func diverged(_ divergence: TrainingDivergence) { inner.diverged(divergence) }
}
