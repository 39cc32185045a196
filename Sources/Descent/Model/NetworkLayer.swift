import Linalg

/// A layer of a `Network`, as a closed set of concrete classes so that the network's calls are
/// statically dispatched and specialize for Float and Double in the caller's module (an existential
/// `any Layer` would run the generic, unspecialized code).
public enum NetworkLayer<Scalar: BLASScalar> {
    /// A Linear layer.
    case dense(Dense<Scalar>)
    /// A nonlinearity.
    case activation(Activation<Scalar>)
    /// Batch normalization.
    case batchNorm(BatchNorm<Scalar>)
    /// Dropout.
    case dropout(Dropout<Scalar>)

    /// The layer as the `Layer` protocol (for inspection; the network's hot path switches instead).
    public var layer: any Layer<Scalar> {
        switch self {
        case let .dense(layer): return layer
        case let .activation(layer): return layer
        case let .batchNorm(layer): return layer
        case let .dropout(layer): return layer
        }
    }

    /// PyTorch's module name: "Linear", "BatchNorm1d", "Dropout", "ReLU", ….
    public var moduleName: String {
        switch self {
        case .dense: return "Linear"
        case let .activation(layer): return layer.kind.moduleName
        case .batchNorm: return "BatchNorm1d"
        case .dropout: return "Dropout"
        }
    }

    @inlinable
    func forward(_ input: UnsafePointer<Scalar>, batchSize: Int, parameters: UnsafePointer<Scalar>, mode: ForwardMode,
                 updatesRunningStatistics: Bool, random: inout RandomGenerator) -> UnsafePointer<Scalar> {
        switch self {
        case let .dense(layer):
            return layer.forward(input, batchSize: batchSize, parameters: parameters, mode: mode,
                                 updatesRunningStatistics: updatesRunningStatistics, random: &random)
        case let .activation(layer):
            return layer.forward(input, batchSize: batchSize, parameters: parameters, mode: mode,
                                 updatesRunningStatistics: updatesRunningStatistics, random: &random)
        case let .batchNorm(layer):
            return layer.forward(input, batchSize: batchSize, parameters: parameters, mode: mode,
                                 updatesRunningStatistics: updatesRunningStatistics, random: &random)
        case let .dropout(layer):
            return layer.forward(input, batchSize: batchSize, parameters: parameters, mode: mode,
                                 updatesRunningStatistics: updatesRunningStatistics, random: &random)
        }
    }

    /// `accumulates: false` writes the layer's ∂L/∂θ over `gradient` instead of adding to it.
    @inlinable
    func backward(_ gradOutput: UnsafePointer<Scalar>, batchSize: Int, parameters: UnsafePointer<Scalar>,
                  gradient: UnsafeMutablePointer<Scalar>?, needsInputGradient: Bool, accumulates: Bool = true) -> UnsafePointer<Scalar> {
        switch self {
        case let .dense(layer):
            return layer.backward(gradOutput, batchSize: batchSize, parameters: parameters, gradient: gradient,
                                  needsInputGradient: needsInputGradient, accumulates: accumulates)
        case let .activation(layer):
            return layer.backward(gradOutput, batchSize: batchSize, parameters: parameters, gradient: gradient, needsInputGradient: needsInputGradient)
        case let .batchNorm(layer):
            if !accumulates, let gradient {
                (gradient + layer.weightOffset).update(repeating: 0, count: 2 * layer.featureCount)
            }
            return layer.backward(gradOutput, batchSize: batchSize, parameters: parameters, gradient: gradient, needsInputGradient: needsInputGradient)
        case let .dropout(layer):
            return layer.backward(gradOutput, batchSize: batchSize, parameters: parameters, gradient: gradient, needsInputGradient: needsInputGradient)
        }
    }

    @inlinable
    func rForward(_ rInput: UnsafePointer<Scalar>?, batchSize: Int, parameters: UnsafePointer<Scalar>,
                  direction: UnsafePointer<Scalar>) -> UnsafePointer<Scalar>? {
        switch self {
        case let .dense(layer): return layer.rForward(rInput, batchSize: batchSize, parameters: parameters, direction: direction)
        case let .activation(layer): return layer.rForward(rInput, batchSize: batchSize, parameters: parameters, direction: direction)
        case let .batchNorm(layer): return layer.rForward(rInput, batchSize: batchSize, parameters: parameters, direction: direction)
        case let .dropout(layer): return layer.rForward(rInput, batchSize: batchSize, parameters: parameters, direction: direction)
        }
    }

    @inlinable
    func rBackward(_ gradOutput: UnsafePointer<Scalar>, _ rGradOutput: UnsafePointer<Scalar>, batchSize: Int,
                   parameters: UnsafePointer<Scalar>, direction: UnsafePointer<Scalar>,
                   rGradient: UnsafeMutablePointer<Scalar>, needsInputGradient: Bool) -> UnsafePointer<Scalar> {
        switch self {
        case let .dense(layer):
            return layer.rBackward(gradOutput, rGradOutput, batchSize: batchSize, parameters: parameters, direction: direction,
                                   rGradient: rGradient, needsInputGradient: needsInputGradient)
        case let .activation(layer):
            return layer.rBackward(gradOutput, rGradOutput, batchSize: batchSize, parameters: parameters, direction: direction,
                                   rGradient: rGradient, needsInputGradient: needsInputGradient)
        case let .batchNorm(layer):
            return layer.rBackward(gradOutput, rGradOutput, batchSize: batchSize, parameters: parameters, direction: direction,
                                   rGradient: rGradient, needsInputGradient: needsInputGradient)
        case let .dropout(layer):
            return layer.rBackward(gradOutput, rGradOutput, batchSize: batchSize, parameters: parameters, direction: direction,
                                   rGradient: rGradient, needsInputGradient: needsInputGradient)
        }
    }
}
