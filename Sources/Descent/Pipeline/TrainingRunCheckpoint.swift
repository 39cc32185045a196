import Foundation
import Linalg

extension TrainingRun {
    /// The model's description at this point of the run: its shape, the data's encoding and
    /// scaling, the method's settings, the epoch and step reached, the seed.
    public func modelDescription() -> ModelDescription {
        var description = ModelDescription(spec: spec, precision: Precision(of: Scalar.self), encoding: data.dataset.encoding,
                                           standardizer: data.standardizer, optimizer: settings.optimizer,
                                           regularization: settings.regularization, epoch: trainer.completedEpochs,
                                           step: trainer.globalStep, seed: seed)
        if let secondOrder = method.secondOrder {
            description.secondOrderMethod = secondOrder.method
            description.optimizer.learningRate = secondOrder.learningRate
        }
        return description
    }

    /// The model checkpoint of the network's state (or `state`, e.g. `Trainer.lastGoodState`),
    /// with its description, the run's configuration when it has one (`RunConfiguration.metadataKey`)
    /// and, when early stopping kept a best state, "best_epoch".
    public func modelFile(state: [NamedTensor]? = nil) throws -> SafeTensorsFile {
        var file = try ModelCheckpoint.file(network: network, state: state, description: modelDescription())
        if let configuration { file.metadata[RunConfiguration.metadataKey] = try configuration.json() }
        if let bestEpoch = trainer.earlyStopping?.bestEpoch, trainer.bestState != nil {
            file.metadata["best_epoch"] = String(bestEpoch)
        }
        return file
    }

    /// The model and its resume state (optimizer, generators, history, curvature warm start),
    /// stamped with `runID` and one checkpoint id so a resume can tell they belong together.
    public func checkpointPair(modelState: [NamedTensor]? = nil, runID: String) throws -> (model: SafeTensorsFile, resume: SafeTensorsFile) {
        var model = try modelFile(state: modelState)
        var resume = try trainer.resumeFile()
        resume.tensors += [curvature?.warmStartTensor, trainer.curvatureColumnsTensor].compactMap { $0 }
        CheckpointPair.stamp(model: &model, resume: &resume, runID: runID)
        return (model, resume)
    }

    /// Writes the model to `path` and its resume state beside it
    /// (`CheckpointPair.resumePath(forModel:)`), both to temporaries first, then both renamed into
    /// place: the two are both new or both old. Throws `FileError` naming the path that failed.
    public func save(to path: String, runID: String = CheckpointPair.newID()) throws {
        let pair = try checkpointPair(runID: runID)
        var staged: [AtomicFile.Staged] = []
        do {
            staged.append(try pair.resume.stage(to: CheckpointPair.resumePath(forModel: path)))
            staged.append(try pair.model.stage(to: path))
            try AtomicFile.commit(staged)
        } catch {
            AtomicFile.discard(staged)
            throw error
        }
    }

    /// Loss and accuracy (or RMSE and R²) of the network on `rows` of the prepared data, in
    /// evaluation mode (e.g. `data.split.test`).
    public func evaluate(rows: [Int]) -> EvaluationMetrics {
        Evaluator.evaluate(network, on: EvaluationSet<Scalar>(dataset: data.dataset, rows: rows))
    }
}
