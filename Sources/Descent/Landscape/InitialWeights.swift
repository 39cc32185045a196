import Linalg

extension RunConfiguration {
    /// θ₀: the weights a run of this configuration started from, drawn exactly as
    /// `TrainingRun.init(data:spec:method:settings:seed:)` draws them — `Network(spec:)` from
    /// `RunGenerators(seed:).initialization`, in the run's precision — then widened to Double
    /// (exact). The draw does not depend on the data or the batch size. Nil for a run started
    /// from another model (`initFrom`), whose start is that model's weights, not the seed's.
    /// Throws `ModelError` for a spec that does not validate.
    public func initialParameters() throws(ModelError) -> [Double]? {
        guard initFrom == nil else { return nil }
        switch precision {
        case .float: return try Self.drawnParameters(spec: spec, seed: seed, as: Float.self)
        case .double: return try Self.drawnParameters(spec: spec, seed: seed, as: Double.self)
        }
    }

    /// The parameters of `Network<Scalar>(spec:)` drawn from seed's initialization stream, as Double.
    static func drawnParameters<Scalar: BLASScalar>(spec: NetworkSpec, seed: UInt64, as: Scalar.Type) throws(ModelError) -> [Double] {
        var random = RunGenerators(seed: seed)
        let network = try Network<Scalar>(spec: spec, maxBatchSize: 1, random: &random.initialization)
        return network.state().parameters
    }
}
