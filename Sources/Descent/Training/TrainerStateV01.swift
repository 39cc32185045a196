import Foundation
import Linalg

extension TrainerState {
    /// The state of a resume file: the `descent_trainer_state` JSON, or v0.1's `descent_resume`
    /// fields and `history` tensor. Throws `CheckpointError` naming `path` and what is wrong.
    public init(resumeFile file: SafeTensorsFile, path: String) throws(CheckpointError) {
        if let text = file.metadata["descent_trainer_state"] {
            do {
                self = try JSONDecoder().decode(TrainerState.self, from: Data(text.utf8))
            } catch let DecodingError.dataCorrupted(context) {
                throw .badMetadata(key: "descent_trainer_state", value: context.debugDescription)
            } catch {
                throw .badMetadata(key: "descent_trainer_state", value: String(text.prefix(120)))
            }
            return
        }
        guard let text = file.metadata["descent_resume"],
              let fields = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String]
        else { throw .incompatible(path: path, reason: "not a Descent resume file (no descent_trainer_state metadata)") }
        self = try V01Fields(fields: fields, path: path).state(history: file.tensor(named: "history"))
    }
}

/// The 20 string fields of a v0.1 resume file and its 12-column history tensor, read once to
/// convert them. Doubles were written in Swift's shortest round-trip form and generator states as
/// hexadecimal words, so the conversion is exact; v0.1 stored an absent metric as NaN, read as nil.
struct V01Fields {
    let fields: [String: String]
    let path: String

    func value(_ key: String) throws(CheckpointError) -> String {
        guard let value = fields[key] else { throw .incompatible(path: path, reason: "the resume state lacks '\(key)'") }
        return value
    }

    func integer(_ key: String) throws(CheckpointError) -> Int {
        guard let number = Int(try value(key)) else { throw .badMetadata(key: key, value: try value(key)) }
        return number
    }

    func double(_ key: String) throws(CheckpointError) -> Double {
        guard let number = Double(try value(key)) else { throw .badMetadata(key: key, value: try value(key)) }
        return number
    }

    func words(_ key: String) throws(CheckpointError) -> [UInt64] {
        let parts = try value(key).split(separator: ",")
        let words = parts.compactMap { UInt64($0, radix: 16) }
        guard words.count == parts.count else { throw .badMetadata(key: key, value: try value(key)) }
        return words
    }

    /// The typed state, with `history` (the [records, 12] tensor) as records.
    func state(history: StoredTensor?) throws(CheckpointError) -> TrainerState {
        let epoch = TrainerState.EpochProgress(nextBatch: try integer("next_batch"), lossSum: try double("epoch_loss_sum"),
                                               correct: try integer("epoch_correct"), rows: try integer("epoch_rows"),
                                               seconds: try double("epoch_seconds"))
        let stopping = fields["es_best_loss"] == nil ? nil : TrainerState.EarlyStoppingState(
            bestLoss: try double("es_best_loss"), bestEpoch: try integer("es_best_epoch"), epochsWithoutImprovement: try integer("es_wait"))
        let plateau = fields["plateau_best"] == nil ? nil : TrainerState.PlateauState(
            best: try double("plateau_best"), badEpochs: try integer("plateau_bad"), cooldownRemaining: try integer("plateau_cooldown"))
        var state = TrainerState(
            optimizerName: try value("optimizer"), optimizerSteps: try integer("optimizer_steps"),
            optimizerLearningRate: try double("optimizer_lr"), completedEpochs: try integer("completed_epochs"),
            globalStep: try integer("global_step"), baseLearningRate: try double("base_lr"),
            shuffleRandom: try words("shuffle_rng"), dropoutRandom: try words("dropout_rng"), epoch: epoch,
            stoppedEarly: try value("stopped_early") == "true", earlyStopping: stopping, plateau: plateau,
            history: try records(history))
        state.formatVersion = 0
        return state
    }

    /// The rows of v0.1's history tensor: epoch, lr, train_loss, val_loss, train_accuracy,
    /// val_accuracy, train_rmse, val_rmse, val_r2, lambda_max, seconds, samples_per_second.
    func records(_ tensor: StoredTensor?) throws(CheckpointError) -> [EpochRecord] {
        guard let tensor, tensor.shape.count == 2, tensor.shape[1] == 12, tensor.values.count == tensor.shape[0] * 12 else {
            throw .incompatible(path: path, reason: "the resume state lacks the history")
        }
        func optional(_ x: Double) -> Double? { x.isNaN ? nil : x }
        return (0..<tensor.shape[0]).map { row in
            let v = Array(tensor.values[(row * 12)..<(row * 12 + 12)])
            return EpochRecord(epoch: Int(v[0]), learningRate: v[1], trainLoss: v[2], validationLoss: optional(v[3]),
                               trainAccuracy: optional(v[4]), validationAccuracy: optional(v[5]), trainRMSE: optional(v[6]),
                               validationRMSE: optional(v[7]), validationR2: optional(v[8]), lambdaMax: optional(v[9]),
                               seconds: v[10], samplesPerSecond: v[11])
        }
    }
}
