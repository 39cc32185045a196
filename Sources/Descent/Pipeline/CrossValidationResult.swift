/// A k-fold cross-validation's outcome as one typed, Codable value (snake_case keys, a format
/// version): each fold's scores and epochs, every metric's mean ± standard deviation over the
/// folds, the fold of every row with its file line (to reproduce and audit the folds), and which
/// model files were written.
public struct CrossValidationResult: Codable, Sendable, Equatable {
    /// The format this version writes.
    public static let currentFormatVersion = 1

    /// The format version of the value.
    public var formatVersion = Self.currentFormatVersion
    /// The assignment, the per-fold scores and their statistics.
    public var summary: CrossValidationSummary
    /// The column the folds are grouped by, nil for stratified (classification) or shuffled folds.
    public var groupColumn: String?
    /// The 1-based file line of each row, in row order (beside `summary.assignment.folds`).
    public var lineOfRow: [Int]
    /// The epochs each fold trained (early stopping may end a fold before its last epoch).
    public var completedEpochs: [Int]
    /// The epochs of the refit model on all rows (the folds' mean best epoch), nil without a refit.
    public var refitEpochs: Int?
    /// The model files written, in fold order (or the one refit model); empty when none were saved.
    public var models: [SavedFoldModel]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", summary, groupColumn = "group_column", lineOfRow = "line_of_row"
        case completedEpochs = "completed_epochs", refitEpochs = "refit_epochs", models
    }

    /// A result from its parts.
    public init(summary: CrossValidationSummary, groupColumn: String?, lineOfRow: [Int], completedEpochs: [Int],
                refitEpochs: Int? = nil, models: [SavedFoldModel] = []) {
        self.summary = summary
        self.groupColumn = groupColumn
        self.lineOfRow = lineOfRow
        self.completedEpochs = completedEpochs
        self.refitEpochs = refitEpochs
        self.models = models
    }

    /// Encodes every key, nil as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(summary, forKey: .summary)
        try container.encode(groupColumn, forKey: .groupColumn)
        try container.encode(lineOfRow, forKey: .lineOfRow)
        try container.encode(completedEpochs, forKey: .completedEpochs)
        try container.encode(refitEpochs, forKey: .refitEpochs)
        try container.encode(models, forKey: .models)
    }
}

/// One model file a cross-validation wrote (with its resume state beside it).
public struct SavedFoldModel: Codable, Sendable, Equatable {
    /// The model's path.
    public var path: String
    /// The fold it was scored on (0-based), nil for the refit model trained on all rows.
    public var fold: Int?

    /// A saved model from its fields.
    public init(path: String, fold: Int?) {
        self.path = path
        self.fold = fold
    }

    /// Encodes both keys, nil as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(fold, forKey: .fold)
    }
}
