/// An epoch as one JSON line and back: `{"type": "epoch", "epoch": 3, "lr": …, "train_loss": …,
/// "val_loss": …, "train_accuracy": …, "val_accuracy": …, "train_rmse": …, "val_rmse": …,
/// "val_r2": …, "lambda_max": …, "lambda_min": …, "hessian_trace": …, "subspace_fraction": …,
/// "saddle_index": …, "seconds": …,
/// "samples_per_second": …}`. Every key is always there; a metric not measured (no validation
/// split, classification without RMSE, no curvature tracking) or not finite is null.
extension EpochRecord: Codable {
    enum CodingKeys: String, CodingKey {
        case type, epoch, lr, trainLoss = "train_loss", validationLoss = "val_loss", trainAccuracy = "train_accuracy"
        case validationAccuracy = "val_accuracy", trainRMSE = "train_rmse", validationRMSE = "val_rmse", validationR2 = "val_r2"
        case lambdaMax = "lambda_max", lambdaMin = "lambda_min", hessianTrace = "hessian_trace", seconds
        case subspaceFraction = "subspace_fraction", saddleIndex = "saddle_index"
        case samplesPerSecond = "samples_per_second"
    }

    /// Writes the line's object, `"type": "epoch"` among them.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("epoch", forKey: .type)
        try c.encode(epoch, forKey: .epoch)
        try c.encodeMetric(learningRate, forKey: .lr)
        try c.encodeMetric(trainLoss, forKey: .trainLoss)
        try c.encodeMetric(validationLoss, forKey: .validationLoss)
        try c.encodeMetric(trainAccuracy, forKey: .trainAccuracy)
        try c.encodeMetric(validationAccuracy, forKey: .validationAccuracy)
        try c.encodeMetric(trainRMSE, forKey: .trainRMSE)
        try c.encodeMetric(validationRMSE, forKey: .validationRMSE)
        try c.encodeMetric(validationR2, forKey: .validationR2)
        try c.encodeMetric(lambdaMax, forKey: .lambdaMax)
        try c.encodeMetric(lambdaMin, forKey: .lambdaMin)
        try c.encodeMetric(hessianTrace, forKey: .hessianTrace)
        try c.encodeMetric(subspaceFraction, forKey: .subspaceFraction)
        try c.encode(saddleIndex, forKey: .saddleIndex)
        try c.encodeMetric(seconds, forKey: .seconds)
        try c.encodeMetric(samplesPerSecond, forKey: .samplesPerSecond)
    }

    /// Reads a line written by `encode(to:)` (a null required metric reads as NaN).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(epoch: try c.decode(Int.self, forKey: .epoch), learningRate: try c.decodeMetric(.lr) ?? .nan,
                  trainLoss: try c.decodeMetric(.trainLoss) ?? .nan, validationLoss: try c.decodeMetric(.validationLoss),
                  trainAccuracy: try c.decodeMetric(.trainAccuracy), validationAccuracy: try c.decodeMetric(.validationAccuracy),
                  trainRMSE: try c.decodeMetric(.trainRMSE), validationRMSE: try c.decodeMetric(.validationRMSE),
                  validationR2: try c.decodeMetric(.validationR2), lambdaMax: try c.decodeMetric(.lambdaMax),
                  seconds: try c.decodeMetric(.seconds) ?? .nan, samplesPerSecond: try c.decodeMetric(.samplesPerSecond) ?? .nan)
        lambdaMin = try c.decodeMetric(.lambdaMin)
        hessianTrace = try c.decodeMetric(.hessianTrace)
        subspaceFraction = try c.decodeMetric(.subspaceFraction)
        saddleIndex = try c.decodeIfPresent(Int.self, forKey: .saddleIndex)
    }
}
