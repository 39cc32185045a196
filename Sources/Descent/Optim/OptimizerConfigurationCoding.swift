import Foundation

/// An optimizer configuration as JSON, with PyTorch's setting names and only the settings the rule
/// reads: `{"name": "adam", "lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-08, "weight_decay": 0,
/// "amsgrad": false}`. A setting left out decodes to the rule's default, so the form written by hand
/// can be short: `{"name": "sgd", "lr": 0.1}`.
extension OptimizerConfiguration: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, lr, momentum, dampening, nesterov, betas, eps, alpha, centered, amsgrad
        case weightDecay = "weight_decay", lrDecay = "lr_decay", initialAccumulatorValue = "initial_accumulator_value"
    }

    /// The keys `kind` reads, in PyTorch's order (the order of `Optimizer.settings`).
    static func keys(for kind: OptimizerKind) -> [CodingKeys] {
        switch kind {
        case .sgd, .momentum, .nesterov: return [.lr, .momentum, .dampening, .weightDecay, .nesterov]
        case .adagrad: return [.lr, .lrDecay, .weightDecay, .initialAccumulatorValue, .eps]
        case .rmsprop: return [.lr, .alpha, .eps, .weightDecay, .momentum, .centered]
        case .adam, .adamw: return [.lr, .betas, .eps, .weightDecay, .amsgrad]
        }
    }

    /// Decodes `name` and the settings present; the others take the rule's defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = .defaults(for: try container.decode(OptimizerKind.self, forKey: .name))
        func read(_ key: CodingKeys, into value: inout Double) throws {
            if let decoded = try container.decodeIfPresent(Double.self, forKey: key) { value = decoded }
        }
        func read(_ key: CodingKeys, into value: inout Bool) throws {
            if let decoded = try container.decodeIfPresent(Bool.self, forKey: key) { value = decoded }
        }
        try read(.lr, into: &learningRate)
        try read(.momentum, into: &momentum)
        try read(.dampening, into: &dampening)
        try read(.weightDecay, into: &weightDecay)
        try read(.nesterov, into: &nesterov)
        try read(.eps, into: &eps)
        try read(.alpha, into: &alpha)
        try read(.centered, into: &centered)
        try read(.amsgrad, into: &amsgrad)
        try read(.lrDecay, into: &lrDecay)
        try read(.initialAccumulatorValue, into: &initialAccumulatorValue)
        if let pair = try container.decodeIfPresent([Double].self, forKey: .betas) {
            guard pair.count == 2 else {
                throw DecodingError.dataCorruptedError(forKey: .betas, in: container, debugDescription: "betas needs 2 values, found \(pair.count)")
            }
            betas = (pair[0], pair[1])
        }
    }

    /// Encodes `name` and the settings the rule reads.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .name)
        for key in Self.keys(for: kind) {
            switch key {
            case .name: break
            case .lr: try container.encode(learningRate, forKey: key)
            case .momentum: try container.encode(momentum, forKey: key)
            case .dampening: try container.encode(dampening, forKey: key)
            case .nesterov: try container.encode(nesterov || kind == .nesterov, forKey: key)
            case .betas: try container.encode([betas.0, betas.1], forKey: key)
            case .eps: try container.encode(eps, forKey: key)
            case .alpha: try container.encode(alpha, forKey: key)
            case .centered: try container.encode(centered, forKey: key)
            case .amsgrad: try container.encode(amsgrad, forKey: key)
            case .weightDecay: try container.encode(weightDecay, forKey: key)
            case .lrDecay: try container.encode(lrDecay, forKey: key)
            case .initialAccumulatorValue: try container.encode(initialAccumulatorValue, forKey: key)
            }
        }
    }
}

extension OptimizerConfiguration: Equatable {
    /// Equal when every setting is (betas compared element by element).
    public static func == (lhs: OptimizerConfiguration, rhs: OptimizerConfiguration) -> Bool {
        lhs.kind == rhs.kind && lhs.learningRate == rhs.learningRate && lhs.momentum == rhs.momentum
            && lhs.dampening == rhs.dampening && lhs.weightDecay == rhs.weightDecay && lhs.nesterov == rhs.nesterov
            && lhs.betas == rhs.betas && lhs.eps == rhs.eps && lhs.alpha == rhs.alpha && lhs.centered == rhs.centered
            && lhs.amsgrad == rhs.amsgrad && lhs.lrDecay == rhs.lrDecay && lhs.initialAccumulatorValue == rhs.initialAccumulatorValue
    }
}

extension OptimizerConfiguration {
    /// The configuration v0.1 checkpoints stored as a rule name and settings as text
    /// (`"betas": "[0.9, 0.999]"`, `"nesterov": "false"`); nil when the name is not a rule or a
    /// value cannot be read.
    init?(legacyName name: String, settings: [String: String]) {
        guard let kind = OptimizerKind(rawValue: name) else { return nil }
        self = .defaults(for: kind)
        for (key, text) in settings {
            switch key {
            case "betas":
                let parts = text.trimmingCharacters(in: ["[", "]", " "]).split(separator: ",")
                    .compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                guard parts.count == 2 else { return nil }
                betas = (parts[0], parts[1])
            case "nesterov", "centered", "amsgrad":
                guard let flag = Bool(text) else { return nil }
                if key == "nesterov" { nesterov = flag } else if key == "centered" { centered = flag } else { amsgrad = flag }
            default:
                guard let value = Double(text) else { return nil }
                switch key {
                case "lr": learningRate = value
                case "momentum": momentum = value
                case "dampening": dampening = value
                case "weight_decay": weightDecay = value
                case "eps": eps = value
                case "alpha": alpha = value
                case "lr_decay": lrDecay = value
                case "initial_accumulator_value": initialAccumulatorValue = value
                default: return nil
                }
            }
        }
    }
}
