/// A training method as JSON, one flat object keyed by the method's `name`: a first-order rule is
/// its `OptimizerConfiguration` (`{"name": "adam", "lr": 0.001, "betas": [0.9, 0.999], …}`), a
/// second-order method its settings (`{"name": "lbfgs", "lr": 1, "damping": 0.0001,
/// "iterations_per_epoch": 20}`). Settings left out decode to their defaults.
extension TrainingMethod: Codable {
    enum CodingKeys: String, CodingKey {
        case name
    }

    /// Reads the method named by `name` (case-insensitive; "l-bfgs" is lbfgs).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .name)
        guard let name = MethodName(name: text) else {
            throw DecodingError.dataCorruptedError(forKey: .name, in: container, debugDescription: "'\(text)' is not a training method")
        }
        if name.firstOrderKind != nil {
            self = .firstOrder(try OptimizerConfiguration(from: decoder))
        } else {
            self = .secondOrder(try SecondOrderSettings(from: decoder))
        }
    }

    /// Writes the configuration or the settings, with `name`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case let .firstOrder(configuration): try configuration.encode(to: encoder)
        case let .secondOrder(settings): try settings.encode(to: encoder)
        }
    }
}

extension SecondOrderSettings: Codable {
    enum CodingKeys: String, CodingKey {
        case name, lr, damping, iterationsPerEpoch = "iterations_per_epoch"
    }

    /// Reads `name` (lbfgs or newton) and the settings present; the others take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        guard let method = MethodName(name: name)?.secondOrderMethod else {
            throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "'\(name)' is not lbfgs or newton")
        }
        let defaults = SecondOrderSettings(method: method)
        self.init(method: method, learningRate: try c.decodeIfPresent(Double.self, forKey: .lr) ?? defaults.learningRate,
                  damping: try c.decodeIfPresent(Double.self, forKey: .damping) ?? defaults.damping,
                  iterationsPerEpoch: try c.decodeIfPresent(Int.self, forKey: .iterationsPerEpoch) ?? defaults.iterationsPerEpoch)
    }

    /// Writes every setting (doubles in shortest round-trip form).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(method.rawValue, forKey: .name)
        try c.encode(learningRate, forKey: .lr)
        try c.encode(damping, forKey: .damping)
        try c.encode(iterationsPerEpoch, forKey: .iterationsPerEpoch)
    }
}
