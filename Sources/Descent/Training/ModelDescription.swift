import Foundation

/// Everything needed to rebuild a trained model and apply it to new rows, stored as JSON in a
/// checkpoint's `__metadata__` (key "descent"): the network's spec, the precision, the feature
/// encoding, the fitted standardization, and how it was trained. Every value is typed; the JSON has
/// snake_case keys and a `format_version` (`ModelDescriptionCoding.swift`); v0.1 checkpoints,
/// which stored the spec and the optimizer as strings, still decode (`ModelDescriptionV01.swift`).
public struct ModelDescription: Sendable, Equatable {
    /// The format this version of Descent writes: 1 (v0.1 wrote no version).
    public static let currentFormatVersion = 1

    /// The format the description was read in (0 for v0.1's untyped form), or is written in.
    public var formatVersion: Int
    /// The Descent version that wrote it.
    public var descentVersion: String
    /// The network: sizes, activation, batch norm, dropout, initializer, loss.
    public var spec: NetworkSpec
    /// The scalar the weights were trained (and are stored) in.
    public var precision: Precision
    /// How raw CSV columns become features, and the target's classes.
    public var encoding: FeatureEncoding
    /// The standardization fitted on the training rows.
    public var standardizer: Standardizer
    /// The first-order rule and its settings; for a second-order method, its step scale is
    /// `optimizer.learningRate` and the rest is unused.
    public var optimizer: OptimizerConfiguration
    /// The full-batch second-order method that trained the model, or nil for a first-order rule.
    public var secondOrderMethod: SecondOrderMethod?
    /// The L2 and L1 penalties on Linear weights.
    public var regularization: Regularization
    /// Completed epochs when written.
    public var epoch: Int
    /// Optimizer steps when written.
    public var step: Int
    /// The seed of the run.
    public var seed: UInt64

    /// The description of a model of `spec` trained in `precision`, written by this version of Descent.
    public init(spec: NetworkSpec, precision: Precision, encoding: FeatureEncoding, standardizer: Standardizer,
                optimizer: OptimizerConfiguration, secondOrderMethod: SecondOrderMethod? = nil,
                regularization: Regularization, epoch: Int, step: Int, seed: UInt64) {
        formatVersion = Self.currentFormatVersion
        descentVersion = DescentVersion.string
        self.spec = spec
        self.precision = precision
        self.encoding = encoding
        self.standardizer = standardizer
        self.optimizer = optimizer
        self.secondOrderMethod = secondOrderMethod
        self.regularization = regularization
        self.epoch = epoch
        self.step = step
        self.seed = seed
    }

    /// The training method's name: the rule's (`adam`) or the second-order method's (`lbfgs`).
    public var methodName: String { secondOrderMethod?.rawValue ?? optimizer.kind.rawValue }

    /// The equivalent PyTorch modules, e.g. ["Linear(4, 64)", "ReLU()", "Linear(64, 3)"].
    public var sequentialModules: [String] {
        var width = spec.inputCount
        var modules: [String] = []
        let activationModule: String
        if case let .leakyReLU(slope) = spec.activation {
            activationModule = "LeakyReLU(negative_slope=\(slope))"
        } else {
            activationModule = spec.activation.moduleName + "()"
        }
        for hidden in spec.hiddenSizes {
            modules.append("Linear(\(width), \(hidden))")
            if spec.batchNorm { modules.append("BatchNorm1d(\(hidden))") }
            modules.append(activationModule)
            if spec.dropout > 0 { modules.append("Dropout(p=\(spec.dropout))") }
            width = hidden
        }
        modules.append("Linear(\(width), \(spec.outputCount))")
        return modules
    }
}
