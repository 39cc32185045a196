import Linalg

extension TrainingRun {
    /// Trains until all epochs are done, early stopping ends the run, `observer` asks it to stop,
    /// or the loss stops being finite — the one epoch loop of Descent. Each completed epoch is
    /// measured for curvature when `curvature` is due, then reported; at the end of a finished run
    /// with early stopping the best epoch's weights are restored. Nothing is printed or written.
    public func run(observer: any TrainingObserver = SilentTrainingObserver()) throws -> TrainingResult {
        while !trainer.isFinished {
            let epoch = trainer.completedEpochs + 1
            switch try runEpoch(epoch, observer: observer) {
            case .completed(var record, let events):
                if let curvature, curvature.isDue(epoch: record.epoch) {
                    let measurement = try curvature.measure(network, epoch: record.epoch)
                    trainer.record(measurement)
                    record = trainer.history.records.last ?? record
                    observer.curvatureMeasured(measurement)
                }
                try observer.epochEnded(record, events: events)
                for case let .earlyStop(epoch, bestEpoch, bestLoss) in events {
                    observer.stoppedEarly(epoch: epoch, bestEpoch: bestEpoch, bestLoss: bestLoss)
                }
            case .interrupted:
                observer.interrupted(epoch: epoch)
                return result(.interrupted(epoch: epoch), restoredEpoch: nil)
            case let .diverged(divergence):
                observer.diverged(divergence)
                return result(.diverged(divergence), restoredEpoch: nil)
            }
        }
        let restored = settings.earlyStopping != nil ? try trainer.restoreBestState() : false
        return result(trainer.stoppedEarly ? .stoppedEarly : .completed,
                      restoredEpoch: restored ? trainer.earlyStopping?.bestEpoch : nil)
    }

    /// One epoch: minibatch steps for a first-order rule (the stop asked between steps), one
    /// full-batch update for a second-order method (the stop asked before it).
    func runEpoch(_ epoch: Int, observer: any TrainingObserver) throws -> EpochOutcome {
        if let secondOrder {
            if observer.shouldStop() { return .interrupted }
            let outcome = try trainer.runSecondOrderEpoch(secondOrder.stepper, rows: secondOrder.rows)
            observer.stepFinished(epoch: epoch, done: 1, total: 1)
            return outcome
        }
        return trainer.runEpoch(shouldStop: { observer.shouldStop() }) { done, total in
            observer.stepFinished(epoch: epoch, done: done, total: total)
        }
    }

    func result(_ ending: TrainingResult.Ending, restoredEpoch: Int?) -> TrainingResult {
        TrainingResult(ending: ending, restoredEpoch: restoredEpoch, completedEpochs: trainer.completedEpochs,
                       steps: trainer.globalStep, history: trainer.history)
    }
}
