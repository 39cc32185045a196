import Foundation

/// The last line `descent train --json` prints, `{"type": "summary", …}`, as a search reads it:
/// decoded with `JSONDecoder`, so every metric is the exact Double the trial printed.
///
/// Keys are snake_case; a metric the run did not measure is null or absent.
public struct TrainSummaryRecord: Sendable, Equatable, Codable {
    /// "summary".
    public var type: String
    /// "finished" or "diverged".
    public var status: String?
    /// Epochs trained.
    public var epochs: Int?
    /// The epoch whose weights were kept (early stopping), when it restored one.
    public var bestEpoch: Int?
    /// The training loss at the kept weights.
    public var trainingLoss: Double?
    /// The validation loss at the kept weights (nil without a validation set).
    public var validationLoss: Double?
    /// The validation accuracy (classification).
    public var validationAccuracy: Double?

    enum CodingKeys: String, CodingKey {
        case type, status, epochs
        case bestEpoch = "best_epoch", trainingLoss = "train_loss", validationLoss = "val_loss", validationAccuracy = "val_accuracy"
    }

    /// Creates a record.
    public init(type: String = "summary", status: String? = "finished", epochs: Int? = nil, bestEpoch: Int? = nil,
                trainingLoss: Double? = nil, validationLoss: Double? = nil, validationAccuracy: Double? = nil) {
        self.type = type
        self.status = status
        self.epochs = epochs
        self.bestEpoch = bestEpoch
        self.trainingLoss = trainingLoss
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
    }

    /// The summary line among a train run's standard output lines: the last line that decodes
    /// with `type` "summary"; nil when there is none.
    public static func find(inOutput lines: [Substring]) -> TrainSummaryRecord? {
        let decoder = JSONDecoder()
        for line in lines.reversed() {
            if let record = try? decoder.decode(TrainSummaryRecord.self, from: Data(line.utf8)), record.type == "summary" { return record }
        }
        return nil
    }

    /// How many epoch lines a train run's output holds (lines with an `epoch` key and a `type`
    /// of "epoch" or none, as v0.1 wrote them): the epochs a diverged trial completed.
    public static func epochLineCount(inOutput lines: [Substring]) -> Int {
        struct Line: Decodable {
            var type: String?
            var epoch: Int?
        }
        let decoder = JSONDecoder()
        return lines.filter { line in
            guard let decoded = try? decoder.decode(Line.self, from: Data(line.utf8)) else { return false }
            return decoded.epoch != nil && (decoded.type == nil || decoded.type == "epoch")
        }.count
    }
}
