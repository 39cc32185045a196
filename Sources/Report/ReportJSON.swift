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

/// Decoding with descent's snake_case keys.
enum ReportJSON {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) -> T? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(type, from: data)
    }
}
