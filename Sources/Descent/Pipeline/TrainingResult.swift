/// How a `TrainingRun` ended and what it did.
public struct TrainingResult: Sendable, Equatable {
    /// Why the epoch loop ended.
    public enum Ending: Sendable, Equatable {
        /// All epochs trained.
        case completed
        /// Early stopping ended the run (validation loss stopped improving).
        case stoppedEarly
        /// A stop was requested during (or before) `epoch`; the trainer's state is resumable.
        case interrupted(epoch: Int)
        /// The loss or gradient stopped being finite; the network's parameters may be garbage and
        /// `Trainer.lastGoodState` holds the end of the last completed epoch.
        case diverged(TrainingDivergence)
    }

    /// Why the loop ended.
    public var ending: Ending
    /// The epoch whose weights the network holds when early stopping's best state was restored
    /// at the end (runs with validation and early stopping), else nil.
    public var restoredEpoch: Int?
    /// Epochs fully completed (over the whole run, resumed parts included).
    public var completedEpochs: Int
    /// Optimizer steps taken (L-BFGS iterations count as steps).
    public var steps: Int
    /// One record per completed epoch.
    public var history: TrainingHistory

    /// Whether the run trained to its end (all epochs, or early stopping) rather than being cut short.
    public var isFinished: Bool {
        switch ending {
        case .completed, .stoppedEarly: true
        case .interrupted, .diverged: false
        }
    }
}
