/// How a network is trained: the optimizer and its schedule, minibatches, clipping, early stopping.
/// Defaults work on a typical table with no flags: Adam at 1e-3, batches of 32, 200 epochs with
/// early stopping (patience 10) when there is a validation split.
public struct TrainingSettings: Sendable {
    /// Passes over the training rows (an upper bound when early stopping is on).
    public var epochs: Int = 200
    /// Rows per minibatch (the last one of an epoch may be smaller).
    public var batchSize: Int = 32
    /// The update rule and its settings.
    public var optimizer: OptimizerConfiguration = .defaults(for: .adam)
    /// The learning-rate schedule applied on top of the optimizer's base rate.
    public var schedule: LearningRateSchedule = .constant
    /// Whether the schedule's counter counts optimizer steps or epochs.
    public var scheduleUnit: ScheduleUnit = .epoch
    /// Reduce-on-plateau of the validation loss (PyTorch `ReduceLROnPlateau`), when set.
    public var plateau: ReduceLearningRateOnPlateau?
    /// Clip the gradient's global 2-norm to this (PyTorch `clip_grad_norm_`), when set.
    public var clipNorm: Double?
    /// Clip each gradient element to [−v, v] (PyTorch `clip_grad_value_`), when set.
    public var clipValue: Double?
    /// Early stopping on validation loss, when set and a validation split exists.
    public var earlyStopping: EarlyStopping? = EarlyStopping(patience: 10, minDelta: 0)
    /// L2/L1 penalties on Linear weights.
    public var regularization: Regularization = .none

    /// The defaults.
    public init() {}
}
