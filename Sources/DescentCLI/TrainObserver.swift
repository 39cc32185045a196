import Descent
import Linalg

/// What `descent train` shows while a run trains: the progress bar on a terminal, a line (or a
/// JSON object) per epoch, the events as diagnostics, the periodic --report page. A stop is
/// `Interrupt.requested`, the flag the signal handler sets.
final class TrainObserver<Scalar: BLASScalar>: TrainingObserver {
    let command: TrainCommand
    let outputs: RunOutputs
    let run: TrainingRun<Scalar>
    var progress: ProgressBar
    var trainer: Trainer<Scalar> { run.trainer }

    init(command: TrainCommand, outputs: RunOutputs, run: TrainingRun<Scalar>) {
        self.command = command
        self.outputs = outputs
        self.run = run
        progress = ProgressBar(enabled: !command.quiet)
    }

    func shouldStop() -> Bool { Interrupt.requested }

    func stepFinished(epoch: Int, done: Int, total: Int) {
        progress.update(done: done, total: total, label: "epoch \(epoch)/\(trainer.settings.epochs)")
    }

    func epochEnded(_ record: EpochRecord, events: [TrainingEvent]) throws {
        progress.clear()
        try outputs.report(record, epochs: trainer.settings.epochs)
        for event in events { outputs.report(event) }
        if let every = command.reportEvery, record.epoch % every == 0 { try outputs.writeReport(run: run, final: false) }
    }

    func interrupted(epoch: Int) { progress.clear() }

    func diverged(_ divergence: TrainingDivergence) { progress.clear() }
}
