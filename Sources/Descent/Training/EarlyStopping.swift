/// Early stopping on validation loss, as Keras's `EarlyStopping(patience, min_delta,
/// restore_best_weights=True)`: an epoch improves when its loss is below best − minDelta; after
/// `patience` epochs without improvement, training stops and the best weights are restored.
public struct EarlyStopping: Sendable, Equatable {
    /// What the trainer should do after an epoch.
    public enum Decision: Sendable, Equatable {
        /// A new best: keep a copy of the weights.
        case improved
        /// No improvement yet, still within patience.
        case wait
        /// Patience exhausted: stop and restore the best weights.
        case stop
    }

    /// Epochs without improvement tolerated before stopping.
    public var patience: Int
    /// The least decrease that counts as an improvement.
    public var minDelta: Double
    /// The best loss seen so far (+∞ before the first epoch).
    public private(set) var bestLoss = Double.infinity
    /// The epoch of the best loss (0 before the first).
    public private(set) var bestEpoch = 0
    /// Epochs since the best one.
    public private(set) var epochsWithoutImprovement = 0

    /// A stopper with the given patience (≥ 1) and minimum improvement (≥ 0).
    public init(patience: Int = 10, minDelta: Double = 0) {
        self.patience = patience
        self.minDelta = minDelta
    }

    /// Puts the stopper back in a saved state (resuming a run).
    public mutating func restore(bestLoss: Double, bestEpoch: Int, epochsWithoutImprovement: Int) {
        self.bestLoss = bestLoss
        self.bestEpoch = bestEpoch
        self.epochsWithoutImprovement = epochsWithoutImprovement
    }

    /// Records the validation loss of `epoch` and says what to do. A non-finite loss never improves.
    public mutating func observe(validationLoss loss: Double, epoch: Int) -> Decision {
        if loss.isFinite && loss < bestLoss - minDelta {
            bestLoss = loss
            bestEpoch = epoch
            epochsWithoutImprovement = 0
            return .improved
        }
        epochsWithoutImprovement += 1
        return epochsWithoutImprovement >= patience ? .stop : .wait
    }
}

/// Spots the lecture's overfitting curve: validation loss rising for `window` consecutive epochs
/// while training loss falls over the same epochs.
public struct OverfittingDetector: Sendable, Equatable {
    /// Consecutive epochs of diverging curves needed to speak up.
    public var window: Int
    private var trainLosses: [Double] = []
    private var validationLosses: [Double] = []
    /// Whether the warning was already given (it is given once).
    public private(set) var warned = false

    /// A detector that needs `window` (≥ 2) epochs of rising validation and falling training loss.
    public init(window: Int = 3) { self.window = window }

    /// Adds an epoch; returns true exactly once, at the first epoch that completes the pattern.
    public mutating func observe(trainLoss: Double, validationLoss: Double) -> Bool {
        trainLosses.append(trainLoss)
        validationLosses.append(validationLoss)
        guard !warned, trainLosses.count > window else { return false }
        let recentTrain = trainLosses.suffix(window + 1), recentValidation = validationLosses.suffix(window + 1)
        let trainFalls = zip(recentTrain, recentTrain.dropFirst()).allSatisfy { $1 < $0 }
        let validationRises = zip(recentValidation, recentValidation.dropFirst()).allSatisfy { $1 > $0 }
        if trainFalls && validationRises {
            warned = true
            return true
        }
        return false
    }
}
