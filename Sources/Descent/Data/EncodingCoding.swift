/// The JSON of a fitted encoding and standardization, as checkpoints store it: snake_case keys
/// (`numeric_fill`, `class_names`, `missing_values`, `constant_features`, …), the one key style of
/// every file Descent writes. Decoding also accepts the camelCase keys of v0.1 checkpoints.

extension FeatureEncoding.Column {
    enum CodingKeys: String, CodingKey {
        case name, kind, categories
        case numericFill = "numeric_fill", categoryFill = "category_fill"
    }

    /// Decodes a column (snake_case keys, or v0.1's camelCase).
    public init(from decoder: any Decoder) throws {
        let keys = try LegacyKeyedContainer<CodingKeys>(decoder)
        name = try keys.decode(String.self, .name)
        kind = try keys.decode(Kind.self, .kind)
        categories = try keys.decode([String].self, .categories)
        numericFill = try keys.decodeIfPresent(Double.self, .numericFill, legacy: "numericFill")
        categoryFill = try keys.decodeIfPresent(String.self, .categoryFill, legacy: "categoryFill")
    }

    /// Encodes the column with snake_case keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(categories, forKey: .categories)
        try container.encodeIfPresent(numericFill, forKey: .numericFill)
        try container.encodeIfPresent(categoryFill, forKey: .categoryFill)
    }
}

extension FeatureEncoding.Target {
    enum CodingKeys: String, CodingKey {
        case name, task
        case classNames = "class_names", classValues = "class_values"
    }

    /// Decodes a target (snake_case keys, or v0.1's camelCase).
    public init(from decoder: any Decoder) throws {
        let keys = try LegacyKeyedContainer<CodingKeys>(decoder)
        name = try keys.decode(String.self, .name)
        task = try keys.decode(DatasetTask.self, .task)
        classNames = try keys.decode([String].self, .classNames, legacy: "classNames")
        classValues = try keys.decodeIfPresent([Double].self, .classValues, legacy: "classValues")
    }

    /// Encodes the target with snake_case keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(task, forKey: .task)
        try container.encode(classNames, forKey: .classNames)
        try container.encodeIfPresent(classValues, forKey: .classValues)
    }
}

extension FeatureEncoding {
    enum CodingKeys: String, CodingKey {
        case columns, target
        case missingValues = "missing_values"
    }

    /// Decodes an encoding (snake_case keys, or v0.1's camelCase).
    public init(from decoder: any Decoder) throws {
        let keys = try LegacyKeyedContainer<CodingKeys>(decoder)
        columns = try keys.decode([Column].self, .columns)
        target = try keys.decode(Target.self, .target)
        missingValues = try keys.decode(MissingValuePolicy.self, .missingValues, legacy: "missingValues")
    }

    /// Encodes the encoding with snake_case keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(columns, forKey: .columns)
        try container.encode(target, forKey: .target)
        try container.encode(missingValues, forKey: .missingValues)
    }
}

extension Standardizer {
    enum CodingKeys: String, CodingKey {
        case mode, means, scales
        case constantFeatures = "constant_features"
    }

    /// Decodes a standardization (snake_case keys, or v0.1's camelCase).
    public init(from decoder: any Decoder) throws {
        let keys = try LegacyKeyedContainer<CodingKeys>(decoder)
        mode = try keys.decode(Mode.self, .mode)
        means = try keys.decode([Double].self, .means)
        scales = try keys.decode([Double].self, .scales)
        constantFeatures = try keys.decode([Int].self, .constantFeatures, legacy: "constantFeatures")
    }

    /// Encodes the standardization with snake_case keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mode, forKey: .mode)
        try container.encode(means, forKey: .means)
        try container.encode(scales, forKey: .scales)
        try container.encode(constantFeatures, forKey: .constantFeatures)
    }
}

/// A keyed container that reads a key under its current (snake_case) name, or else under the
/// camelCase name v0.1 wrote.
struct LegacyKeyedContainer<Key: CodingKey> {
    let current: KeyedDecodingContainer<Key>
    let legacy: KeyedDecodingContainer<AnyCodingKey>

    init(_ decoder: any Decoder) throws {
        current = try decoder.container(keyedBy: Key.self)
        legacy = try decoder.container(keyedBy: AnyCodingKey.self)
    }

    func decode<T: Decodable>(_ type: T.Type, _ key: Key, legacy name: String? = nil) throws -> T {
        if let name, !current.contains(key), legacy.contains(AnyCodingKey(name)) {
            return try legacy.decode(type, forKey: AnyCodingKey(name))
        }
        return try current.decode(type, forKey: key)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, _ key: Key, legacy name: String) throws -> T? {
        if !current.contains(key) { return try legacy.decodeIfPresent(type, forKey: AnyCodingKey(name)) }
        return try current.decodeIfPresent(type, forKey: key)
    }
}

/// A coding key made from any string.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
