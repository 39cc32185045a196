/// The last JSON line of a training run: how the run ended and the final metrics of the weights
/// it kept — `{"type": "summary", "status": "finished", "epochs": …, "steps": …, "parameters": …,
/// "best_epoch": …, "train_loss": …, "train_accuracy": …, "train_rmse": …, "train_r2": …,
/// "val_loss": …, … "test_r2": …, "model": …, "message": …, "sharpness": …}`. Every key is always there; what
/// does not apply (no validation or test rows, accuracy for regression, a diverged run's metrics,
/// no model file written) is null. A search reads its trials' summaries with this type.
public struct TrainingSummaryRecord: Codable, Sendable, Equatable {
    /// The metrics of one part of the data that the summary reports.
    public struct Metrics: Sendable, Equatable {
        /// Mean data loss.
        public var loss: Double
        /// Accuracy (classification).
        public var accuracy: Double?
        /// Root mean squared error (regression).
        public var rmse: Double?
        /// Coefficient of determination (regression).
        public var r2: Double?

        /// Metrics from their values.
        public init(loss: Double, accuracy: Double? = nil, rmse: Double? = nil, r2: Double? = nil) {
            self.loss = loss
            self.accuracy = accuracy
            self.rmse = rmse
            self.r2 = r2
        }

        /// The reported part of an evaluation.
        public init(_ metrics: EvaluationMetrics) {
            self.init(loss: metrics.loss, accuracy: metrics.accuracy, rmse: metrics.rmse, r2: metrics.r2)
        }
    }

    /// "summary".
    public var type = "summary"
    /// "finished" (all epochs, or early stopping) or "diverged".
    public var status: String
    /// Epochs completed.
    public var epochs: Int
    /// Optimizer steps taken.
    public var steps: Int
    /// Trainable parameters.
    public var parameters: Int
    /// The epoch whose weights were kept, when early stopping restored its best state.
    public var bestEpoch: Int?
    /// Metrics of the kept weights on the training rows.
    public var train: Metrics?
    /// Metrics on the validation rows.
    public var validation: Metrics?
    /// Metrics on the test rows.
    public var test: Metrics?
    /// The model file written (nil when none was).
    public var model: String?
    /// What went wrong, for a diverged run.
    public var message: String?
    /// The sharpness of the minimum found and the generalization gap, when they were measured, else nil.
    public var sharpness: MinimumSharpness? = nil
    /// Which rows `scores` are of: "test", else "validation" (nil: none, or not finished).
    public var scoredRows: String?
    /// The model's scores on those rows with their intervals and the class-prior (or mean) baseline.
    public var scores: ScoreReport?
    /// The linear baseline's scores on the same rows (nil when not trained).
    public var linearScores: ScoreReport?

    /// A summary; the optional parts default to nil (null in JSON).
    public init(status: String, epochs: Int, steps: Int, parameters: Int, bestEpoch: Int? = nil, train: Metrics? = nil,
                validation: Metrics? = nil, test: Metrics? = nil, model: String? = nil, message: String? = nil) {
        self.status = status
        self.epochs = epochs
        self.steps = steps
        self.parameters = parameters
        self.bestEpoch = bestEpoch
        self.train = train
        self.validation = validation
        self.test = test
        self.model = model
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case type, status, epochs, steps, parameters, bestEpoch = "best_epoch"
        case trainLoss = "train_loss", trainAccuracy = "train_accuracy", trainRMSE = "train_rmse", trainR2 = "train_r2"
        case validationLoss = "val_loss", validationAccuracy = "val_accuracy", validationRMSE = "val_rmse", validationR2 = "val_r2"
        case testLoss = "test_loss", testAccuracy = "test_accuracy", testRMSE = "test_rmse", testR2 = "test_r2"
        case model, message, sharpness, scoredRows = "scored_rows", scores, linearScores = "linear_scores"
    }

    /// The four metric keys of each part, in order: loss, accuracy, rmse, r2.
    static let metricKeys: [(CodingKeys, CodingKeys, CodingKeys, CodingKeys)] = [
        (.trainLoss, .trainAccuracy, .trainRMSE, .trainR2), (.validationLoss, .validationAccuracy, .validationRMSE, .validationR2),
        (.testLoss, .testAccuracy, .testRMSE, .testR2),
    ]

    /// Writes the line's object, `"type": "summary"` among them, every key present.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(status, forKey: .status)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(steps, forKey: .steps)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(bestEpoch, forKey: .bestEpoch)
        for (metrics, keys) in zip([train, validation, test], Self.metricKeys) {
            try c.encodeMetric(metrics?.loss, forKey: keys.0)
            try c.encodeMetric(metrics?.accuracy, forKey: keys.1)
            try c.encodeMetric(metrics?.rmse, forKey: keys.2)
            try c.encodeMetric(metrics?.r2, forKey: keys.3)
        }
        try c.encode(model, forKey: .model)
        try c.encode(message, forKey: .message)
        try c.encode(sharpness, forKey: .sharpness)
        try c.encode(scoredRows, forKey: .scoredRows)
        try c.encode(scores, forKey: .scores)
        try c.encode(linearScores, forKey: .linearScores)
    }

    /// Reads a line written by `encode(to:)`; a part whose loss is null reads as nil.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(String.self, forKey: .type)
        status = try c.decode(String.self, forKey: .status)
        epochs = try c.decode(Int.self, forKey: .epochs)
        steps = try c.decodeIfPresent(Int.self, forKey: .steps) ?? 0
        parameters = try c.decodeIfPresent(Int.self, forKey: .parameters) ?? 0
        bestEpoch = try c.decodeIfPresent(Int.self, forKey: .bestEpoch)
        var parts: [Metrics?] = []
        for keys in Self.metricKeys {
            guard let loss = try c.decodeMetric(keys.0) else { parts.append(nil); continue }
            parts.append(Metrics(loss: loss, accuracy: try c.decodeMetric(keys.1), rmse: try c.decodeMetric(keys.2),
                                 r2: try c.decodeMetric(keys.3)))
        }
        (train, validation, test) = (parts[0], parts[1], parts[2])
        model = try c.decodeIfPresent(String.self, forKey: .model)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        sharpness = try c.decodeIfPresent(MinimumSharpness.self, forKey: .sharpness)
        scoredRows = try c.decodeIfPresent(String.self, forKey: .scoredRows)
        scores = try c.decodeIfPresent(ScoreReport.self, forKey: .scores)
        linearScores = try c.decodeIfPresent(ScoreReport.self, forKey: .linearScores)
    }
}
