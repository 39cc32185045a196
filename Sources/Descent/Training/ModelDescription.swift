import Foundation

/// Everything needed to rebuild a trained model and apply it to new rows, stored as JSON in a
/// checkpoint's `__metadata__`: the architecture, the task and feature encoding, the fitted
/// standardization, the class names, and how it was trained.
public struct ModelDescription: Codable, Sendable, Equatable {
    /// The Descent version that wrote it.
    public var descentVersion: String
    /// Features per row after encoding.
    public var inputCount: Int
    /// Hidden layer widths.
    public var hiddenSizes: [Int]
    /// Classes or regression outputs.
    public var outputCount: Int
    /// "relu", "leaky_relu", "tanh", "sigmoid" or "gelu".
    public var activation: String
    /// LeakyReLU's negative slope (when the activation is leaky_relu).
    public var negativeSlope: Double?
    /// Whether hidden layers have BatchNorm1d.
    public var batchNorm: Bool
    /// Dropout probability after hidden activations.
    public var dropout: Double
    /// The initializer's name, e.g. "kaiming-uniform" or "normal:0.01".
    public var initializer: String
    /// "cross_entropy" or "mse".
    public var loss: String
    /// Cross-entropy label smoothing.
    public var labelSmoothing: Double
    /// "float" or "double": the scalar the weights were trained in.
    public var precision: String
    /// How raw CSV columns become features, and the target's classes.
    public var encoding: FeatureEncoding
    /// The standardization fitted on the training rows.
    public var standardizer: Standardizer
    /// The optimizer's CLI name.
    public var optimizer: String
    /// The optimizer's settings, PyTorch names.
    public var optimizerSettings: [String: String]
    /// The L2 penalty 0.5·λ·Σ‖W‖².
    public var l2: Double
    /// The L1 penalty λ·Σ|W|.
    public var l1: Double
    /// Completed epochs when written.
    public var epoch: Int
    /// Optimizer steps when written.
    public var step: Int
    /// The seed of the run.
    public var seed: UInt64

    /// The network's spec.
    public func networkSpec() throws -> NetworkSpec {
        var activationKind: ActivationKind
        if activation == "leaky_relu" {
            activationKind = .leakyReLU(negativeSlope: negativeSlope ?? 0.01)
        } else if let kind = ActivationKind(name: activation) {
            activationKind = kind
        } else {
            throw CheckpointError.badMetadata(key: "activation", value: activation)
        }
        guard let initializerKind = Initializer(name: initializer) else {
            throw CheckpointError.badMetadata(key: "initializer", value: initializer)
        }
        let lossKind: LossKind
        switch loss {
        case "cross_entropy": lossKind = .crossEntropy(labelSmoothing: labelSmoothing)
        case "mse": lossKind = .meanSquaredError
        default: throw CheckpointError.badMetadata(key: "loss", value: loss)
        }
        return NetworkSpec(inputCount: inputCount, hiddenSizes: hiddenSizes, outputCount: outputCount,
                           activation: activationKind, batchNorm: batchNorm, dropout: dropout,
                           initializer: initializerKind, loss: lossKind)
    }

    /// The description of `spec`, with the other fields given.
    public init(spec: NetworkSpec, precision: String, encoding: FeatureEncoding, standardizer: Standardizer,
                optimizer: OptimizerConfiguration, regularization: Regularization, epoch: Int, step: Int, seed: UInt64) {
        descentVersion = DescentVersion.string
        inputCount = spec.inputCount
        hiddenSizes = spec.hiddenSizes
        outputCount = spec.outputCount
        switch spec.activation {
        case .relu: activation = "relu"
        case let .leakyReLU(slope):
            activation = "leaky_relu"
            negativeSlope = slope
        case .tanh: activation = "tanh"
        case .sigmoid: activation = "sigmoid"
        case .gelu: activation = "gelu"
        }
        batchNorm = spec.batchNorm
        dropout = spec.dropout
        initializer = Self.name(of: spec.initializer)
        switch spec.loss {
        case let .crossEntropy(smoothing):
            loss = "cross_entropy"
            labelSmoothing = smoothing
        case .meanSquaredError:
            loss = "mse"
            labelSmoothing = 0
        }
        self.precision = precision
        self.encoding = encoding
        self.standardizer = standardizer
        self.optimizer = optimizer.kind.rawValue
        optimizerSettings = optimizer.settingsDictionary
        l2 = regularization.l2
        l1 = regularization.l1
        self.epoch = epoch
        self.step = step
        self.seed = seed
    }

    /// The name `Initializer(name:)` parses back.
    static func name(of initializer: Initializer) -> String {
        switch initializer {
        case .xavierUniform: return "xavier-uniform"
        case .xavierNormal: return "xavier-normal"
        case .kaimingUniform: return "kaiming-uniform"
        case .kaimingNormal: return "kaiming-normal"
        case .pytorchDefault: return "pytorch"
        case let .normal(sigma): return "normal:\(sigma)"
        }
    }

    /// The equivalent PyTorch modules, e.g. ["Linear(4, 64)", "ReLU()", "Linear(64, 3)"].
    public var sequentialModules: [String] {
        var width = inputCount
        var modules: [String] = []
        let activationModule: String
        switch activation {
        case "relu": activationModule = "ReLU()"
        case "leaky_relu": activationModule = "LeakyReLU(negative_slope=\(negativeSlope ?? 0.01))"
        case "tanh": activationModule = "Tanh()"
        case "sigmoid": activationModule = "Sigmoid()"
        default: activationModule = "GELU()"
        }
        for hidden in hiddenSizes {
            modules.append("Linear(\(width), \(hidden))")
            if batchNorm { modules.append("BatchNorm1d(\(hidden))") }
            modules.append(activationModule)
            if dropout > 0 { modules.append("Dropout(p=\(dropout))") }
            width = hidden
        }
        modules.append("Linear(\(width), \(outputCount))")
        return modules
    }
}

extension OptimizerConfiguration {
    /// The settings as a name → value dictionary (PyTorch names, as `Optimizer.settings` gives
    /// them), for checkpoint metadata.
    public var settingsDictionary: [String: String] {
        let optimizer: any Optimizer<Double> = makeOptimizer(parameterCount: 0)
        return Dictionary(optimizer.settings.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}

/// Errors reading a checkpoint beyond the safetensors format itself.
public enum CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file has no Descent description (not written by `descent train`).
    case notADescentCheckpoint(path: String)
    /// A metadata value cannot be understood.
    case badMetadata(key: String, value: String)
    /// The tensors do not fit the described network.
    case incompatible(path: String, reason: String)
    /// A metadata entry cannot be written as JSON (a non-finite number); nothing was written.
    case unencodableMetadata(key: String, reason: String)

    public var description: String {
        switch self {
        case let .notADescentCheckpoint(path):
            return "\(path): not a Descent checkpoint (no \"descent\" entry in __metadata__); train one with `descent train … --out FILE`"
        case let .badMetadata(key, value):
            return "checkpoint metadata '\(key)' has a value Descent cannot use: \(value)"
        case let .incompatible(path, reason):
            return "\(path): \(reason)"
        case let .unencodableMetadata(key, reason):
            return "the checkpoint's metadata '\(key)' cannot be written: \(reason); no checkpoint was written"
        }
    }
}
