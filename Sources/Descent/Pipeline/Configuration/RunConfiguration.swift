import Foundation

/// Everything that decides a training run, as one Codable value with snake_case keys and a format
/// version: the data and how it is prepared, the network, the method, the settings, the seed and
/// the precision, transfer learning and curvature tracking. A checkpoint stores it (metadata key
/// `run_configuration`) so that a resume rebuilds the same run from typed values.
public struct RunConfiguration: Codable, Sendable {
    /// The format this version writes.
    public static let currentFormatVersion = 1
    /// The metadata key of a checkpoint that holds the configuration as JSON.
    public static let metadataKey = "run_configuration"

    /// The format version of the value.
    public var formatVersion = Self.currentFormatVersion
    /// The data and how it is split and scaled.
    public var data: DataPreparation
    /// The network.
    public var spec: NetworkSpec
    /// The method.
    public var method: TrainingMethod
    /// The settings (for a first-order method its configuration is `method`'s).
    public var settings: TrainingSettings
    /// The seed of the split, the initial weights and the batch order.
    public var seed: UInt64
    /// The precision the network trains in.
    public var precision: Precision
    /// The checkpoint whose matching tensors started the run (transfer learning), if any.
    public var initFrom: String?
    /// Linear layers held fixed from the start.
    public var frozenLinearLayers: Int
    /// Curvature tracking, when on.
    public var curvature: CurvatureSettings?
    /// Per-class weights of the cross-entropy (PyTorch's `weight=`), nil for none.
    public var classWeights: [Double]?
    /// For a model of a k-fold cross-validation: which rows it trained on (the folds but one, or
    /// all rows for the refit model); nil for an ordinary run. `prepareData()` rebuilds them.
    public var folds: FoldSelection?

    /// A configuration; transfer learning and curvature tracking off by default.
    public init(data: DataPreparation, spec: NetworkSpec, method: TrainingMethod, settings: TrainingSettings, seed: UInt64,
                precision: Precision, initFrom: String? = nil, frozenLinearLayers: Int = 0, curvature: CurvatureSettings? = nil,
                classWeights: [Double]? = nil) {
        self.data = data
        self.spec = spec
        self.method = method
        self.settings = settings
        self.seed = seed
        self.precision = precision
        self.initFrom = initFrom
        self.frozenLinearLayers = frozenLinearLayers
        self.curvature = curvature
        self.classWeights = classWeights
    }

    enum CodingKeys: String, CodingKey {
        case data, spec, method, settings, seed, precision, curvature
        case formatVersion = "format_version", initFrom = "init_from", frozenLinearLayers = "frozen_linear_layers"
        case classWeights = "class_weights", folds
    }

    /// The configuration as one line of JSON (sorted keys, doubles exact).
    public func json() throws -> String { try JSONLine.encode(self) }

    /// The configuration stored in checkpoint metadata, nil when the file has none (written
    /// before configurations were stored). Throws `CheckpointError.badMetadata` for one that
    /// does not decode.
    public static func stored(in file: SafeTensorsFile) throws -> RunConfiguration? {
        guard let text = file.metadata[metadataKey] else { return nil }
        do {
            return try JSONDecoder().decode(RunConfiguration.self, from: Data(text.utf8))
        } catch {
            throw CheckpointError.badMetadata(key: metadataKey, value: String(text.prefix(120)))
        }
    }
}

/// How often and how the sharpness is measured during training (`CurvatureTracker`).
public struct CurvatureSettings: Codable, Sendable, Equatable {
    /// Every this many epochs.
    public var every: Int
    /// Training rows the Hessian is taken over.
    public var samples: Int
    /// Lanczos steps per measurement.
    public var lanczosSteps: Int
    /// Whether λmin is recorded too.
    public var tracksMinimum: Bool
    /// Rademacher vectors of Hutchinson's trace estimate (0: no trace).
    public var traceSamples: Int
    /// Dimension k of the top Hessian eigenspace the gradient's share is measured in (0: not measured).
    public var subspaceK: Int

    /// Settings; defaults as `CurvatureTracker`'s.
    public init(every: Int, samples: Int = 512, lanczosSteps: Int = 20, tracksMinimum: Bool = false, traceSamples: Int = 0,
                subspaceK: Int = 0) {
        self.every = every
        self.samples = samples
        self.lanczosSteps = lanczosSteps
        self.tracksMinimum = tracksMinimum
        self.traceSamples = traceSamples
        self.subspaceK = subspaceK
    }

    enum CodingKeys: String, CodingKey {
        case every, samples, lanczosSteps = "lanczos_steps", tracksMinimum = "tracks_minimum", traceSamples = "trace_samples"
        case subspaceK = "subspace_k"
    }

    /// Decodes the settings; `subspace_k` is absent from configurations written before it existed (0).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(every: try container.decode(Int.self, forKey: .every), samples: try container.decode(Int.self, forKey: .samples),
                  lanczosSteps: try container.decode(Int.self, forKey: .lanczosSteps),
                  tracksMinimum: try container.decode(Bool.self, forKey: .tracksMinimum),
                  traceSamples: try container.decode(Int.self, forKey: .traceSamples),
                  subspaceK: try container.decodeIfPresent(Int.self, forKey: .subspaceK) ?? 0)
    }

    /// The tracker of these settings over the prepared training rows, seeded by `seed`.
    public func tracker(_ data: PreparedData, seed: UInt64) throws -> CurvatureTracker {
        try CurvatureTracker(dataset: data.dataset, trainingRows: data.split.training, every: every, samples: samples,
                             lanczosSteps: lanczosSteps, tracksMinimum: tracksMinimum, traceSamples: traceSamples, subspaceK: subspaceK,
                             seed: seed)
    }
}
