/// How a network's shape is written as JSON (in checkpoints and run configurations): snake_case
/// keys, and each choice with parameters as an object with a `"type"` —
/// `{"type": "leaky_relu", "negative_slope": 0.01}`, `{"type": "normal", "std": 0.01}`,
/// `{"type": "cross_entropy", "label_smoothing": 0.1}`.

extension ActivationKind: Codable {
    enum CodingKeys: String, CodingKey {
        case type
        case negativeSlope = "negative_slope"
    }

    /// The name in JSON: relu, leaky_relu, tanh, sigmoid, gelu.
    public var codingName: String {
        switch self {
        case .relu: return "relu"
        case .leakyReLU: return "leaky_relu"
        case .tanh: return "tanh"
        case .sigmoid: return "sigmoid"
        case .gelu: return "gelu"
        }
    }

    /// Decodes `{"type": …}` (with `negative_slope` for leaky_relu, default 0.01).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .type)
        if name == "leaky_relu" {
            self = .leakyReLU(negativeSlope: try container.decodeIfPresent(Double.self, forKey: .negativeSlope) ?? 0.01)
        } else if let kind = ActivationKind(name: name), name == kind.codingName {
            self = kind
        } else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown activation '\(name)'")
        }
    }

    /// Encodes `{"type": …}`, with `negative_slope` for leaky_relu.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(codingName, forKey: .type)
        if case let .leakyReLU(slope) = self { try container.encode(slope, forKey: .negativeSlope) }
    }
}

extension Initializer: Codable {
    enum CodingKeys: String, CodingKey {
        case type, std
    }

    /// The name in JSON: xavier_uniform, xavier_normal, kaiming_uniform, kaiming_normal,
    /// pytorch_default, normal.
    public var codingName: String {
        switch self {
        case .xavierUniform: return "xavier_uniform"
        case .xavierNormal: return "xavier_normal"
        case .kaimingUniform: return "kaiming_uniform"
        case .kaimingNormal: return "kaiming_normal"
        case .pytorchDefault: return "pytorch_default"
        case .normal: return "normal"
        }
    }

    /// Decodes `{"type": …}` (with `std` for normal).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .type)
        let all: [Initializer] = [.xavierUniform, .xavierNormal, .kaimingUniform, .kaimingNormal, .pytorchDefault]
        if name == "normal" {
            self = .normal(standardDeviation: try container.decode(Double.self, forKey: .std))
        } else if let match = all.first(where: { $0.codingName == name }) {
            self = match
        } else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown initializer '\(name)'")
        }
    }

    /// Encodes `{"type": …}`, with `std` for normal.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(codingName, forKey: .type)
        if case let .normal(sigma) = self { try container.encode(sigma, forKey: .std) }
    }
}

extension LossKind: Codable {
    enum CodingKeys: String, CodingKey {
        case type
        case labelSmoothing = "label_smoothing"
    }

    /// Decodes `{"type": "cross_entropy", "label_smoothing": ε}` (ε default 0) or `{"type": "mse"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "cross_entropy":
            self = .crossEntropy(labelSmoothing: try container.decodeIfPresent(Double.self, forKey: .labelSmoothing) ?? 0)
        case "mse":
            self = .meanSquaredError
        case let name:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown loss '\(name)'")
        }
    }

    /// Encodes `{"type": "cross_entropy", "label_smoothing": ε}` or `{"type": "mse"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .crossEntropy(smoothing):
            try container.encode("cross_entropy", forKey: .type)
            try container.encode(smoothing, forKey: .labelSmoothing)
        case .meanSquaredError:
            try container.encode("mse", forKey: .type)
        }
    }
}

extension NetworkSpec: Codable {
    enum CodingKeys: String, CodingKey {
        case inputCount = "input_count", hiddenSizes = "hidden_sizes", outputCount = "output_count"
        case activation, batchNorm = "batch_norm", dropout, initializer, loss
    }

    /// Decodes a spec written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(inputCount: try container.decode(Int.self, forKey: .inputCount),
                  hiddenSizes: try container.decode([Int].self, forKey: .hiddenSizes),
                  outputCount: try container.decode(Int.self, forKey: .outputCount),
                  activation: try container.decode(ActivationKind.self, forKey: .activation),
                  batchNorm: try container.decode(Bool.self, forKey: .batchNorm),
                  dropout: try container.decode(Double.self, forKey: .dropout),
                  initializer: try container.decode(Initializer.self, forKey: .initializer),
                  loss: try container.decode(LossKind.self, forKey: .loss))
    }

    /// Encodes every field with snake_case keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(inputCount, forKey: .inputCount)
        try container.encode(hiddenSizes, forKey: .hiddenSizes)
        try container.encode(outputCount, forKey: .outputCount)
        try container.encode(activation, forKey: .activation)
        try container.encode(batchNorm, forKey: .batchNorm)
        try container.encode(dropout, forKey: .dropout)
        try container.encode(initializer, forKey: .initializer)
        try container.encode(loss, forKey: .loss)
    }
}
