/// The JSON record of an evaluation: one line of type "evaluation" with the row accounting
/// (every input row used, skipped by reason, or filled) and the metrics. Fields of the other task
/// are null: `accuracy`, `classes` and `confusion_matrix` for regression, `rmse`, `mae` and `r2`
/// for classification; a non-finite number is null too.
public struct EvaluationReport: JSONRecord, Sendable {
    /// "evaluation".
    public let type = "evaluation"
    /// Rows scored (the same as `rowsUsed`; kept for readers of v0.1).
    public var rows: Int
    /// Rows in the file.
    public var rowsTotal: Int
    /// Rows scored.
    public var rowsUsed: Int
    /// Rows that could not be scored.
    public var rowsSkipped: Int
    /// Rows scored after their missing values were filled (`MissingValuePolicy.mean` or `.median`).
    public var rowsFilled: Int
    /// Skipped rows by reason (`missing_value`, `unknown_category`, …).
    public var skipped: [String: Int]
    /// The file lines of the first 100 skipped rows.
    public var skippedLines: [Int]
    /// Mean data loss.
    @JSONNullable public var loss: Double?
    /// Fraction of rows classified correctly (classification).
    @JSONNullable public var accuracy: Double?
    /// Precision, recall, F1 and support per class (classification).
    @JSONNullable public var classes: [ClassScore]?
    /// confusion_matrix[t][p]: rows of true class t predicted as p (classification).
    @JSONNullable public var confusionMatrix: [[Int]]?
    /// Root mean squared error (regression).
    @JSONNullable public var rmse: Double?
    /// Mean absolute error (regression).
    @JSONNullable public var mae: Double?
    /// Coefficient of determination R² (regression; null when every target is equal).
    @JSONNullable public var r2: Double?
    /// Whether exactly the rows the training run's test split (`testFraction`) kept out were scored.
    public var heldOut = false
    /// Scored rows the model was trained or validated on, by row fingerprint (null: the model has no fingerprints).
    @JSONNullable public var rowsSeenInTraining: Int?
    /// The honest scores with their intervals and the class-prior (or mean) baseline.
    @JSONNullable public var scores: ScoreReport?
    /// The linear baseline's scores on the same rows (null when the model has none).
    @JSONNullable public var linearScores: ScoreReport?

    /// One class's scores.
    public struct ClassScore: Encodable, Sendable {
        /// The class name.
        public var name: String
        /// TP/(TP + FP).
        @JSONNullable public var precision: Double?
        /// TP/(TP + FN).
        @JSONNullable public var recall: Double?
        /// The harmonic mean of precision and recall.
        @JSONNullable public var f1: Double?
        /// Rows whose true class this is.
        public var support: Int

        enum CodingKeys: String, CodingKey {
            case name = "class", precision, recall, f1, support
        }
    }

    /// The report of `metrics` over `rows` (classes named by `classNames` for classification).
    public init(rows: ScoringRows, metrics: EvaluationMetrics, classNames: [String]) {
        self.rows = rows.dataset.rowCount
        rowsTotal = rows.totalRows
        rowsUsed = rows.dataset.rowCount
        rowsSkipped = rows.unscored.count
        rowsFilled = rows.filledRows
        skipped = Dictionary(uniqueKeysWithValues: rows.countsByReason.map { ($0.reason.rawValue, $0.rows) })
        skippedLines = rows.unscored.prefix(100).map(\.location.line)
        loss = metrics.loss
        rmse = metrics.rmse
        mae = metrics.mae
        r2 = metrics.r2
        guard let accuracy = metrics.accuracy else { return }
        self.accuracy = accuracy
        classes = classNames.indices.map { k in
            ClassScore(name: classNames[k], precision: metrics.precision(ofClass: k), recall: metrics.recall(ofClass: k),
                       f1: metrics.f1(ofClass: k), support: metrics.confusion[k].reduce(0, +))
        }
        confusionMatrix = metrics.confusion
    }
}
