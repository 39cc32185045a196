import Foundation
import Linalg

/// Saving and restoring everything a `Trainer` needs to continue a run bit-identically: the model's
/// current state, the optimizer's buffers and step count, both random generators, the position in
/// the current epoch (with its batch order), early stopping, reduce-on-plateau and the history.
/// It is a safetensors file of its own (`descent train` writes it beside the model as
/// `NAME.resume.safetensors`), so the model file stays loadable by PyTorch's strict `load_state_dict`.
/// Doubles in the metadata are written in Swift's shortest round-trip form and generator states as
/// hexadecimal words, so nothing is rounded on the way.
extension Trainer {
    /// The resume file for the trainer's current state.
    public func resumeFile() -> SafeTensorsFile {
        var tensors: [StoredTensor] = []
        for tensor in network.namedTensors() {
            tensors.append(StoredTensor(name: "model." + tensor.name, dtype: tensor.kind == .counter ? .int64 : .float64,
                                        shape: tensor.shape, values: tensor.values))
        }
        let optimizerState = optimizer.exportState()
        for buffer in optimizerState.buffers {
            tensors.append(StoredTensor(name: "optimizer." + buffer.name, dtype: .float64, shape: [buffer.values.count],
                                        values: buffer.values.map(Double.init)))
        }
        for tensor in bestState ?? [] {
            tensors.append(StoredTensor(name: "best." + tensor.name, dtype: tensor.kind == .counter ? .int64 : .float64,
                                        shape: tensor.shape, values: tensor.values))
        }
        let columns = 12
        var historyValues: [Double] = []
        for r in history.records {
            historyValues += [Double(r.epoch), r.learningRate, r.trainLoss, r.validationLoss ?? .nan, r.trainAccuracy ?? .nan,
                              r.validationAccuracy ?? .nan, r.trainRMSE ?? .nan, r.validationRMSE ?? .nan, r.validationR2 ?? .nan,
                              r.lambdaMax ?? .nan, r.seconds, r.samplesPerSecond]
        }
        tensors.append(StoredTensor(name: "history", dtype: .float64, shape: [history.records.count, columns], values: historyValues))
        if nextBatch > 0 {
            tensors.append(StoredTensor(name: "epoch_order", dtype: .int64, shape: [source.order.count], values: source.order.map(Double.init)))
        }
        func hex(_ words: [UInt64]) -> String { words.map { String($0, radix: 16) }.joined(separator: ",") }
        var fields: [String: String] = [
            "completed_epochs": String(completedEpochs), "global_step": String(globalStep),
            "base_lr": "\(baseLearningRate)", "optimizer_steps": String(optimizerState.stepCount),
            "optimizer_lr": "\(optimizerState.learningRate)", "optimizer": optimizer.kind.rawValue,
            "shuffle_rng": hex(shuffleRandom.snapshot), "dropout_rng": hex(network.dropoutRandom.snapshot),
            "next_batch": String(nextBatch), "epoch_loss_sum": "\(epochLossSum)", "epoch_correct": String(epochCorrect),
            "epoch_rows": String(epochRows), "epoch_seconds": "\(epochSeconds)", "stopped_early": String(stoppedEarly),
        ]
        if let stopper = earlyStopping {
            fields["es_best_loss"] = "\(stopper.bestLoss)"
            fields["es_best_epoch"] = String(stopper.bestEpoch)
            fields["es_wait"] = String(stopper.epochsWithoutImprovement)
        }
        if let reducer = plateau {
            fields["plateau_best"] = "\(reducer.best)"
            fields["plateau_bad"] = String(reducer.badEpochs)
            fields["plateau_cooldown"] = String(reducer.cooldownRemaining)
        }
        let json = JSONText.object(fields.keys.sorted().map { ($0, JSONText.quoted(fields[$0]!)) })
        return SafeTensorsFile(tensors: tensors, metadata: ["descent_resume": json])
    }

