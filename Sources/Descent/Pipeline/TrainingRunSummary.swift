extension TrainingRun {
    /// The final metrics of the weights the network holds, in evaluation mode: on the training
    /// rows, and on the validation and test rows when there are any.
    public func finalMetrics() -> (training: EvaluationMetrics, validation: EvaluationMetrics?, test: EvaluationMetrics?) {
        let validation = trainer.validationSet.map { Evaluator.evaluate(network, on: $0) }
        let test = data.split.test.isEmpty ? nil : evaluate(rows: data.split.test)
        return (Evaluator.evaluate(network, on: trainer.trainingSet), validation, test)
    }

    /// The summary record of a run that ended with `result`: the final metrics of a finished run,
    /// or a diverged run's message (its parameters are not finite, so no metrics); `model` is
    /// the file written, if any.
    public func summary(of result: TrainingResult, model: String?) -> TrainingSummaryRecord {
        var record = TrainingSummaryRecord(status: "finished", epochs: trainer.completedEpochs, steps: trainer.globalStep,
                                           parameters: network.layout.count, bestEpoch: result.restoredEpoch, model: model)
        if case let .diverged(divergence) = result.ending {
            record.status = "diverged"
            record.message = "\(divergence)"
            return record
        }
        let metrics = finalMetrics()
        record.train = .init(metrics.training)
        record.validation = metrics.validation.map(TrainingSummaryRecord.Metrics.init)
        record.test = metrics.test.map(TrainingSummaryRecord.Metrics.init)
        return record
    }
}
