import Linalg

/// One tensor of a network's state, for checkpoints: a trainable tensor, a BatchNorm running
/// statistic, or the integer batch counter (PyTorch int64 `num_batches_tracked`, shape []).
public struct NamedTensor: Sendable, Equatable {
    /// What the values are.
    public enum Kind: Sendable, Equatable {
        /// Part of the flat trainable vector.
        case trainable
        /// A floating-point buffer (running mean or variance).
        case buffer
        /// An integer counter.
        case counter
    }

    /// The state_dict name, e.g. "0.weight".
    public var name: String
    /// The PyTorch shape ([] for a scalar).
    public var shape: [Int]
    /// The values in row-major order, as Double.
    public var values: [Double]
    /// What the values are.
    public var kind: Kind

    /// A tensor.
    public init(name: String, shape: [Int], values: [Double], kind: Kind) {
        self.name = name
        self.shape = shape
        self.values = values
        self.kind = kind
    }
}

extension Network {
    /// The model's state in PyTorch state_dict order: per module, "K.weight", "K.bias" and for
    /// BatchNorm1d also "K.running_mean", "K.running_var", "K.num_batches_tracked".
    public func namedTensors() -> [NamedTensor] {
        var result: [NamedTensor] = []
        let base = parameters.baseAddress
        var entryIndex = 0
        func nextTrainable() -> NamedTensor {
            let entry = layout.entries[entryIndex]
            entryIndex += 1
            let values = (0..<entry.count).map { Double(base[entry.offset + $0]) }
            return NamedTensor(name: entry.name, shape: entry.shape, values: values, kind: .trainable)
        }
        for (index, layer) in layers.enumerated() {
            switch layer {
            case .dense:
                result.append(nextTrainable())
                result.append(nextTrainable())
            case let .batchNorm(norm):
                result.append(nextTrainable())
                result.append(nextTrainable())
                let f = norm.featureCount
                result.append(NamedTensor(name: "\(index).running_mean", shape: [f], values: norm.runningMean.array.map(Double.init), kind: .buffer))
                result.append(NamedTensor(name: "\(index).running_var", shape: [f], values: norm.runningVariance.array.map(Double.init), kind: .buffer))
                result.append(NamedTensor(name: "\(index).num_batches_tracked", shape: [], values: [Double(norm.batchesTracked)], kind: .counter))
            case .activation, .dropout:
                break
            }
        }
        return result
    }

    /// Loads a state written by `namedTensors()` (or PyTorch's state_dict of the equivalent
    /// Sequential). Every tensor of the network must be present with its exact shape and finite
    /// values; extra names are rejected. Nothing is changed unless everything fits.
    public func load(namedTensors tensors: [NamedTensor]) throws(ModelError) {
        let expected = namedTensors()
        var byName: [String: NamedTensor] = [:]
        for tensor in tensors {
            guard expected.contains(where: { $0.name == tensor.name }) else { throw .unexpectedTensor(name: tensor.name) }
            byName[tensor.name] = tensor
        }
        for reference in expected {
            guard let tensor = byName[reference.name] else { throw .missingTensor(name: reference.name) }
            guard tensor.shape == reference.shape, tensor.values.count == reference.values.count else {
                throw .shapeMismatch(name: reference.name, expected: reference.shape, found: tensor.shape)
            }
            if let bad = tensor.values.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteTensor(name: reference.name, index: bad) }
        }
        let base = parameters.baseAddress
        for entry in layout.entries {
            let values = byName[entry.name]!.values
            for index in 0..<entry.count { base[entry.offset + index] = Scalar(values[index]) }
        }
        for (index, layer) in layers.enumerated() {
            guard case let .batchNorm(norm) = layer else { continue }
            let mean = byName["\(index).running_mean"]!.values, variance = byName["\(index).running_var"]!.values
            for j in 0..<norm.featureCount {
                norm.runningMean[j] = Scalar(mean[j])
                norm.runningVariance[j] = Scalar(variance[j])
            }
            norm.batchesTracked = Int(byName["\(index).num_batches_tracked"]!.values[0])
        }
    }
}
