import Linalg

/// Where a run's data comes from and how it is split and scaled: a CSV file read and encoded, a
/// seeded (stratified for classification) validation/test split or separate files for them, and a
/// feature scaling fitted on the training rows only.
///
/// ```swift
/// let data = try DataPreparation(path: "iris.csv").prepare(seed: 0)
/// ```
public struct DataPreparation: Sendable, Equatable {
    /// The CSV file to train on.
    public var path: String
    /// How the file is read: delimiter, header, decimal comma.
    public var csv: CSVReadOptions
    /// How columns become features and the target: target column, dropped columns, missing values.
    public var columns: DatasetOptions
    /// The feature scaling fitted on the training rows.
    public var preprocess: Standardizer.Mode
    /// The fraction of rows for validation, in [0, 1) (not used with `validationPath`).
    public var validationFraction: Double
    /// The fraction of rows held out for a test, in [0, 1) (not used with `testPath`).
    public var testFraction: Double
    /// A separate validation file with the same columns, instead of a split.
    public var validationPath: String?
    /// A separate test file with the same columns, instead of a split.
    public var testPath: String?

    /// A preparation of the CSV file at `path`; defaults: standardized features, 20% validation, no test part.
    public init(path: String, csv: CSVReadOptions = CSVReadOptions(), columns: DatasetOptions = DatasetOptions(),
                preprocess: Standardizer.Mode = .standardize, validationFraction: Double = 0.2, testFraction: Double = 0,
                validationPath: String? = nil, testPath: String? = nil) {
        self.path = path
        self.csv = csv
        self.columns = columns
        self.preprocess = preprocess
        self.validationFraction = validationFraction
        self.testFraction = testFraction
        self.validationPath = validationPath
        self.testPath = testPath
    }

    /// Reads and encodes the file, splits it with `RunGenerators(seed:).split`, appends the
    /// validation and test files when given, and fits and applies the scaling on the training rows.
    /// Throws `DataError`/`InputFileError` naming the file, or `PreparationError`.
    public func prepare(seed: UInt64) throws -> PreparedData {
        var dataset = try InputFileError.naming(path) {
            try Dataset(table: try CSVReader.read(contentsOf: path, options: csv), options: columns)
        }
        var splitRandom = RunGenerators(seed: seed).split
        let splitter = DatasetSplitter(validationFraction: validationPath == nil ? validationFraction : 0,
                                       testFraction: testPath == nil ? testFraction : 0)
        var split = try InputFileError.naming(path) { try splitter.split(dataset, random: &splitRandom) }
        if let validationPath {
            split.validation = try append(validationPath, role: .validation, to: &dataset)
        }
        if let testPath {
            split.test = try append(testPath, role: .test, to: &dataset)
        }
        let standardizer = Standardizer(mode: preprocess, fittingRows: split.training, of: dataset)
        try standardizer.checkFinite(fittingRows: split.training, of: dataset)
        standardizer.apply(to: &dataset)
        return PreparedData(dataset: dataset, split: split, standardizer: standardizer)
    }

    /// Encodes the file at `path` as `dataset` was encoded and appends its rows; returns their indices.
    func append(_ path: String, role: PreparationError.Role, to dataset: inout Dataset) throws -> [Int] {
        let extra = try dataset.encoding.encode(try CSVReader.read(contentsOf: path, options: csv))
        guard extra.hasTarget else {
            throw PreparationError.noTargetColumn(path: path, role: role, column: dataset.encoding.target.name)
        }
        let rows = Array(dataset.rowCount..<(dataset.rowCount + extra.rowCount))
        dataset = dataset.appending(extra)
        return rows
    }
}

/// Data that cannot be prepared for training as asked.
public enum PreparationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What a separate file was given for.
    public enum Role: String, Sendable {
        /// The validation rows.
        case validation
        /// The test rows.
        case test
    }

    /// A separate validation or test file lacks the target column of the training file.
    case noTargetColumn(path: String, role: Role, column: String)

    /// The message: the file, its role and the missing column.
    public var description: String {
        switch self {
        case let .noTargetColumn(path, role, column):
            return "\(path): the \(role.rawValue) file has no target column '\(column)'"
        }
    }
}
