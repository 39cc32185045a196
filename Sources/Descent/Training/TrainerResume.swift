import Foundation
import Linalg

/// Saving and restoring everything a `Trainer` needs to continue a run bit-identically. The resume
/// file is a safetensors file of its own (`descent train` writes it beside the model as
/// `NAME.resume.safetensors`, so the model file stays loadable by PyTorch's strict
/// `load_state_dict`): tensors `model.*` (the current state), `best.*` (the best epoch's),
/// `optimizer.*` (the rule's buffers under PyTorch's state names), `epoch_order` (mid-epoch only),
/// and the `TrainerState` as JSON under the metadata key `descent_trainer_state`. Files written by
/// v0.1 (metadata `descent_resume`, a history tensor) are read too.
extension Trainer {
    /// The metadata key of the `TrainerState` JSON in a resume file.
    public static var stateMetadataKey: String { "descent_trainer_state" }

    /// The trainer's state beyond its tensors.
    public var state: TrainerState {
        let optimizerState = optimizer.exportState()
        return TrainerState(
            optimizerName: optimizer.name, optimizerSteps: optimizerState.stepCount,
            optimizerLearningRate: optimizerState.learningRate, completedEpochs: completedEpochs, globalStep: globalStep,
            baseLearningRate: baseLearningRate, shuffleRandom: shuffleRandom.snapshot, dropoutRandom: network.dropoutRandom.snapshot,
            epoch: TrainerState.EpochProgress(nextBatch: nextBatch, lossSum: epochLossSum, correct: epochCorrect, rows: epochRows,
                                              seconds: epochSeconds),
            stoppedEarly: stoppedEarly,
            earlyStopping: earlyStopping.map {
                TrainerState.EarlyStoppingState(bestLoss: $0.bestLoss, bestEpoch: $0.bestEpoch, epochsWithoutImprovement: $0.epochsWithoutImprovement)
            },
            plateau: plateau.map { TrainerState.PlateauState(best: $0.best, badEpochs: $0.badEpochs, cooldownRemaining: $0.cooldownRemaining) },
            history: history.records)
    }

    /// The resume file for the trainer's current state. Throws `CheckpointError.unencodableMetadata`
    /// if the state cannot be written as JSON (it always can: non-finite doubles are spelled out).
    public func resumeFile() throws(CheckpointError) -> SafeTensorsFile {
        var tensors = Self.stored(network.namedTensors(), prefix: "model.") + Self.stored(bestState ?? [], prefix: "best.")
        for buffer in optimizer.exportState().buffers {
            tensors.append(StoredTensor(name: "optimizer." + buffer.name, dtype: .float64, shape: [buffer.values.count],
                                        values: buffer.values.map(Double.init)))
        }
        if nextBatch > 0 {
            tensors.append(StoredTensor(name: "epoch_order", dtype: .int64, shape: [source.order.count], values: source.order.map(Double.init)))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json: Data
        do {
            json = try encoder.encode(state)
        } catch {
            throw .unencodableMetadata(key: Self.stateMetadataKey, reason: ModelCheckpoint.reason(error))
        }
        return SafeTensorsFile(tensors: tensors, metadata: [Self.stateMetadataKey: String(decoding: json, as: UTF8.self)])
    }

    /// Named tensors as stored tensors under `prefix` (counters as I64, the rest F64).
    static func stored(_ tensors: [NamedTensor], prefix: String) -> [StoredTensor] {
        tensors.map {
            StoredTensor(name: prefix + $0.name, dtype: $0.kind == .counter ? .int64 : .float64, shape: $0.shape, values: $0.values)
        }
    }

    /// Restores the state saved by `resumeFile()` (or by v0.1); `path` names the file in errors. The
    /// trainer must have been built with the same data, settings and architecture.
    public func restore(from file: SafeTensorsFile, path: String) throws {
        let saved = try TrainerState(resumeFile: file, path: path)
        guard saved.optimizerName == optimizer.name else {
            throw CheckpointError.incompatible(path: path, reason: "the run used optimizer \(saved.optimizerName), not \(optimizer.name)")
        }
        try restoreTensors(from: file, state: saved, path: path)
        try restore(saved, path: path)
    }

    /// Loads the model, best-epoch and optimizer tensors of a resume file.
    func restoreTensors(from file: SafeTensorsFile, state saved: TrainerState, path: String) throws {
        func tensors(_ prefix: String) -> [NamedTensor] {
            file.tensors.filter { $0.name.hasPrefix(prefix) }.map {
                NamedTensor(name: String($0.name.dropFirst(prefix.count)), shape: $0.shape, values: $0.values,
                            kind: $0.dtype == .int64 ? .counter : .trainable)
            }
        }
        do {
            try network.load(namedTensors: tensors("model."))
            let best = tensors("best.")
            bestState = best.isEmpty ? nil : best
        } catch {
            throw CheckpointError.incompatible(path: path, reason: error.description)
        }
        let buffers = tensors("optimizer.").map { (name: $0.name, values: $0.values.map { Scalar($0) }) }
        try optimizer.restoreState(OptimizerState(stepCount: saved.optimizerSteps, learningRate: saved.optimizerLearningRate, buffers: buffers))
        if saved.epoch.nextBatch > 0 {
            guard let order = file.tensor(named: "epoch_order"), source.restoreOrder(order.values.map { Int($0) }) else {
                throw CheckpointError.incompatible(path: path, reason: "the saved batch order does not fit \(source.rowCount) training rows")
            }
        }
    }

    /// Puts back the counters, generators, epoch position, early stopping, plateau and history of
    /// `saved` (the tensors are loaded by `restore(from:path:)`).
    public func restore(_ saved: TrainerState, path: String) throws(CheckpointError) {
        guard let shuffle = RandomGenerator(snapshot: saved.shuffleRandom) else {
            throw .badMetadata(key: "shuffle_rng", value: "\(saved.shuffleRandom)")
        }
        guard let dropout = RandomGenerator(snapshot: saved.dropoutRandom) else {
            throw .badMetadata(key: "dropout_rng", value: "\(saved.dropoutRandom)")
        }
        completedEpochs = saved.completedEpochs
        globalStep = saved.globalStep
        baseLearningRate = saved.baseLearningRate
        shuffleRandom = shuffle
        network.dropoutRandom = dropout
        nextBatch = saved.epoch.nextBatch
        epochLossSum = saved.epoch.lossSum
        epochCorrect = saved.epoch.correct
        epochRows = saved.epoch.rows
        epochSeconds = saved.epoch.seconds
        stoppedEarly = saved.stoppedEarly
        if var stopper = earlyStopping, let memory = saved.earlyStopping {
            stopper.restore(bestLoss: memory.bestLoss, bestEpoch: memory.bestEpoch, epochsWithoutImprovement: memory.epochsWithoutImprovement)
            earlyStopping = stopper
        }
        if var reducer = plateau, let memory = saved.plateau {
            reducer.best = memory.best
            reducer.badEpochs = memory.badEpochs
            reducer.cooldownRemaining = memory.cooldownRemaining
            plateau = reducer
        }
        history = TrainingHistory(records: saved.history)
        lastGoodState = network.namedTensors()
    }
}
