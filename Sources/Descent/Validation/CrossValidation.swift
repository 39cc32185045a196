import Foundation

/// The scores of one fold: named metric values of the model trained on the other folds and
/// scored on this one (e.g. "accuracy", "loss", "macro_f1"), in snake_case.
public struct FoldResult: Sendable, Equatable, Codable {
    /// The fold's index, 0..<K.
    public var fold: Int
    /// Rows trained on.
    public var trainingRowCount: Int
    /// Rows scored.
    public var validationRowCount: Int
    /// Metric name → value (nil: undefined on this fold, e.g. an AUC with one class).
    public var metrics: [String: Double?]

    enum CodingKeys: String, CodingKey {
        case fold, trainingRowCount = "training_row_count", validationRowCount = "validation_row_count", metrics
    }

    /// A result from its fields.
    public init(fold: Int, trainingRowCount: Int, validationRowCount: Int, metrics: [String: Double?]) {
        self.fold = fold
        self.trainingRowCount = trainingRowCount
        self.validationRowCount = validationRowCount
        self.metrics = metrics
    }

    /// Encodes every key; a metric that is not finite (an infinite log-loss) as null, since JSON
    /// has no NaN or ∞ (it decodes as nil: undefined).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fold, forKey: .fold)
        try container.encode(trainingRowCount, forKey: .trainingRowCount)
        try container.encode(validationRowCount, forKey: .validationRowCount)
        try container.encode(metrics.mapValues { value in value.flatMap { $0.isFinite ? $0 : nil } }, forKey: .metrics)
    }
}

/// A whole cross-validation: the assignment (to reproduce and audit it), each fold's scores, and
/// every metric's mean ± standard deviation over the folds.
public struct CrossValidationSummary: Sendable, Equatable, Codable {
    /// The folds of every row.
    public var assignment: FoldAssignment
    /// Per fold, in fold order.
    public var folds: [FoldResult]
    /// Metric name → statistics over the folds where it is defined.
    public var metrics: [String: FoldStatistics]

    /// The summary of `folds` under `assignment`.
    public init(assignment: FoldAssignment, folds: [FoldResult]) {
        self.assignment = assignment
        self.folds = folds.sorted { $0.fold < $1.fold }
        var names = Set<String>()
        for fold in folds { names.formUnion(fold.metrics.keys) }
        var metrics: [String: FoldStatistics] = [:]
        for name in names {
            metrics[name] = FoldStatistics(self.folds.compactMap { $0.metrics[name] ?? nil })
        }
        self.metrics = metrics
    }
}

/// Runs K train-and-score jobs, one per fold, and collects them in fold order.
public enum CrossValidation {
    /// Calls `body(fold, trainingRows, validationRows)` for each fold of `assignment`, at most
    /// `parallelism` at a time (each job must own its network, generator and buffers: the results
    /// are then the same for any parallelism). Results come back in fold order; the first error
    /// thrown (in fold order) is rethrown after every job has ended.
    public static func run(
        _ assignment: FoldAssignment, parallelism: Int = 1,
        body: @escaping @Sendable (Int, [Int], [Int]) throws -> FoldResult
    ) throws -> CrossValidationSummary {
        let results = ParallelJobs.map(count: assignment.foldCount, parallelism: parallelism) { fold in
            try body(fold, assignment.trainingRows(fold: fold), assignment.validationRows(fold: fold))
        }
        return CrossValidationSummary(assignment: assignment, folds: try results.map { try $0.get() })
    }
}
