import Foundation

/// The summary `descent hessian --json` writes (the keys a report shows; others are ignored).
public struct HessianSummary: Codable, Sendable, Equatable {
    public var model: String?
    public var data: String?
    public var rows: Int?
    public var method: String?
    public var parameters: Int?
    public var lambdaMax: Double?
    public var lambdaMin: Double?
    public var conditionNumber: Double?
    public var nonzeroConditionNumber: Double?
    public var singularConditionNumber: Double?
    public var positiveConditionNumber: Double?
    public var negativeEigenvalues: Int?
    public var nearZeroEigenvalues: Int?
    public var positiveEigenvalues: Int?
    public var zeroTolerance: Double?
    public var trace: Double?
    public var frobeniusNorm: Double?
    public var seconds: Double?
}

/// Statistics over seeds as `descent compare --json` writes them.
public struct SeedStatistics: Codable, Sendable, Equatable {
    public var mean: Double?
    public var std: Double?
    public var median: Double?
    public var min: Double?
    public var max: Double?
    public var count: Int?
}

/// The summary `descent compare --json` writes (the keys a report shows).
public struct RaceSummary: Codable, Sendable, Equatable {
    /// One contestant's row.
    public struct Contestant: Codable, Sendable, Equatable {
        public var optimizer: String
        public var lr: Double?
        public var runsDiverged: Int?
        public var finalTrainLoss: SeedStatistics?
        public var finalValLoss: SeedStatistics?
        public var finalValAccuracy: SeedStatistics?
        public var bestValAccuracy: SeedStatistics?
        public var epochsToTarget: SeedStatistics?
        public var secondsToTarget: SeedStatistics?
        public var msPerStep: SeedStatistics?
    }

    public var data: String?
    public var task: String?
    public var epochs: Int?
    public var seeds: [UInt64]?
    public var targetLoss: Double?
    public var optimizers: [Contestant]
}

/// The summary `descent evaluate --json` writes: the rows scored and the confusion matrix.
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

    /// A summary from values computed in process (`descent train --report`).
    public init(rows: Int, loss: Double, accuracy: Double?, classNames: [String], confusion: [[Int]]) {
        self.rows = rows
        self.loss = loss
        self.accuracy = accuracy
        classes = classNames.map { ClassScore(class: $0, precision: nil, recall: nil, f1: nil, support: nil) }
        confusionMatrix = confusion
    }
}

/// Decoding with descent's snake_case keys.
enum ReportJSON {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) -> T? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(type, from: data)
    }
}
