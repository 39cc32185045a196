/// One module of a sequential network, as in an `nn.Sequential`; its position is its state_dict index.
public enum LayerSpec: Sendable, Equatable {
    /// `nn.Linear(previous, outputCount)`.
    case dense(outputCount: Int)
    /// An elementwise nonlinearity.
    case activation(ActivationKind)
    /// `nn.BatchNorm1d(previous)`.
    case batchNorm
    /// `nn.Dropout(p)`.
    case dropout(probability: Double)
}

/// The description of an MLP: inputs → (Linear → [BatchNorm] → activation → [Dropout]) per hidden
/// size → Linear → outputs. For hidden sizes [64, 64] with batch norm and dropout the Sequential is
/// 0 Linear, 1 BatchNorm1d, 2 activation, 3 Dropout, 4 Linear, 5 BatchNorm1d, 6 activation,
/// 7 Dropout, 8 Linear (state_dict names "0.weight", "1.running_mean", "8.bias", …).
public struct NetworkSpec: Sendable, Equatable {
    /// Features per sample.
    public var inputCount: Int
    /// Widths of the hidden layers, e.g. [64, 64]; empty for a linear model.
    public var hiddenSizes: [Int]
    /// Classes (cross-entropy) or regression targets (MSE).
    public var outputCount: Int
    /// The nonlinearity after each hidden Linear.
    public var activation: ActivationKind
    /// Whether a BatchNorm1d follows each hidden Linear (before the activation).
    public var batchNorm: Bool
    /// The drop probability of a Dropout after each hidden activation (0: none).
    public var dropout: Double
    /// How Linear weights are drawn.
    public var initializer: Initializer
    /// The data loss.
    public var loss: LossKind

    /// A spec; defaults: ReLU, no batch norm, no dropout, Kaiming uniform, cross-entropy.
    public init(inputCount: Int, hiddenSizes: [Int], outputCount: Int, activation: ActivationKind = .relu,
                batchNorm: Bool = false, dropout: Double = 0, initializer: Initializer = .kaimingUniform,
                loss: LossKind = .crossEntropy()) {
        self.inputCount = inputCount
        self.hiddenSizes = hiddenSizes
        self.outputCount = outputCount
        self.activation = activation
        self.batchNorm = batchNorm
        self.dropout = dropout
        self.initializer = initializer
        self.loss = loss
    }

    /// The Sequential's modules in order.
    public var layers: [LayerSpec] {
        var result: [LayerSpec] = []
        for width in hiddenSizes {
            result.append(.dense(outputCount: width))
            if batchNorm { result.append(.batchNorm) }
            result.append(.activation(activation))
            if dropout > 0 { result.append(.dropout(probability: dropout)) }
        }
        result.append(.dense(outputCount: outputCount))
        return result
    }

    /// Checks sizes and probabilities, naming the field at fault.
    public func validate() throws(ModelError) {
        guard inputCount > 0 else { throw .invalidSpec(field: "inputCount", message: "must be positive, got \(inputCount)") }
        guard outputCount > 0 else { throw .invalidSpec(field: "outputCount", message: "must be positive, got \(outputCount)") }
        if let bad = hiddenSizes.first(where: { $0 <= 0 }) {
            throw .invalidSpec(field: "hiddenSizes", message: "must all be positive, got \(bad)")
        }
        guard dropout >= 0 && dropout < 1 else { throw .invalidSpec(field: "dropout", message: "must be in [0, 1), got \(dropout)") }
        if case let .crossEntropy(smoothing) = loss, !(smoothing >= 0 && smoothing <= 1) {
            throw .invalidSpec(field: "labelSmoothing", message: "must be in [0, 1], got \(smoothing)")
        }
        if case .crossEntropy = loss, outputCount < 2 {
            throw .invalidSpec(field: "outputCount", message: "cross-entropy needs at least 2 classes, got \(outputCount)")
        }
    }
}
