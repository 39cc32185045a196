import Foundation

/// Why a record line could not be read as a trial, beyond a missing key.
enum TrialRecordFault: Error {
    case reason(String)
}

extension TrialResult {
    /// The record's keys, snake_case, in the order a line lists them.
    enum CodingKeys: String, CodingKey {
        case type, round, trial, params, status
        case validationLoss = "val_loss", validationAccuracy = "val_accuracy", trainingLoss = "train_loss"
        case epochs, bestEpoch = "best_epoch", maxEpochs = "max_epochs", seconds, space, arguments, error
        case dataSHA256 = "data_sha256", dataFile = "data_file", descentVersion = "descent_version"
        case cvFolds = "cv_folds", cvMetric = "cv_metric", validationLossStandardError = "val_loss_se"
    }

    /// The `type` of a trial line: "trial".
    public static let recordType = "trial"

    /// Writes `{"type": "trial", …}`: every key always present (null where there is no value, and
    /// for a non-finite metric), `params` as an object in the trial's parameter order with numbers
    /// for reals and integers and strings for choices.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.recordType, forKey: .type)
        try container.encode(trial.round, forKey: .round)
        try container.encode(trial.index, forKey: .trial)
        var params = container.nestedContainer(keyedBy: ParameterKey.self, forKey: .params)
        for assignment in trial.values {
            let key = ParameterKey(assignment.name)
            switch assignment.value {
            case let .real(x): if x.isFinite { try params.encode(x, forKey: key) } else { try params.encodeNil(forKey: key) }
            case let .integer(n): try params.encode(n, forKey: key)
            case let .choice(text): try params.encode(text, forKey: key)
            }
        }
        try container.encode(status, forKey: .status)
        try container.encodeMetric(validationLoss, forKey: .validationLoss)
        try container.encodeMetric(validationAccuracy, forKey: .validationAccuracy)
        try container.encodeMetric(trainingLoss, forKey: .trainingLoss)
        try container.encode(epochs, forKey: .epochs)
        try container.encode(bestEpoch, forKey: .bestEpoch)
        try container.encode(maxEpochs, forKey: .maxEpochs)
        try container.encode(seconds.isFinite ? seconds : 0, forKey: .seconds)
        try container.encode(space, forKey: .space)
        try container.encode(arguments, forKey: .arguments)
        try container.encode(error, forKey: .error)
        try container.encode(provenance?.dataSHA256, forKey: .dataSHA256)
        try container.encode(provenance?.dataFile, forKey: .dataFile)
        try container.encode(provenance?.descentVersion, forKey: .descentVersion)
        try container.encode(crossValidation?.folds, forKey: .cvFolds)
        try container.encode(crossValidation?.metric, forKey: .cvMetric)
        try container.encodeMetric(crossValidation?.standardError, forKey: .validationLossStandardError)
    }

    /// Reads a record; `type` may be absent (records of Descent 0.1) but must be "trial" when present.
    /// Each value of `params` is read by the kind of its parameter in `space`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let type = try container.decodeIfPresent(String.self, forKey: .type), type != Self.recordType {
            throw TrialRecordFault.reason("type '\(type)' is not a trial")
        }
        let statusText = try container.decode(String.self, forKey: .status)
        guard let status = Status(rawValue: statusText) else { throw TrialRecordFault.reason("status '\(statusText)' is not finished, diverged or failed") }
        let space = try container.decode([String].self, forKey: .space)
        let parameters: [SearchParameter]
        do {
            parameters = try space.map(SearchParameter.init(parsing:))
        } catch {
            throw TrialRecordFault.reason("bad space: \(error)")
        }
        let params = try container.nestedContainer(keyedBy: ParameterKey.self, forKey: .params)
        let values = try parameters.map { parameter in
            SearchAssignment(name: parameter.name, value: try Self.value(of: parameter, in: params))
        }
        let hash = try container.decodeIfPresent(String.self, forKey: .dataSHA256)
        let file = try container.decodeIfPresent(String.self, forKey: .dataFile)
        let version = try container.decodeIfPresent(String.self, forKey: .descentVersion)
        let folds = try container.decodeIfPresent(Int.self, forKey: .cvFolds)
        let metric = try container.decodeIfPresent(String.self, forKey: .cvMetric)
        let standardError = try container.decodeIfPresent(Double.self, forKey: .validationLossStandardError)
        self.init(trial: SearchTrial(round: try container.decode(Int.self, forKey: .round), index: try container.decode(Int.self, forKey: .trial), values: values),
                  status: status,
                  validationLoss: try container.decodeIfPresent(Double.self, forKey: .validationLoss),
                  validationAccuracy: try container.decodeIfPresent(Double.self, forKey: .validationAccuracy),
                  trainingLoss: try container.decodeIfPresent(Double.self, forKey: .trainingLoss),
                  epochs: try container.decodeIfPresent(Int.self, forKey: .epochs),
                  bestEpoch: try container.decodeIfPresent(Int.self, forKey: .bestEpoch),
                  maxEpochs: try container.decode(Int.self, forKey: .maxEpochs),
                  seconds: try container.decodeIfPresent(Double.self, forKey: .seconds) ?? 0,
                  space: space, arguments: try container.decode([String].self, forKey: .arguments),
                  error: try container.decodeIfPresent(String.self, forKey: .error),
                  provenance: hash.map { TrialProvenance(dataSHA256: $0, dataFile: file ?? "", descentVersion: version ?? "") })
        if let folds, let metric {
            crossValidation = TrialCrossValidation(folds: folds, metric: metric, standardError: standardError ?? .nan)
        }
    }

    /// The value `params` gives `parameter`, of its kind: a string for a choice, an integer for an
    /// int range, a number for log and uniform ranges.
    private static func value(of parameter: SearchParameter, in params: KeyedDecodingContainer<ParameterKey>) throws -> SearchValue {
        let key = ParameterKey(parameter.name)
        guard params.contains(key) else { throw TrialRecordFault.reason("params lacks '\(parameter.name)'") }
        switch parameter.distribution {
        case .choice:
            if let text = try? params.decode(String.self, forKey: key) { return .choice(text) }
        case .integer:
            if let number = try? params.decode(Double.self, forKey: key), let integer = Int(exactly: number) { return .integer(integer) }
        case .logUniform, .uniform:
            if let number = try? params.decode(Double.self, forKey: key) { return .real(number) }
        }
        throw TrialRecordFault.reason("'\(parameter.name)' has a value of the wrong kind")
    }

    /// A parameter's name as a key of `params`.
    struct ParameterKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
