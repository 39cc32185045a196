/// A learning-rate schedule as JSON, keyed by `name` with PyTorch's argument names:
/// `{"name": "constant"}`, `{"name": "step", "step_size": 30, "gamma": 0.1}`,
/// `{"name": "multistep", "milestones": [30, 80], "gamma": 0.1}`, `{"name": "exponential", "gamma": 0.95}`,
/// `{"name": "inverse_time", "decay": 0.01}`, `{"name": "cosine", "t_max": 50, "eta_min": 0}`,
/// `{"name": "cosine_restarts", "t_0": 10, "t_mult": 1, "eta_min": 0}`,
/// `{"name": "warmup", "steps": 5, "start_factor": 0.1, "then": {…}}`.
extension LearningRateSchedule: Codable {
    enum CodingKeys: String, CodingKey {
        case name, gamma, milestones, decay, steps, then
        case stepSize = "step_size", tMax = "t_max", etaMin = "eta_min", t0 = "t_0", tMult = "t_mult", startFactor = "start_factor"
    }

    /// Reads the schedule named by `name`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        switch name {
        case "constant": self = .constant
        case "step": self = .step(size: try c.decode(Int.self, forKey: .stepSize), gamma: try c.decode(Double.self, forKey: .gamma))
        case "multistep": self = .multiStep(milestones: try c.decode([Int].self, forKey: .milestones), gamma: try c.decode(Double.self, forKey: .gamma))
        case "exponential": self = .exponential(gamma: try c.decode(Double.self, forKey: .gamma))
        case "inverse_time": self = .inverseTime(decay: try c.decode(Double.self, forKey: .decay))
        case "cosine": self = .cosine(period: try c.decode(Int.self, forKey: .tMax), minimum: try c.decode(Double.self, forKey: .etaMin))
        case "cosine_restarts":
            self = .cosineWarmRestarts(firstPeriod: try c.decode(Int.self, forKey: .t0), periodMultiplier: try c.decode(Int.self, forKey: .tMult),
                                       minimum: try c.decode(Double.self, forKey: .etaMin))
        case "warmup":
            self = .warmup(steps: try c.decode(Int.self, forKey: .steps), startFactor: try c.decode(Double.self, forKey: .startFactor),
                           then: try c.decode(LearningRateSchedule.self, forKey: .then))
        default:
            throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "'\(name)' is not a learning-rate schedule")
        }
    }

    /// Writes `name` and the schedule's arguments.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .constant: try c.encode("constant", forKey: .name)
        case let .step(size, gamma): try c.encode("step", forKey: .name); try c.encode(size, forKey: .stepSize); try c.encode(gamma, forKey: .gamma)
        case let .multiStep(milestones, gamma):
            try c.encode("multistep", forKey: .name); try c.encode(milestones, forKey: .milestones); try c.encode(gamma, forKey: .gamma)
        case let .exponential(gamma): try c.encode("exponential", forKey: .name); try c.encode(gamma, forKey: .gamma)
        case let .inverseTime(decay): try c.encode("inverse_time", forKey: .name); try c.encode(decay, forKey: .decay)
        case let .cosine(period, minimum): try c.encode("cosine", forKey: .name); try c.encode(period, forKey: .tMax); try c.encode(minimum, forKey: .etaMin)
        case let .cosineWarmRestarts(first, multiplier, minimum):
            try c.encode("cosine_restarts", forKey: .name); try c.encode(first, forKey: .t0); try c.encode(multiplier, forKey: .tMult)
            try c.encode(minimum, forKey: .etaMin)
        case let .warmup(steps, startFactor, then):
            try c.encode("warmup", forKey: .name); try c.encode(steps, forKey: .steps); try c.encode(startFactor, forKey: .startFactor)
            try c.encode(then, forKey: .then)
        }
    }
}

extension ScheduleUnit: Codable {}
extension ReduceLearningRateOnPlateau.Mode: Codable {}
extension ReduceLearningRateOnPlateau.ThresholdMode: Codable {}

/// Reduce-on-plateau's settings as JSON with PyTorch's names (`mode`, `factor`, `patience`,
/// `threshold`, `threshold_mode`, `cooldown`, `min_lr`, `eps`); its running state is the trainer's.
extension ReduceLearningRateOnPlateau: Codable {
    enum CodingKeys: String, CodingKey {
        case mode, factor, patience, threshold, cooldown, eps, thresholdMode = "threshold_mode", minLearningRate = "min_lr"
    }

    /// Reads the settings; the state starts fresh.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let factor = try c.decode(Double.self, forKey: .factor)
        guard factor >= 0 && factor < 1 else {
            throw DecodingError.dataCorruptedError(forKey: .factor, in: c, debugDescription: "factor \(factor) outside [0, 1)")
        }
        self.init(mode: try c.decode(Mode.self, forKey: .mode), factor: factor, patience: try c.decode(Int.self, forKey: .patience),
                  threshold: try c.decode(Double.self, forKey: .threshold), thresholdMode: try c.decode(ThresholdMode.self, forKey: .thresholdMode),
                  cooldown: try c.decode(Int.self, forKey: .cooldown), minLearningRate: try c.decode(Double.self, forKey: .minLearningRate),
                  eps: try c.decode(Double.self, forKey: .eps))
    }

    /// Writes the settings.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mode, forKey: .mode)
        try c.encode(factor, forKey: .factor)
        try c.encode(patience, forKey: .patience)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(thresholdMode, forKey: .thresholdMode)
        try c.encode(cooldown, forKey: .cooldown)
        try c.encode(minLearningRate, forKey: .minLearningRate)
        try c.encode(eps, forKey: .eps)
    }
}
