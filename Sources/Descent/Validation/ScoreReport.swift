import Linalg

/// A model's scores on a set of rows with an uncertainty on each, and the baseline's scores beside
/// them: accuracy with its Wilson 95% interval; log-loss, macro F1, ROC-AUC (classification) or
/// RMSE, MAE, R² (regression) with a seeded percentile-bootstrap interval.
public struct ScoreReport: Sendable, Equatable, Codable {
    /// Classification scores of the model, else nil.
    public var classification: ClassificationScores?
    /// Regression scores of the model, else nil.
    public var regression: RegressionScores?
    /// Score name (snake_case, as in the scores' JSON) → interval; nil (JSON null) where undefined
    /// (bootstrap off, or the score undefined on most resamples).
    public var intervals: [String: ConfidenceInterval?]
    /// The baseline's classification scores (the training class prior), else nil.
    public var baselineClassification: ClassificationScores?
    /// The baseline's regression scores (the training mean), else nil.
    public var baselineRegression: RegressionScores?
    /// Resamples of the bootstrap (0: off).
    public var bootstrapResamples: Int
    /// The reliability diagram of the model's top-class confidence (classification), else nil.
    public var calibration: Calibration?

    enum CodingKeys: String, CodingKey {
        case classification, regression, intervals, baselineClassification = "baseline_classification"
        case baselineRegression = "baseline_regression", bootstrapResamples = "bootstrap_resamples", calibration
    }

    /// Encodes every key, nil as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(classification, forKey: .classification)
        try container.encode(regression, forKey: .regression)
        try container.encode(intervals, forKey: .intervals)
        try container.encode(baselineClassification, forKey: .baselineClassification)
        try container.encode(baselineRegression, forKey: .baselineRegression)
        try container.encode(bootstrapResamples, forKey: .bootstrapResamples)
        try container.encode(calibration, forKey: .calibration)
    }

    /// The report of classification `probabilities` (row-major n×C) against `labels`, with the
    /// baseline `prior` (nil: none) and `bootstrap`. nil for no rows.
    public init?(probabilities: [Double], labels: [Int32], classCount c: Int, prior: [Double]?, bootstrap: Bootstrap) {
        guard let scores = ClassificationScores(probabilities: probabilities, labels: labels, classCount: c) else { return nil }
        classification = scores
        regression = nil
        baselineRegression = nil
        bootstrapResamples = bootstrap.resamples
        let n = labels.count
        calibration = Calibration(probabilities: probabilities, labels: labels, classCount: c, rows: Array(0..<n))
        var intervals: [String: ConfidenceInterval?] = [:]
        intervals.updateValue(ConfidenceInterval.wilson(successes: Int((scores.accuracy * Double(n)).rounded()), trials: n), forKey: "accuracy")
        let resampled = bootstrap.intervals(rowCount: n, count: 3) { rows in
            guard let scores = ClassificationScores(probabilities: probabilities, labels: labels, classCount: c, rows: rows) else { return [] }
            return [scores.logLoss, scores.macroF1, scores.rocAUC]
        }
        for (name, interval) in zip(["log_loss", "macro_f1", "roc_auc"], resampled) { intervals.updateValue(interval, forKey: name) }
        self.intervals = intervals
        baselineClassification = prior.flatMap {
            ClassificationScores(probabilities: Baselines.priorProbabilities(prior: $0, rowCount: n), labels: labels, classCount: c)
        }
    }

    /// The report of regression `predictions` against `targets` (row-major n×K), with the
    /// baseline `mean` (nil: none) and `bootstrap`. nil for no rows.
    public init?(predictions: [Double], targets: [Double], outputCount k: Int, mean: [Double]?, bootstrap: Bootstrap) {
        guard let scores = RegressionScores(predictions: predictions, targets: targets, outputCount: k) else { return nil }
        regression = scores
        classification = nil
        baselineClassification = nil
        calibration = nil
        bootstrapResamples = bootstrap.resamples
        let n = targets.count / k
        var intervals: [String: ConfidenceInterval?] = [:]
        let resampled = bootstrap.intervals(rowCount: n, count: 3) { rows in
            guard let scores = RegressionScores(predictions: predictions, targets: targets, outputCount: k, rows: rows) else { return [] }
            return [scores.rmse, scores.mae, scores.r2]
        }
        for (name, interval) in zip(["rmse", "mae", "r2"], resampled) { intervals.updateValue(interval, forKey: name) }
        self.intervals = intervals
        baselineRegression = mean.flatMap { mean in
            RegressionScores(predictions: (0..<(n * k)).map { mean[$0 % k] }, targets: targets, outputCount: k)
        }
    }

    /// The report of `network` on `set` (its class probabilities or values, in evaluation mode).
    public init?<Scalar: BLASScalar>(network: Network<Scalar>, set: EvaluationSet<Scalar>, prior: [Double]?, mean: [Double]?,
                                     bootstrap: Bootstrap) {
        let outputs = Self.outputs(network, set)
        if network.lossFunction.kind.isClassification {
            self.init(probabilities: outputs, labels: set.classIndices, classCount: network.outputCount, prior: prior, bootstrap: bootstrap)
        } else {
            self.init(predictions: outputs, targets: set.targets.array.map(Double.init), outputCount: network.outputCount,
                      mean: mean, bootstrap: bootstrap)
        }
    }

    /// The network's probabilities (classification) or values, row-major, in Double.
    public static func outputs<Scalar: BLASScalar>(_ network: Network<Scalar>, _ set: EvaluationSet<Scalar>) -> [Double] {
        let c = network.outputCount, f = set.featureCount
        let buffer = AlignedBuffer<Scalar>(count: network.maxBatchSize * c)
        var result: [Double] = []
        result.reserveCapacity(set.rowCount * c)
        var start = 0
        while start < set.rowCount {
            let count = min(network.maxBatchSize, set.rowCount - start)
            network.predict(inputs: UnsafeBufferPointer(start: set.features.baseAddress + start * f, count: count * f),
                            batchSize: count, into: buffer.buffer)
            for index in 0..<(count * c) { result.append(Double(buffer[index])) }
            start += count
        }
        return result
    }
}
