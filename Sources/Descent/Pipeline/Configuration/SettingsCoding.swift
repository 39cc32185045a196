/// Early stopping's settings as JSON (`patience`, `min_delta`); its running state is the trainer's.
extension EarlyStopping: Codable {
    enum CodingKeys: String, CodingKey {
        case patience, minDelta = "min_delta"
    }

    /// Reads the settings.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(patience: try c.decode(Int.self, forKey: .patience), minDelta: try c.decode(Double.self, forKey: .minDelta))
    }

    /// Writes the settings.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(patience, forKey: .patience)
        try c.encode(minDelta, forKey: .minDelta)
    }
}

/// Training settings as JSON: `epochs`, `batch_size`, `optimizer`, `schedule`, `schedule_unit`,
/// `plateau`, `clip_norm`, `clip_value`, `early_stopping`, `regularization` (null where off).
extension TrainingSettings: Codable {
    enum CodingKeys: String, CodingKey {
        case epochs, optimizer, schedule, plateau, regularization
        case batchSize = "batch_size", scheduleUnit = "schedule_unit", clipNorm = "clip_norm", clipValue = "clip_value"
        case earlyStopping = "early_stopping"
    }

    /// Reads every setting.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        epochs = try c.decode(Int.self, forKey: .epochs)
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        optimizer = try c.decode(OptimizerConfiguration.self, forKey: .optimizer)
        schedule = try c.decode(LearningRateSchedule.self, forKey: .schedule)
        scheduleUnit = try c.decode(ScheduleUnit.self, forKey: .scheduleUnit)
        plateau = try c.decodeIfPresent(ReduceLearningRateOnPlateau.self, forKey: .plateau)
        clipNorm = try c.decodeIfPresent(Double.self, forKey: .clipNorm)
        clipValue = try c.decodeIfPresent(Double.self, forKey: .clipValue)
        earlyStopping = try c.decodeIfPresent(EarlyStopping.self, forKey: .earlyStopping)
        regularization = try c.decode(Regularization.self, forKey: .regularization)
    }

    /// Writes every setting, null where off.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(optimizer, forKey: .optimizer)
        try c.encode(schedule, forKey: .schedule)
        try c.encode(scheduleUnit, forKey: .scheduleUnit)
        try c.encode(plateau, forKey: .plateau)
        try c.encode(clipNorm, forKey: .clipNorm)
        try c.encode(clipValue, forKey: .clipValue)
        try c.encode(earlyStopping, forKey: .earlyStopping)
        try c.encode(regularization, forKey: .regularization)
    }
}
