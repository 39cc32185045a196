import Descent
import Foundation

/// The summary `descent evaluate --json` writes (or `train --report` computes): the rows scored,
/// the confusion matrix or regression scores, and the honest scores — intervals, baselines, the
/// reliability diagram or residual sample — when the file has them (descent ≥ 0.2).
///
/// Decoded with a plain `JSONDecoder` (the keys below are the JSON's snake_case names). A malformed
/// or missing `scores` block leaves `scores` nil rather than losing the confusion matrix.
public struct EvaluationSummary: Codable, Sendable, Equatable {
    /// One class's scores.
    public struct ClassScore: Codable, Sendable, Equatable {
        public var `class`: String
        public var precision: Double?
        public var recall: Double?
        public var f1: Double?
        public var support: Int?
    }

    public var rows: Int?
    public var loss: Double?
    public var accuracy: Double?
    public var classes: [ClassScore]?
    public var confusionMatrix: [[Int]]?
    public var rmse: Double?
    public var mae: Double?
    public var r2: Double?
    /// Whether exactly the rows `train --test-split` held out were scored.
    public var heldOut: Bool?
    /// Scored rows the model was trained or validated on (nil: unknown).
    public var rowsSeenInTraining: Int?
    /// The model's scores with intervals and the class-prior (or mean) baseline.
    public var scores: ScoreReport?
    /// The linear model's scores on the same rows.
    public var linearScores: ScoreReport?

    enum CodingKeys: String, CodingKey {
        case rows, loss, accuracy, classes, confusionMatrix = "confusion_matrix", rmse, mae, r2, heldOut = "held_out"
        case rowsSeenInTraining = "rows_seen_in_training", scores, linearScores = "linear_scores"
    }

    /// A summary from values computed in process (`descent train --report`).
    public init(rows: Int, loss: Double, accuracy: Double?, classNames: [String], confusion: [[Int]],
                scores: ScoreReport? = nil, linearScores: ScoreReport? = nil) {
        self.rows = rows
        self.loss = loss
        self.accuracy = accuracy
        classes = classNames.map { ClassScore(class: $0, precision: nil, recall: nil, f1: nil, support: nil) }
        confusionMatrix = confusion.isEmpty ? nil : confusion
        self.scores = scores
        self.linearScores = linearScores
        rmse = scores?.regression?.rmse
        mae = scores?.regression?.mae
        r2 = scores?.regression?.r2
    }

    /// Decodes every key that is there; `scores` and `linear_scores` only when they decode whole.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rows = try container.decodeIfPresent(Int.self, forKey: .rows)
        loss = try container.decodeIfPresent(Double.self, forKey: .loss)
        accuracy = try container.decodeIfPresent(Double.self, forKey: .accuracy)
        classes = try container.decodeIfPresent([ClassScore].self, forKey: .classes)
        confusionMatrix = try container.decodeIfPresent([[Int]].self, forKey: .confusionMatrix)
        rmse = try container.decodeIfPresent(Double.self, forKey: .rmse)
        mae = try container.decodeIfPresent(Double.self, forKey: .mae)
        r2 = try container.decodeIfPresent(Double.self, forKey: .r2)
        heldOut = try container.decodeIfPresent(Bool.self, forKey: .heldOut)
        rowsSeenInTraining = try container.decodeIfPresent(Int.self, forKey: .rowsSeenInTraining)
        scores = try? container.decodeIfPresent(ScoreReport.self, forKey: .scores)
        linearScores = try? container.decodeIfPresent(ScoreReport.self, forKey: .linearScores)
    }

    /// The summary in a JSON document, nil when it is not one.
    public static func decode(_ data: Data) -> EvaluationSummary? {
        try? JSONDecoder().decode(EvaluationSummary.self, from: data)
    }
}
