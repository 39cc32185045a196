/// Everything of a `Trainer` beyond its tensors that a resumed run needs to continue
/// bit-identically: counters, the optimizer's step count and learning rate, both random
/// generators, the position and running sums of the current epoch, early stopping,
/// reduce-on-plateau and the history. `Codable` (`TrainerStateCoding.swift`) with snake_case keys
/// and a `format_version`; every double round-trips bit for bit (infinities included). The tensors
/// — the model, the best epoch's state, the optimizer's buffers keyed by PyTorch's state names and
/// the current epoch's batch order — live beside it in the resume file (`Trainer.resumeFile()`).
public struct TrainerState: Sendable, Equatable {
    /// The format this version of Descent writes: 1 (v0.1 wrote 20 untyped keys, version 0).
    public static let currentFormatVersion = 1

    /// Where the current epoch stands: the next batch and the sums over the batches done.
    public struct EpochProgress: Sendable, Equatable {
        /// The next batch of the epoch (0: the epoch has not begun; its order is not drawn).
        public var nextBatch: Int
        /// Σ loss·rows over the batches done.
        public var lossSum: Double
        /// Correctly classified rows in the batches done.
        public var correct: Int
        /// Rows in the batches done.
        public var rows: Int
        /// Seconds spent on the batches done.
        public var seconds: Double

        /// A position from its parts.
        public init(nextBatch: Int = 0, lossSum: Double = 0, correct: Int = 0, rows: Int = 0, seconds: Double = 0) {
            self.nextBatch = nextBatch
            self.lossSum = lossSum
            self.correct = correct
            self.rows = rows
            self.seconds = seconds
        }
    }

    /// Early stopping's memory (`EarlyStopping`).
    public struct EarlyStoppingState: Sendable, Equatable {
        /// The best validation loss so far (+∞ before the first epoch).
        public var bestLoss: Double
        /// The epoch of `bestLoss`.
        public var bestEpoch: Int
        /// Epochs since the last improvement.
        public var epochsWithoutImprovement: Int

        /// A state from its parts.
        public init(bestLoss: Double, bestEpoch: Int, epochsWithoutImprovement: Int) {
            self.bestLoss = bestLoss
            self.bestEpoch = bestEpoch
            self.epochsWithoutImprovement = epochsWithoutImprovement
        }
    }

    /// Reduce-on-plateau's memory (`ReduceLearningRateOnPlateau`).
    public struct PlateauState: Sendable, Equatable {
        /// The best metric so far (±∞ before the first epoch).
        public var best: Double
        /// Epochs without improvement.
        public var badEpochs: Int
        /// Epochs of cooldown left.
        public var cooldownRemaining: Int

        /// A state from its parts.
        public init(best: Double, badEpochs: Int, cooldownRemaining: Int) {
            self.best = best
            self.badEpochs = badEpochs
            self.cooldownRemaining = cooldownRemaining
        }
    }

    /// The format the state was read in (0: v0.1), or is written in.
    public var formatVersion = Self.currentFormatVersion
    /// The update rule's name (`adam`); a resume refuses a trainer with another rule.
    public var optimizerName: String
    /// The optimizer's step count (PyTorch's `state["step"]`).
    public var optimizerSteps: Int
    /// The optimizer's learning rate in force.
    public var optimizerLearningRate: Double
    /// Epochs fully completed.
    public var completedEpochs: Int
    /// Optimizer steps over the whole run.
    public var globalStep: Int
    /// The base learning rate the schedule scales (lowered by reduce-on-plateau).
    public var baseLearningRate: Double
    /// The batch-order generator's state (`RandomGenerator.snapshot`).
    public var shuffleRandom: [UInt64]
    /// The dropout generator's state (`RandomGenerator.snapshot`).
    public var dropoutRandom: [UInt64]
    /// The current epoch's position and sums.
    public var epoch: EpochProgress
    /// Whether early stopping ended the run.
    public var stoppedEarly: Bool
    /// Early stopping's memory, when it is on.
    public var earlyStopping: EarlyStoppingState?
    /// Reduce-on-plateau's memory, when it is on.
    public var plateau: PlateauState?
    /// One record per completed epoch.
    public var history: [EpochRecord]

    /// A state from its parts (`Trainer.state` builds it).
    public init(optimizerName: String, optimizerSteps: Int, optimizerLearningRate: Double, completedEpochs: Int,
                globalStep: Int, baseLearningRate: Double, shuffleRandom: [UInt64], dropoutRandom: [UInt64],
                epoch: EpochProgress, stoppedEarly: Bool, earlyStopping: EarlyStoppingState?, plateau: PlateauState?,
                history: [EpochRecord]) {
        self.optimizerName = optimizerName
        self.optimizerSteps = optimizerSteps
        self.optimizerLearningRate = optimizerLearningRate
        self.completedEpochs = completedEpochs
        self.globalStep = globalStep
        self.baseLearningRate = baseLearningRate
        self.shuffleRandom = shuffleRandom
        self.dropoutRandom = dropoutRandom
        self.epoch = epoch
        self.stoppedEarly = stoppedEarly
        self.earlyStopping = earlyStopping
        self.plateau = plateau
        self.history = history
    }
}
