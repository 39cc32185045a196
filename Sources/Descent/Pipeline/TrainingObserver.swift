/// What a `TrainingRun` reports while it runs, and how it is asked to stop. The run never prints,
/// writes files or handles signals: an observer does (the CLI's progress bar and per-epoch lines,
/// a history writer, a test recording events). Every method has an empty default.
///
/// A stop is a request, not a signal: `shouldStop()` is asked before each epoch and between two
/// steps; answering true ends the run with `TrainingResult.Ending.interrupted`, its state resumable.
public protocol TrainingObserver: AnyObject {
    /// Whether the run should stop now (e.g. a flag a signal handler set).
    func shouldStop() -> Bool
    /// A step of `epoch` finished: `done` of the epoch's `total` steps (1 of 1 for a full-batch epoch).
    func stepFinished(epoch: Int, done: Int, total: Int)
    /// A curvature measurement was taken at the end of its epoch (before `epochEnded`).
    func curvatureMeasured(_ measurement: CurvatureMeasurement)
    /// An epoch completed: its record (with curvature columns when measured) and what happened.
    /// A throw ends the run and propagates (an output that could not be written).
    func epochEnded(_ record: EpochRecord, events: [TrainingEvent]) throws
    /// Early stopping ended the run after `epoch`; the weights of `bestEpoch` are restored.
    func stoppedEarly(epoch: Int, bestEpoch: Int, bestLoss: Double)
    /// The run stopped on request during (or before) `epoch`.
    func interrupted(epoch: Int)
    /// The loss or gradient stopped being finite; the last good state is `Trainer.lastGoodState`.
    func diverged(_ divergence: TrainingDivergence)
}

extension TrainingObserver {
    /// Never stops.
    public func shouldStop() -> Bool { false }
    /// Ignores the step.
    public func stepFinished(epoch: Int, done: Int, total: Int) {}
    /// Ignores the measurement.
    public func curvatureMeasured(_ measurement: CurvatureMeasurement) {}
    /// Ignores the epoch.
    public func epochEnded(_ record: EpochRecord, events: [TrainingEvent]) throws {}
    /// Ignores the early stop.
    public func stoppedEarly(epoch: Int, bestEpoch: Int, bestLoss: Double) {}
    /// Ignores the interruption.
    public func interrupted(epoch: Int) {}
    /// Ignores the divergence.
    public func diverged(_ divergence: TrainingDivergence) {}
}

/// An observer that reports nothing and never stops: `TrainingRun.run()`'s default.
public final class SilentTrainingObserver: TrainingObserver {
    /// A silent observer.
    public init() {}
}
