import Linalg

/// The sharpness of the minimum a trained model sits in, beside how well it generalizes: the
/// numbers of Keskar et al. 2017's experiment (sharp minima, larger generalization gap).
public struct MinimumSharpness: Sendable, Equatable, Codable {
    /// λmax, tr H and ε-sharpness of the training objective.
    public var sharpness: SharpnessReport
    /// The mean data loss on the training rows (evaluation mode).
    public var trainingLoss: Double
    /// The mean data loss on the validation rows (nil without them).
    public var validationLoss: Double?
    /// validationLoss − trainingLoss (nil without validation rows).
    public var generalizationGap: Double?
    /// Training rows the Hessian and ε-sharpness were taken over.
    public var hessianRows: Int

    /// A measurement from its parts.
    public init(sharpness: SharpnessReport, trainingLoss: Double, validationLoss: Double?, generalizationGap: Double?, hessianRows: Int) {
        self.sharpness = sharpness
        self.trainingLoss = trainingLoss
        self.validationLoss = validationLoss
        self.generalizationGap = generalizationGap
        self.hessianRows = hessianRows
    }

    /// The flat keys of its JSON object.
    enum CodingKeys: String, CodingKey {
        case lambdaMax = "lambda_max", lambdaMaxResidual = "lambda_max_residual", lambdaMaxConverged = "lambda_max_converged"
        case hessianProducts = "hessian_products", trace, traceSE = "trace_se", traceSamples = "trace_samples"
        case epsilon, epsilonBaseLoss = "epsilon_base_loss", epsilonMaximumLoss = "epsilon_maximum_loss"
        case epsilonIncrease = "epsilon_increase", epsilonSharpness = "epsilon_sharpness", epsilonEvaluations = "epsilon_evaluations"
        case trainingLoss = "training_loss", validationLoss = "validation_loss", generalizationGap = "generalization_gap"
        case hessianRows = "hessian_rows"
    }

    /// One flat object: `lambda_max`, `trace`, `trace_se`, `epsilon`, `epsilon_sharpness` (Keskar's
    /// percent), `epsilon_increase`, `training_loss`, `validation_loss`, `generalization_gap`, … —
    /// every key present, null for what was not measured or is not finite.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let s = sharpness, e = sharpness.epsilonSharpness
        try c.encodeMetric(s.lambdaMax, forKey: .lambdaMax)
        try c.encodeMetric(s.lambdaMaxResidual, forKey: .lambdaMaxResidual)
        try c.encode(s.lambdaMaxConverged, forKey: .lambdaMaxConverged)
        try c.encode(s.hessianProducts, forKey: .hessianProducts)
        try c.encodeMetric(s.trace.estimate, forKey: .trace)
        try c.encodeMetric(s.trace.standardError, forKey: .traceSE)
        try c.encode(s.trace.sampleCount, forKey: .traceSamples)
        try c.encodeMetric(e.epsilon, forKey: .epsilon)
        try c.encodeMetric(e.baseLoss, forKey: .epsilonBaseLoss)
        try c.encodeMetric(e.maximumLoss, forKey: .epsilonMaximumLoss)
        try c.encodeMetric(e.increase, forKey: .epsilonIncrease)
        try c.encodeMetric(e.keskarPercent, forKey: .epsilonSharpness)
        try c.encode(e.evaluations, forKey: .epsilonEvaluations)
        try c.encodeMetric(trainingLoss, forKey: .trainingLoss)
        try c.encodeMetric(validationLoss, forKey: .validationLoss)
        try c.encodeMetric(generalizationGap, forKey: .generalizationGap)
        try c.encode(hessianRows, forKey: .hessianRows)
    }

    /// Reads an object written by `encode(to:)` (a null number reads as NaN, or nil where optional).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func number(_ key: CodingKeys) throws -> Double { try c.decodeMetric(key) ?? .nan }
        let epsilon = EpsilonSharpness(epsilon: try number(.epsilon), baseLoss: try number(.epsilonBaseLoss),
                                       maximumLoss: try number(.epsilonMaximumLoss), increase: try number(.epsilonIncrease),
                                       keskarPercent: try number(.epsilonSharpness), evaluations: try c.decode(Int.self, forKey: .epsilonEvaluations))
        let trace = TraceEstimate(estimate: try number(.trace), standardError: try number(.traceSE), sampleCount: try c.decode(Int.self, forKey: .traceSamples))
        self.init(sharpness: SharpnessReport(lambdaMax: try number(.lambdaMax), lambdaMaxResidual: try number(.lambdaMaxResidual),
                                             lambdaMaxConverged: try c.decode(Bool.self, forKey: .lambdaMaxConverged), trace: trace,
                                             epsilonSharpness: epsilon, hessianProducts: try c.decode(Int.self, forKey: .hessianProducts)),
                  trainingLoss: try number(.trainingLoss), validationLoss: try c.decodeMetric(.validationLoss),
                  generalizationGap: try c.decodeMetric(.generalizationGap), hessianRows: try c.decode(Int.self, forKey: .hessianRows))
    }

    /// Measures `network` (any precision; analysed in Double) on its training rows — all of them
    /// for the losses, at most `hessianRowLimit` of them (a seeded subset in order) for λmax, the
    /// trace and ε-sharpness — and on the validation rows for the gap. `network` is not changed.
    public static func measure<Scalar: BLASScalar>(
        _ network: Network<Scalar>, training: EvaluationSet<Double>, validation: EvaluationSet<Double>?,
        settings: SharpnessSettings = SharpnessSettings(), hessianRowLimit: Int = 512, seed: UInt64 = 0
    ) throws -> MinimumSharpness {
        guard hessianRowLimit >= 1 else { throw CurvatureError.invalidArgument(name: "hessianRowLimit", message: "must be at least 1, got \(hessianRowLimit)") }
        let copy = try network.converted(to: Double.self, maxBatchSize: min(512, max(1, training.rowCount)))
        let trainingLoss = Evaluator.evaluate(copy, on: training).loss
        let validationLoss = validation.map { Evaluator.evaluate(copy, on: $0).loss }
        var random = RandomGenerator(seed: seed)
        let rows = training.rowCount <= hessianRowLimit ? training
            : training.subset(random.permutation(training.rowCount).prefix(hessianRowLimit).sorted())
        let hessian = try NetworkHessian(network: copy, rows: rows, mode: .evaluation)
        let report = try NetworkSharpness.measure(hessian, settings: settings, random: &random)
        return MinimumSharpness(sharpness: report, trainingLoss: trainingLoss, validationLoss: validationLoss,
                                generalizationGap: validationLoss.map { $0 - trainingLoss }, hessianRows: rows.rowCount)
    }
}

extension EvaluationSet {
    /// The rows at `positions`, in that order.
    public func subset(_ positions: [Int]) -> EvaluationSet<Scalar> {
        let f = featureCount
        var x = [Scalar](repeating: 0, count: positions.count * f)
        for (row, position) in positions.enumerated() {
            for column in 0..<f { x[row * f + column] = features[position * f + column] }
        }
        let k = classIndices.isEmpty && rowCount > 0 ? targets.count / rowCount : 0
        return EvaluationSet(features: x, featureCount: f, classIndices: classIndices.isEmpty ? [] : positions.map { classIndices[$0] },
                             targets: targets.count == 0 ? [] : positions.flatMap { p in (0..<k).map { targets[p * k + $0] } })
    }
}
