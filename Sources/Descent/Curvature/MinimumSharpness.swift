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

    enum CodingKeys: String, CodingKey {
        case sharpness, trainingLoss = "training_loss", validationLoss = "validation_loss"
        case generalizationGap = "generalization_gap", hessianRows = "hessian_rows"
    }

    /// Encodes every key, absent values as null (not omitted).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sharpness, forKey: .sharpness)
        try container.encode(trainingLoss, forKey: .trainingLoss)
        try container.encode(validationLoss, forKey: .validationLoss)
        try container.encode(generalizationGap, forKey: .generalizationGap)
        try container.encode(hessianRows, forKey: .hessianRows)
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
