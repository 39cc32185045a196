/// Lowers the learning rate when a monitored metric stops improving, exactly PyTorch's
/// `ReduceLROnPlateau` (defaults: mode min, factor 0.1, patience 10, threshold 1e-4 relative,
/// cooldown 0, min_lr 0, eps 1e-8). Call `observe(_:learningRate:)` once per epoch with the
/// metric (e.g. validation loss); it returns the learning rate to use next:
///
///     better  ⇔  m < best·(1 − threshold)   (min, relative; max: m > best·(1 + threshold);
///                                             absolute: m < best − threshold / m > best + threshold)
///     after more than `patience` epochs without improvement (not counting cooldown):
///     η ← max(η·factor, minLearningRate), applied only if it changes η by more than eps.
///
/// The state (`best`, `badEpochs`, `cooldownRemaining`) is public so a checkpoint can save it.
public struct ReduceLearningRateOnPlateau: Sendable, Equatable {
    /// Whether lower or higher metrics are better.
    public enum Mode: String, Sendable { case min, max }
    /// How `threshold` measures a significant improvement.
    public enum ThresholdMode: String, Sendable { case relative = "rel", absolute = "abs" }

    /// Lower (`min`) or higher (`max`) is better.
    public var mode: Mode
    /// Multiplier applied on a plateau, in [0, 1).
    public var factor: Double
    /// Epochs without improvement tolerated before reducing.
    public var patience: Int
    /// Smallest significant improvement.
    public var threshold: Double
    /// Relative or absolute threshold.
    public var thresholdMode: ThresholdMode
    /// Epochs to wait after a reduction before counting bad epochs again.
    public var cooldown: Int
    /// Floor of the learning rate.
    public var minLearningRate: Double
    /// Reductions smaller than this are skipped.
    public var eps: Double

    /// Best metric seen so far (±∞ before the first observation).
    public var best: Double
    /// Consecutive epochs without significant improvement.
    public var badEpochs = 0
    /// Epochs of cooldown left.
    public var cooldownRemaining = 0

    /// Creates the scheduler with PyTorch's defaults.
    public init(mode: Mode = .min, factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
                thresholdMode: ThresholdMode = .relative, cooldown: Int = 0, minLearningRate: Double = 0,
                eps: Double = 1e-8) {
        precondition(factor >= 0 && factor < 1, "ReduceLearningRateOnPlateau: factor \(factor) outside [0, 1)")
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minLearningRate = minLearningRate
        self.eps = eps
        self.best = mode == .min ? .infinity : -.infinity
    }

    /// Whether `metric` significantly improves on `best`.
    public func isImprovement(_ metric: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .relative): return metric < best * (1 - threshold)
        case (.min, .absolute): return metric < best - threshold
        case (.max, .relative): return metric > best * (threshold + 1)
        case (.max, .absolute): return metric > best + threshold
        }
    }

    /// Records one epoch's metric and returns the learning rate to use from now on (equal to
    /// `learningRate` unless a plateau was detected).
    public mutating func observe(_ metric: Double, learningRate: Double) -> Double {
        if isImprovement(metric) {
            best = metric
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        if cooldownRemaining > 0 {
            cooldownRemaining -= 1
            badEpochs = 0
        }
        guard badEpochs > patience else { return learningRate }
        cooldownRemaining = cooldown
        badEpochs = 0
        let reduced = max(learningRate * factor, minLearningRate)
        return learningRate - reduced > eps ? reduced : learningRate
    }
}
