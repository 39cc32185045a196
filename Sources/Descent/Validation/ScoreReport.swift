import Linalg

/// A model's scores on a set of rows with an uncertainty on each, and the baseline's scores beside
/// them: accuracy with its Wilson 95% interval; log-loss, macro and weighted F1, balanced accuracy,
/// ROC-AUC, PR-AUC and the calibration error (classification) or RMSE, MAE, R² (regression) with a
/// seeded percentile-bootstrap interval; the same for the baseline; the reliability diagram
/// (classification) or a residual sample (regression) for the report's pictures.
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
    /// The baseline's intervals, keyed as `intervals` (nil: no baseline).
    public var baselineIntervals: [String: ConfidenceInterval?]?
    /// Resamples of the bootstrap (0: off).
    public var bootstrapResamples: Int
    /// The reliability diagram of the model's top-class confidence (classification), else nil.
    public var calibration: Calibration?
    /// Predictions and residuals y − ŷ of up to 2000 scored rows (regression), else nil.
    public var residuals: ResidualSample?

    enum CodingKeys: String, CodingKey {
        case classification, regression, intervals, baselineClassification = "baseline_classification"
        case baselineRegression = "baseline_regression", baselineIntervals = "baseline_intervals"
        case bootstrapResamples = "bootstrap_resamples", calibration, residuals
    }

    /// Encodes every key, nil as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(classification, forKey: .classification)
        try container.encode(regression, forKey: .regression)
        try container.encode(intervals, forKey: .intervals)
        try container.encode(baselineClassification, forKey: .baselineClassification)
        try container.encode(baselineRegression, forKey: .baselineRegression)
        try container.encode(baselineIntervals, forKey: .baselineIntervals)
        try container.encode(bootstrapResamples, forKey: .bootstrapResamples)
        try container.encode(calibration, forKey: .calibration)
        try container.encode(residuals, forKey: .residuals)
    }

    /// The report of classification `probabilities` (row-major n×C) against `labels`, with the
    /// baseline `prior` (nil: none) and `bootstrap`. nil for no rows.
    public init?(probabilities: [Double], labels: [Int32], classCount c: Int, prior: [Double]?, bootstrap: Bootstrap) {
        guard let scores = ClassificationScores(probabilities: probabilities, labels: labels, classCount: c) else { return nil }
        classification = scores
        regression = nil
        baselineRegression = nil
        residuals = nil
        bootstrapResamples = bootstrap.resamples
        calibration = Calibration(probabilities: probabilities, labels: labels, classCount: c, rows: Array(labels.indices))
        intervals = Self.classificationIntervals(scores, probabilities: probabilities, labels: labels, classCount: c, bootstrap: bootstrap)
        let baseline = prior.map { Baselines.priorProbabilities(prior: $0, rowCount: labels.count) }
        baselineClassification = baseline.flatMap { ClassificationScores(probabilities: $0, labels: labels, classCount: c) }
        if let baseline, let scores = baselineClassification {
            baselineIntervals = Self.classificationIntervals(scores, probabilities: baseline, labels: labels, classCount: c, bootstrap: bootstrap)
        } else {
            baselineIntervals = nil
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
        residuals = ResidualSample(predictions: predictions, targets: targets, outputCount: k)
        intervals = Self.regressionIntervals(predictions: predictions, targets: targets, outputCount: k, bootstrap: bootstrap)
        let n = targets.count / k
        let baseline = mean.map { mean in (0..<(n * k)).map { mean[$0 % k] } }
        baselineRegression = baseline.flatMap { RegressionScores(predictions: $0, targets: targets, outputCount: k) }
        baselineIntervals = baseline.map { Self.regressionIntervals(predictions: $0, targets: targets, outputCount: k, bootstrap: bootstrap) }
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
