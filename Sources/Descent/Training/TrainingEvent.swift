/// Something worth telling the user that happened at the end of an epoch.
public enum TrainingEvent: Sendable, Equatable {
    /// Validation loss rose for several epochs while training loss fell: the lecture's overfitting
    /// curve. Regularization (L2, dropout, more data) or early stopping helps.
    case overfitting(epoch: Int)
    /// Reduce-on-plateau lowered the learning rate.
    case learningRateReduced(epoch: Int, from: Double, to: Double)
    /// Early stopping ended the run; the weights of `bestEpoch` were restored.
    case earlyStop(epoch: Int, bestEpoch: Int, bestLoss: Double)
}

/// A training run that produced a non-finite loss or gradient and was stopped at once.
public struct TrainingDivergence: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based epoch.
    public var epoch: Int
    /// The 1-based optimizer step over the whole run.
    public var step: Int
    /// "loss" or "gradient".
    public var quantity: String
    /// The learning rate in force.
    public var learningRate: Double

    public var description: String {
        "training diverged at epoch \(epoch), step \(step): the \(quantity) is not finite (NaN or infinity) "
            + "with learning rate \(learningRate)"
    }
}

/// How an epoch ended.
public enum EpochOutcome: Sendable, Equatable {
    /// The epoch completed; training goes on unless `Trainer.isFinished`.
    case completed(EpochRecord, [TrainingEvent])
    /// Interrupted between two steps (the epoch is not finished; its state is resumable).
    case interrupted
    /// A non-finite loss or gradient; parameters may be garbage, the last good state is kept.
    case diverged(TrainingDivergence)
}