    /// Restores the state saved by `resumeFile()`; `path` names the file in errors. The trainer must
    /// have been built with the same data, settings and architecture.
    public func restore(from file: SafeTensorsFile, path: String) throws {
        guard let text = file.metadata["descent_resume"],
              let fields = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String]
        else { throw CheckpointError.incompatible(path: path, reason: "not a Descent resume file (no descent_resume metadata)") }
        func value(_ key: String) throws -> String {
            guard let value = fields[key] else { throw CheckpointError.incompatible(path: path, reason: "the resume state lacks '\(key)'") }
            return value
        }
        func integer(_ key: String) throws -> Int {
            guard let number = Int(try value(key)) else { throw CheckpointError.badMetadata(key: key, value: try value(key)) }
            return number
        }
        func double(_ key: String) throws -> Double {
            guard let number = Double(try value(key)) else { throw CheckpointError.badMetadata(key: key, value: try value(key)) }
            return number
        }
        func generator(_ key: String) throws -> RandomGenerator {
            let words = try value(key).split(separator: ",").compactMap { UInt64($0, radix: 16) }
            guard let random = RandomGenerator(snapshot: words) else { throw CheckpointError.badMetadata(key: key, value: try value(key)) }
            return random
        }
        guard try value("optimizer") == optimizer.kind.rawValue else {
            throw CheckpointError.incompatible(path: path, reason: "the run used optimizer \(try value("optimizer")), not \(optimizer.kind.rawValue)")
        }
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
        let buffers = file.tensors.filter { $0.name.hasPrefix("optimizer.") }.map {
            (name: String($0.name.dropFirst("optimizer.".count)), values: $0.values.map { Scalar($0) })
        }
        try optimizer.restoreState(OptimizerState(stepCount: try integer("optimizer_steps"), learningRate: try double("optimizer_lr"), buffers: buffers))
        completedEpochs = try integer("completed_epochs")
        globalStep = try integer("global_step")
        baseLearningRate = try double("base_lr")
        shuffleRandom = try generator("shuffle_rng")
        network.dropoutRandom = try generator("dropout_rng")
        nextBatch = try integer("next_batch")
        epochLossSum = try double("epoch_loss_sum")
        epochCorrect = try integer("epoch_correct")
        epochRows = try integer("epoch_rows")
        epochSeconds = try double("epoch_seconds")
        stoppedEarly = try value("stopped_early") == "true"
        if nextBatch > 0 {
            guard let order = file.tensor(named: "epoch_order"), source.restoreOrder(order.values.map { Int($0) }) else {
                throw CheckpointError.incompatible(path: path, reason: "the saved batch order does not fit \(source.rowCount) training rows")
            }
        }
        if var stopper = earlyStopping, fields["es_best_loss"] != nil {
            stopper.restore(bestLoss: try double("es_best_loss"), bestEpoch: try integer("es_best_epoch"),
                            epochsWithoutImprovement: try integer("es_wait"))
            earlyStopping = stopper
        }
        if var reducer = plateau, fields["plateau_best"] != nil {
            reducer.best = try double("plateau_best")
            reducer.badEpochs = try integer("plateau_bad")
            reducer.cooldownRemaining = try integer("plateau_cooldown")
            plateau = reducer
        }
        guard let saved = file.tensor(named: "history"), saved.shape.count == 2, saved.shape[1] == 12 else {
            throw CheckpointError.incompatible(path: path, reason: "the resume state lacks the history")
        }
        func optional(_ x: Double) -> Double? { x.isNaN ? nil : x }
        history = TrainingHistory(records: (0..<saved.shape[0]).map { row in
            let v = Array(saved.values[(row * 12)..<(row * 12 + 12)])
            return EpochRecord(epoch: Int(v[0]), learningRate: v[1], trainLoss: v[2], validationLoss: optional(v[3]),
                               trainAccuracy: optional(v[4]), validationAccuracy: optional(v[5]), trainRMSE: optional(v[6]),
                               validationRMSE: optional(v[7]), validationR2: optional(v[8]), lambdaMax: optional(v[9]),
                               seconds: v[10], samplesPerSecond: v[11])
        })
        lastGoodState = network.namedTensors()
    }
}
