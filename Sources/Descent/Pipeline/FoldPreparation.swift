import Linalg

/// The data of a k-fold cross-validation: the file read and encoded once (unscaled), the group
/// key of each row when grouping, and the fold assignment. `fold(_:)` prepares split k the way a
/// single run is prepared — a seeded, stratified validation split of the K − 1 training folds for
/// early stopping, the scaling fitted on the training rows only — with fold k as its test rows.
public struct FoldPreparation: Sendable {
    /// The encoded, unscaled rows.
    public let dataset: Dataset
    /// The group key of each row (nil without grouping).
    public let groups: [String]?
    /// The column the rows are grouped by (nil without grouping).
    public let groupColumn: String?
    /// The seed the folds (and each fold's validation split) were drawn from.
    public let seed: UInt64
    /// The fold of each row.
    public let assignment: FoldAssignment
    /// How the training folds are split and scaled (its file, columns, scaling, validation fraction).
    public let preparation: DataPreparation
    /// The seed of each fold's validation split, drawn after the assignment from the seed's split stream.
    public let foldSeeds: [UInt64]

    /// Reads `preparation.path` (the group column, when named, is read as keys and left out of the
    /// features) and deals its rows into `foldCount` folds from the seed's split stream. Throws
    /// `DataError`/`InputFileError` for the file, `EvaluationError` for impossible folds,
    /// `PreparationError.noGroupColumn` for a group column the file lacks.
    public init(_ preparation: DataPreparation, foldCount: Int, groupColumn: String?, seed: UInt64) throws {
        let table = try InputFileError.naming(preparation.path) { try CSVReader.read(contentsOf: preparation.path, options: preparation.csv) }
        var columns = preparation.columns
        var groupIndex: Int?
        if let groupColumn {
            guard let index = table.columnIndex(named: groupColumn) else {
                throw FoldPreparationError.noGroupColumn(path: preparation.path, column: groupColumn)
            }
            groupIndex = index
            columns.drop.append(groupColumn)
        }
        let dataset = try InputFileError.naming(preparation.path) { try Dataset(table: table, options: columns) }
        if let groupIndex {
            var rowOfLine: [Int: Int] = [:]
            for row in 0..<table.rowCount { rowOfLine[table.line(ofRow: row)] = row }
            groups = dataset.sourceLines.map { table.string(row: rowOfLine[$0]!, column: groupIndex) }
        } else {
            groups = nil
        }
        var random = RunGenerators(seed: seed).split
        assignment = try FoldSplitter(foldCount: foldCount).assign(
            rowCount: dataset.rowCount, classIndices: dataset.task == .classification ? dataset.classIndices : nil,
            groups: groups, random: &random)
        foldSeeds = (0..<foldCount).map { _ in random.next() }
        self.dataset = dataset
        self.preparation = preparation
        self.groupColumn = groupColumn
        self.seed = seed
    }

    /// Split `k`: training and validation rows from the other folds (validation drawn as a single
    /// run draws it, from a stream of the seed and k), test rows = fold k; scaled on the training rows.
    public func fold(_ k: Int) throws -> PreparedData {
        let others = assignment.trainingRows(fold: k)
        var random = RandomGenerator(seed: foldSeeds[k])
        let inner = try InputFileError.naming(preparation.path) {
            try DatasetSplitter(validationFraction: preparation.validationFraction).split(dataset.subset(others), random: &random)
        }
        let split = DatasetSplit(training: inner.training.map { others[$0] }, validation: inner.validation.map { others[$0] },
                                 test: assignment.validationRows(fold: k))
        var scaled = dataset
        let standardizer = Standardizer(mode: preparation.preprocess, fittingRows: split.training, of: scaled)
        try standardizer.checkFinite(fittingRows: split.training, of: scaled)
        standardizer.apply(to: &scaled)
        return PreparedData(dataset: scaled, split: split, standardizer: standardizer)
    }

    /// All rows as training rows (no validation, no test), scaled on all of them: the data of a
    /// refit after cross-validation chose the epoch count.
    public func all() throws -> PreparedData {
        let rows = Array(0..<dataset.rowCount)
        var scaled = dataset
        let standardizer = Standardizer(mode: preparation.preprocess, fittingRows: rows, of: scaled)
        try standardizer.checkFinite(fittingRows: rows, of: scaled)
        standardizer.apply(to: &scaled)
        return PreparedData(dataset: scaled, split: DatasetSplit(training: rows, validation: [], test: []), standardizer: standardizer)
    }
}

/// A cross-validation that cannot be prepared as asked.
public enum FoldPreparationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The group column is not in the file.
    case noGroupColumn(path: String, column: String)
    /// A stored fold selection names a fold the assignment does not have.
    case noSuchFold(fold: Int, foldCount: Int)

    /// The message, naming the file and the column.
    public var description: String {
        switch self {
        case let .noGroupColumn(path, column):
            return "\(path): no column named \(TextExcerpt.quoted(column)) to group the folds by"
        case let .noSuchFold(fold, foldCount):
            return "fold \(fold + 1) does not exist in a \(foldCount)-fold cross-validation (folds are 1…\(foldCount))"
        }
    }
}
