/// CSV reading options as JSON: `delimiter` (the character, null: detected), `has_header`,
/// `decimal_comma`. The thread count is not part of it (it never changes the result).
extension CSVReadOptions: Codable {
    enum CodingKeys: String, CodingKey {
        case delimiter, hasHeader = "has_header", decimalComma = "decimal_comma"
    }

    /// Reads the options.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let delimiter = try c.decodeIfPresent(String.self, forKey: .delimiter)
        guard delimiter.map({ $0.utf8.count == 1 }) ?? true else {
            throw DecodingError.dataCorruptedError(forKey: .delimiter, in: c, debugDescription: "a delimiter is one byte")
        }
        self.init(delimiter: delimiter?.utf8.first, hasHeader: try c.decode(Bool.self, forKey: .hasHeader))
        decimalComma = try c.decode(Bool.self, forKey: .decimalComma)
    }

    /// Writes the options.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(delimiter.map { String(decoding: [$0], as: UTF8.self) }, forKey: .delimiter)
        try c.encode(hasHeader, forKey: .hasHeader)
        try c.encode(decimalComma, forKey: .decimalComma)
    }
}

/// Column options as JSON: `target` (`{"last": true}`, `{"name": "species"}` or `{"index": -1}`),
/// `features`, `drop`, `task`, `missing_values`, `max_categories`, `max_inferred_classes`.
extension DatasetOptions: Codable {
    enum CodingKeys: String, CodingKey {
        case target, features, drop, task, missingValues = "missing_values", maxCategories = "max_categories"
        case maxInferredClasses = "max_inferred_classes"
    }

    enum TargetKeys: String, CodingKey {
        case last, name, index
    }

    /// Reads the options.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let t = try c.nestedContainer(keyedBy: TargetKeys.self, forKey: .target)
        let target: TargetColumn
        if let name = try t.decodeIfPresent(String.self, forKey: .name) {
            target = .name(name)
        } else if let index = try t.decodeIfPresent(Int.self, forKey: .index) {
            target = .index(index)
        } else {
            target = .last
        }
        self.init(target: target, features: try c.decodeIfPresent([String].self, forKey: .features), drop: try c.decode([String].self, forKey: .drop),
                  task: try c.decodeIfPresent(DatasetTask.self, forKey: .task), missingValues: try c.decode(MissingValuePolicy.self, forKey: .missingValues),
                  maxCategories: try c.decode(Int.self, forKey: .maxCategories), maxInferredClasses: try c.decode(Int.self, forKey: .maxInferredClasses))
    }

    /// Writes the options, null where not set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        var t = c.nestedContainer(keyedBy: TargetKeys.self, forKey: .target)
        switch target {
        case .last: try t.encode(true, forKey: .last)
        case let .name(name): try t.encode(name, forKey: .name)
        case let .index(index): try t.encode(index, forKey: .index)
        }
        try c.encode(features, forKey: .features)
        try c.encode(drop, forKey: .drop)
        try c.encode(task, forKey: .task)
        try c.encode(missingValues, forKey: .missingValues)
        try c.encode(maxCategories, forKey: .maxCategories)
        try c.encode(maxInferredClasses, forKey: .maxInferredClasses)
    }
}

/// A data preparation as JSON: `path`, `csv`, `columns`, `preprocess`, `validation_fraction`,
/// `test_fraction`, `validation_path`, `test_path`.
extension DataPreparation: Codable {
    enum CodingKeys: String, CodingKey {
        case path, csv, columns, preprocess, validationFraction = "validation_fraction", testFraction = "test_fraction"
        case validationPath = "validation_path", testPath = "test_path"
    }

    /// Reads the preparation.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(path: try c.decode(String.self, forKey: .path), csv: try c.decode(CSVReadOptions.self, forKey: .csv),
                  columns: try c.decode(DatasetOptions.self, forKey: .columns), preprocess: try c.decode(Standardizer.Mode.self, forKey: .preprocess),
                  validationFraction: try c.decode(Double.self, forKey: .validationFraction), testFraction: try c.decode(Double.self, forKey: .testFraction),
                  validationPath: try c.decodeIfPresent(String.self, forKey: .validationPath), testPath: try c.decodeIfPresent(String.self, forKey: .testPath))
    }

    /// Writes the preparation, null where a file is not given.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(csv, forKey: .csv)
        try c.encode(columns, forKey: .columns)
        try c.encode(preprocess, forKey: .preprocess)
        try c.encode(validationFraction, forKey: .validationFraction)
        try c.encode(testFraction, forKey: .testFraction)
        try c.encode(validationPath, forKey: .validationPath)
        try c.encode(testPath, forKey: .testPath)
    }
}
