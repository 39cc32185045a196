/// What a data set is for: predicting a class or a number.
public enum DatasetTask: String, Codable, Sendable, CaseIterable {
    /// The target is a class label; the model outputs one score per class.
    case classification
    /// The target is a real number.
    case regression
}

/// What to do with missing values (empty, `NA`, `N/A`, `NaN`, `null`, `?`).
public enum MissingValuePolicy: String, Codable, Sendable, CaseIterable {
    /// Stop with an error naming the first missing value and how many rows have one (the default).
    case error
    /// Leave out every row with a missing value in a column used.
    case drop
    /// Fill a numeric feature with its column's mean (a text feature with its most frequent value);
    /// rows with a missing target are left out.
    case mean
    /// Fill a numeric feature with its column's median (a text feature with its most frequent value);
    /// rows with a missing target are left out.
    case median
}

/// How to turn a CSV table into a `Dataset`: which column is the target, which are features, the
/// task, the missing-value policy and the limits on categories. The defaults suit a typical table.
public struct DatasetOptions: Sendable, Equatable {
    /// Which column holds the target.
    public enum TargetColumn: Sendable, Equatable {
        /// The last column (the default).
        case last
        /// The column with this name; if no column has it and it is an integer, the column at that
        /// 0-based index (negative counts from the end, -1 being the last), the way a column is given as text.
        case name(String)
        /// The column at this 0-based index; negative counts from the end.
        case index(Int)
    }

    /// The target column.
    public var target: TargetColumn
    /// The feature columns by name, in this order; nil means every column but the target and `drop`.
    public var features: [String]?
    /// Columns left out when `features` is nil.
    public var drop: [String]
    /// The task; nil infers it (text target, or integers with at most `maxInferredClasses` distinct
    /// values → classification; otherwise regression).
    public var task: DatasetTask?
    /// The missing-value policy.
    public var missingValues: MissingValuePolicy
    /// The most distinct values a text feature may have; each becomes a one-hot feature.
    public var maxCategories: Int
    /// The most distinct integer target values for which classification is inferred.
    public var maxInferredClasses: Int

    /// Options with the given settings; every one has a default.
    public init(target: TargetColumn = .last, features: [String]? = nil, drop: [String] = [],
                task: DatasetTask? = nil, missingValues: MissingValuePolicy = .error,
                maxCategories: Int = 50, maxInferredClasses: Int = 50) {
        self.target = target
        self.features = features
        self.drop = drop
        self.task = task
        self.missingValues = missingValues
        self.maxCategories = maxCategories
        self.maxInferredClasses = maxInferredClasses
    }
}
