/// The JSON of a `TrainerState` (the resume file's `descent_trainer_state` metadata entry):
///
///     {"format_version": 1, "optimizer_name": "adam", "optimizer_steps": 48, "optimizer_lr": 0.001,
///      "completed_epochs": 12, "global_step": 48, "base_lr": 0.001,
///      "shuffle_rng": [5 words], "dropout_rng": [5 words],
///      "epoch": {"next_batch": 0, "loss_sum": 0, "correct": 0, "rows": 0, "seconds": 0},
///      "stopped_early": false,
///      "early_stopping": {"best_loss": 0.21, "best_epoch": 11, "epochs_without_improvement": 1},
///      "plateau": null,
///      "history": [{"epoch": 1, "lr": 0.001, "train_loss": 1.02, "val_loss": 0.98, …}, …]}
///
/// Finite doubles are JSON numbers in Swift's shortest round-trip form (JSONDecoder reads them back
/// to the same bits); ±∞ and NaN, which JSON has no number for, are the strings "inf", "-inf",
/// "nan". Absent metrics are null, never omitted.
extension TrainerState: Codable {
    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", optimizerName = "optimizer_name", optimizerSteps = "optimizer_steps"
        case optimizerLearningRate = "optimizer_lr", completedEpochs = "completed_epochs", globalStep = "global_step"
        case baseLearningRate = "base_lr", shuffleRandom = "shuffle_rng", dropoutRandom = "dropout_rng"
        case epoch, stoppedEarly = "stopped_early", earlyStopping = "early_stopping", plateau, history
    }

    /// Decodes the current format; a newer `format_version` is refused.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        guard formatVersion <= Self.currentFormatVersion else {
            throw DecodingError.dataCorruptedError(forKey: .formatVersion, in: c, debugDescription:
                "format_version \(formatVersion) is newer than this Descent reads (\(Self.currentFormatVersion))")
        }
        optimizerName = try c.decode(String.self, forKey: .optimizerName)
        optimizerSteps = try c.decode(Int.self, forKey: .optimizerSteps)
        optimizerLearningRate = try c.decodeExact(.optimizerLearningRate)
        completedEpochs = try c.decode(Int.self, forKey: .completedEpochs)
        globalStep = try c.decode(Int.self, forKey: .globalStep)
        baseLearningRate = try c.decodeExact(.baseLearningRate)
        shuffleRandom = try c.decode([UInt64].self, forKey: .shuffleRandom)
        dropoutRandom = try c.decode([UInt64].self, forKey: .dropoutRandom)
        epoch = try c.decode(EpochProgress.self, forKey: .epoch)
        stoppedEarly = try c.decode(Bool.self, forKey: .stoppedEarly)
        earlyStopping = try c.decodeIfPresent(EarlyStoppingState.self, forKey: .earlyStopping)
        plateau = try c.decodeIfPresent(PlateauState.self, forKey: .plateau)
        history = try c.decode([HistoryEntry].self, forKey: .history).map(\.record)
    }

    /// Encodes every field (early stopping and plateau as null when off).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.currentFormatVersion, forKey: .formatVersion)
        try c.encode(optimizerName, forKey: .optimizerName)
        try c.encode(optimizerSteps, forKey: .optimizerSteps)
        try c.encodeExact(optimizerLearningRate, forKey: .optimizerLearningRate)
        try c.encode(completedEpochs, forKey: .completedEpochs)
        try c.encode(globalStep, forKey: .globalStep)
        try c.encodeExact(baseLearningRate, forKey: .baseLearningRate)
        try c.encode(shuffleRandom, forKey: .shuffleRandom)
        try c.encode(dropoutRandom, forKey: .dropoutRandom)
        try c.encode(epoch, forKey: .epoch)
        try c.encode(stoppedEarly, forKey: .stoppedEarly)
        try c.encode(earlyStopping, forKey: .earlyStopping)
        try c.encode(plateau, forKey: .plateau)
        try c.encode(history.map(HistoryEntry.init), forKey: .history)
    }
}

extension TrainerState.EpochProgress: Codable {
    enum CodingKeys: String, CodingKey {
        case nextBatch = "next_batch", lossSum = "loss_sum", correct, rows, seconds
    }

    /// Decodes the position and sums.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(nextBatch: try c.decode(Int.self, forKey: .nextBatch), lossSum: try c.decodeExact(.lossSum),
                  correct: try c.decode(Int.self, forKey: .correct), rows: try c.decode(Int.self, forKey: .rows),
                  seconds: try c.decodeExact(.seconds))
    }

    /// Encodes the position and sums.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(nextBatch, forKey: .nextBatch)
        try c.encodeExact(lossSum, forKey: .lossSum)
        try c.encode(correct, forKey: .correct)
        try c.encode(rows, forKey: .rows)
        try c.encodeExact(seconds, forKey: .seconds)
    }
}

