import Linalg

/// Which tensors a checkpoint gave a new network (`TrainingRun.initialize(from:path:)`).
public struct TensorTransfer: Sendable, Equatable {
    /// Tensors copied from the checkpoint (same name and shape), in state_dict order.
    public var loaded: [String]
    /// Tensors that keep their fresh initialization (absent or of another shape: a new head).
    public var fresh: [String]
}

extension TrainingRun {
    /// Transfer learning: copies every tensor of the Descent checkpoint `file` (read from `path`)
    /// whose name and shape match the network's; the others keep their initialization. The copied
    /// weights become the last good state too. Throws `CheckpointError` for a file that is not a
    /// Descent checkpoint.
    public func initialize(from file: SafeTensorsFile, path: String) throws -> TensorTransfer {
        _ = try ModelCheckpoint.description(of: file, path: path)
        var state = network.namedTensors()
        var transfer = TensorTransfer(loaded: [], fresh: [])
        for index in state.indices {
            if let stored = file.tensor(named: state[index].name), stored.shape == state[index].shape {
                state[index].values = stored.values
                transfer.loaded.append(state[index].name)
            } else {
                transfer.fresh.append(state[index].name)
            }
        }
        try network.load(namedTensors: state)
        trainer.lastGoodState = network.namedTensors()
        return transfer
    }

    /// Holds the first `count` Linear layers (weights and biases) at their current values for the
    /// rest of the run (fine-tuning a pretrained start). Throws
    /// `TrainingRunError.freezeBeyondLayers` when the network has fewer Linear layers.
    public func freezeLinearLayers(_ count: Int) throws {
        guard count > 0 else { return }
        let linear = network.layout.entries.filter(\.isPenalized)  // the Linear weights, in order
        guard count <= linear.count else {
            throw TrainingRunError.freezeBeyondLayers(requested: count, available: linear.count)
        }
        let ranges = linear.prefix(count).flatMap { weight -> [Range<Int>] in
            let module = weight.name.dropLast(".weight".count)
            let bias = network.layout.entry(named: module + ".bias")
            return [weight.offset..<(weight.offset + weight.count)] + (bias.map { [$0.offset..<($0.offset + $0.count)] } ?? [])
        }
        trainer.freeze(ranges)
    }
}
