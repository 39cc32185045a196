/// The JSON of a `ModelDescription`: snake_case keys and a `format_version`, e.g.
///
///     {"format_version": 1, "descent_version": "0.2.0",
///      "spec": {"input_count": 4, "hidden_sizes": [64], "output_count": 3,
///               "activation": {"type": "relu"}, "batch_norm": false, "dropout": 0,
///               "initializer": {"type": "kaiming_uniform"},
///               "loss": {"type": "cross_entropy", "label_smoothing": 0}},
///      "precision": "float", "encoding": {…}, "standardizer": {…},
///      "optimizer": {"name": "adam", "lr": 0.001, …}, "regularization": {"l2": 0, "l1": 0},
///      "epoch": 12, "step": 48, "seed": 0}
///
/// A description without `format_version` is v0.1's and is read by `ModelDescriptionV01`. A
/// version newer than `currentFormatVersion` is refused rather than misread.
extension ModelDescription: Codable {
    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", descentVersion = "descent_version"
        case spec, precision, encoding, standardizer, optimizer
        case secondOrderMethod = "second_order_method"
        case regularization, epoch, step, seed
    }

    /// Decodes the current format, or v0.1's when `format_version` is absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let version = try container.decodeIfPresent(Int.self, forKey: .formatVersion) else {
            self = try ModelDescriptionV01(from: decoder).description()
            return
        }
        guard version <= Self.currentFormatVersion else {
            throw DecodingError.dataCorruptedError(forKey: .formatVersion, in: container, debugDescription:
                "format_version \(version) is newer than this Descent reads (\(Self.currentFormatVersion)); update Descent")
        }
        formatVersion = version
        descentVersion = try container.decode(String.self, forKey: .descentVersion)
        spec = try container.decode(NetworkSpec.self, forKey: .spec)
        precision = try container.decode(Precision.self, forKey: .precision)
        encoding = try container.decode(FeatureEncoding.self, forKey: .encoding)
        standardizer = try container.decode(Standardizer.self, forKey: .standardizer)
        optimizer = try container.decode(OptimizerConfiguration.self, forKey: .optimizer)
        secondOrderMethod = try container.decodeIfPresent(SecondOrderMethod.self, forKey: .secondOrderMethod)
        regularization = try container.decode(Regularization.self, forKey: .regularization)
        epoch = try container.decode(Int.self, forKey: .epoch)
        step = try container.decode(Int.self, forKey: .step)
        seed = try container.decode(UInt64.self, forKey: .seed)
    }

    /// Encodes the current format (`second_order_method` is null for a first-order rule).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.currentFormatVersion, forKey: .formatVersion)
        try container.encode(descentVersion, forKey: .descentVersion)
        try container.encode(spec, forKey: .spec)
        try container.encode(precision, forKey: .precision)
        try container.encode(encoding, forKey: .encoding)
        try container.encode(standardizer, forKey: .standardizer)
        try container.encode(optimizer, forKey: .optimizer)
        try container.encode(secondOrderMethod, forKey: .secondOrderMethod)
        try container.encode(regularization, forKey: .regularization)
        try container.encode(epoch, forKey: .epoch)
        try container.encode(step, forKey: .step)
        try container.encode(seed, forKey: .seed)
    }
}

extension SecondOrderMethod: Codable {}