extension TrainerState.EarlyStoppingState: Codable {
    enum CodingKeys: String, CodingKey {
        case bestLoss = "best_loss", bestEpoch = "best_epoch", epochsWithoutImprovement = "epochs_without_improvement"
    }

    /// Decodes the stopper's memory.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(bestLoss: try c.decodeExact(.bestLoss), bestEpoch: try c.decode(Int.self, forKey: .bestEpoch),
                  epochsWithoutImprovement: try c.decode(Int.self, forKey: .epochsWithoutImprovement))
    }

    /// Encodes the stopper's memory (+∞ as "inf").
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeExact(bestLoss, forKey: .bestLoss)
        try c.encode(bestEpoch, forKey: .bestEpoch)
        try c.encode(epochsWithoutImprovement, forKey: .epochsWithoutImprovement)
    }
}

extension TrainerState.PlateauState: Codable {
    enum CodingKeys: String, CodingKey {
        case best, badEpochs = "bad_epochs", cooldownRemaining = "cooldown_remaining"
    }

    /// Decodes the reducer's memory.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(best: try c.decodeExact(.best), badEpochs: try c.decode(Int.self, forKey: .badEpochs),
                  cooldownRemaining: try c.decode(Int.self, forKey: .cooldownRemaining))
    }

    /// Encodes the reducer's memory (±∞ as "inf"/"-inf").
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeExact(best, forKey: .best)
        try c.encode(badEpochs, forKey: .badEpochs)
        try c.encode(cooldownRemaining, forKey: .cooldownRemaining)
    }
}

/// One history record in the resume state, with the keys of the history CSV.
struct HistoryEntry: Codable {
    var record: EpochRecord

    enum CodingKeys: String, CodingKey {
        case epoch, lr, trainLoss = "train_loss", validationLoss = "val_loss", trainAccuracy = "train_accuracy"
        case validationAccuracy = "val_accuracy", trainRMSE = "train_rmse", validationRMSE = "val_rmse", validationR2 = "val_r2"
        case lambdaMax = "lambda_max", lambdaMin = "lambda_min", hessianTrace = "hessian_trace", seconds
        case samplesPerSecond = "samples_per_second"
    }

    init(_ record: EpochRecord) { self.record = record }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        record = EpochRecord(epoch: try c.decode(Int.self, forKey: .epoch), learningRate: try c.decodeExact(.lr),
                             trainLoss: try c.decodeExact(.trainLoss), validationLoss: try c.decodeExactIfPresent(.validationLoss),
                             trainAccuracy: try c.decodeExactIfPresent(.trainAccuracy),
                             validationAccuracy: try c.decodeExactIfPresent(.validationAccuracy),
                             trainRMSE: try c.decodeExactIfPresent(.trainRMSE), validationRMSE: try c.decodeExactIfPresent(.validationRMSE),
                             validationR2: try c.decodeExactIfPresent(.validationR2), lambdaMax: try c.decodeExactIfPresent(.lambdaMax),
                             seconds: try c.decodeExact(.seconds), samplesPerSecond: try c.decodeExact(.samplesPerSecond))
        record.lambdaMin = try c.decodeExactIfPresent(.lambdaMin)
        record.hessianTrace = try c.decodeExactIfPresent(.hessianTrace)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(record.epoch, forKey: .epoch)
        try c.encodeExact(record.learningRate, forKey: .lr)
        try c.encodeExact(record.trainLoss, forKey: .trainLoss)
        try c.encodeExact(record.validationLoss, forKey: .validationLoss)
        try c.encodeExact(record.trainAccuracy, forKey: .trainAccuracy)
        try c.encodeExact(record.validationAccuracy, forKey: .validationAccuracy)
        try c.encodeExact(record.trainRMSE, forKey: .trainRMSE)
        try c.encodeExact(record.validationRMSE, forKey: .validationRMSE)
        try c.encodeExact(record.validationR2, forKey: .validationR2)
        try c.encodeExact(record.lambdaMax, forKey: .lambdaMax)
        try c.encodeExact(record.lambdaMin, forKey: .lambdaMin)
        try c.encodeExact(record.hessianTrace, forKey: .hessianTrace)
        try c.encodeExact(record.seconds, forKey: .seconds)
        try c.encodeExact(record.samplesPerSecond, forKey: .samplesPerSecond)
    }
}
