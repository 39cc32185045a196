/// Which rows of a k-fold cross-validation a model trained on: the data file dealt into
/// `foldCount` folds (grouped by `groupColumn` when set) from `seed`, and either every fold
/// but `fold` (a fold model, scored on `fold`) or, with `fold` nil, every row (the refit model).
/// Stored in the model's `RunConfiguration`, so a resume rebuilds exactly those rows.
public struct FoldSelection: Codable, Sendable, Equatable {
    /// K.
    public var foldCount: Int
    /// The column whose rows stay together in one fold, nil for stratified (or shuffled) folds.
    public var groupColumn: String?
    /// The held-out fold, 0..<K; nil for the refit model trained on all rows.
    public var fold: Int?
    /// The seed of the fold assignment and of each fold's validation split (`FoldPreparation`).
    public var seed: UInt64

    /// A selection from its fields.
    public init(foldCount: Int, groupColumn: String?, fold: Int?, seed: UInt64) {
        self.foldCount = foldCount
        self.groupColumn = groupColumn
        self.fold = fold
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case foldCount = "fold_count", groupColumn = "group_column", fold, seed
    }

    /// Encodes every key, nil as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(foldCount, forKey: .foldCount)
        try container.encode(groupColumn, forKey: .groupColumn)
        try container.encode(fold, forKey: .fold)
        try container.encode(seed, forKey: .seed)
    }
}

extension RunConfiguration {
    /// The data the run trains on: `data.prepare(seed:)` for an ordinary run; for a model of a
    /// cross-validation the same folds dealt again from `data` and `folds.seed`, and fold `folds.fold`'s
    /// split (or all rows for the refit model). Throws the errors of `DataPreparation.prepare` and
    /// `FoldPreparation`.
    public func prepareData() throws -> PreparedData {
        guard let folds else { return try data.prepare(seed: seed) }
        let preparation = try FoldPreparation(data, foldCount: folds.foldCount, groupColumn: folds.groupColumn, seed: folds.seed)
        guard let fold = folds.fold else { return try preparation.all() }
        guard (0..<folds.foldCount).contains(fold) else { throw FoldPreparationError.noSuchFold(fold: fold, foldCount: folds.foldCount) }
        return try preparation.fold(fold)
    }
}
