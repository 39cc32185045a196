import ArgumentParser
import Descent
import Foundation
import Linalg

/// One `descent train` invocation in a given precision: the flags turned into a library
/// `TrainingRun`, its events printed and its outputs written, its ending mapped to an exit code.
struct TrainCommandRun<Scalar: BLASScalar> {
    let command: TrainCommand
    let arguments: [String]

    /// Runs it; throws `ExitCode` 3 on divergence and 130 on Ctrl-C after writing what it can.
    func execute() throws {
        try checkOutputs()
        let prepared = try TrainCommandRun.prepare(command)
        let spec = try command.model.spec(for: prepared)
        let settings = try trainingSettings(trainingRows: prepared.split.training.count)
        let method = try command.optim.method()
        if method.secondOrder != nil, command.resume != nil {
            throw CLIUsageError(description: "--resume: runs with --optimizer \(method.name) cannot be resumed (the method's state is not saved); train again with more --epochs")
        }
        try ResourceCheck.training(spec, batchSize: TrainingRun<Scalar>.cappedBatchSize(settings.batchSize, trainingRows: prepared.split.training.count),
                                   scalarBytes: MemoryLayout<Scalar>.size)
        let run = try TrainingRunFlags.mapping(flag: "--optimizer") {
            try TrainingRun<Scalar>(data: prepared, spec: spec, method: method, settings: settings, seed: command.seed)
        }
        try initialize(run)
        run.curvature = try command.curvatureTracker(prepared)
        var outputs = RunOutputs(command: command, spec: spec, prepared: prepared, settings: run.settings, arguments: arguments)
        try restore(run, into: &outputs)
        if !command.quiet && !command.json { outputs.announce(run: run) }
        if command.resume != nil && run.trainer.isFinished { throw CLIUsageError(description: finishedRunMessage(run.trainer)) }
        let observer = TrainObserver(command: command, outputs: outputs, run: run)
        let result = try run.run(observer: observer)
        try finish(run, result: result, outputs: outputs)
    }

    /// Reads, splits and standardizes the data of the command, printing how the file was read.
    static func prepare(_ command: TrainCommand) throws -> PreparedData {
        guard let path = command.data else { throw CLIUsageError(description: "give the CSV file to train on") }
        let prepared = try command.preparation(path: path).prepare(seed: command.seed)
        for warning in DataWarnings.lines(for: prepared.dataset) { Diagnostics.print("descent: \(warning)") }
        return prepared
    }

    /// The settings of the flags: epochs, step, schedule, early stopping (the batch-size note printed here).
    func trainingSettings(trainingRows: Int) throws -> TrainingSettings {
        let epochs = command.epochs ?? 200
        var settings = TrainingSettings()
        settings.epochs = epochs
        command.step.apply(to: &settings)
        if let note = ResourceCheck.cappedBatch(settings.batchSize, trainingRows: trainingRows).note, !command.quiet { Diagnostics.print(note) }
        (settings.schedule, settings.plateau) = try command.schedule.make(epochs: epochs)
        settings.scheduleUnit = command.schedule.scheduleUnit
        settings.earlyStopping = command.noEarlyStopping ? nil : EarlyStopping(patience: command.patience, minDelta: command.minDelta)
        return settings
    }

    /// --init-from and --freeze: the pretrained tensors loaded (and said so), the first layers held.
    func initialize(_ run: TrainingRun<Scalar>) throws {
        if let initFrom = command.initFrom {
            let transfer = try run.initialize(from: try SafeTensorsFile.read(from: initFrom), path: initFrom)
            if !command.quiet {
                Diagnostics.print("descent: --init-from \(initFrom): loaded \(Plural.count(transfer.loaded.count, "tensor"))"
                    + (transfer.fresh.isEmpty ? "" : "; new (shape or name differs): \(transfer.fresh.joined(separator: ", "))"))
            }
        }
        do {
            try run.freezeLinearLayers(command.freeze)
        } catch TrainingRunError.freezeBeyondLayers(let requested, let available) {
            throw CLIUsageError(description: "--freeze \(requested): the model has only \(available) Linear layers")
        }
    }

    /// --resume: the saved trainer state and curvature columns restored, the run id kept.
    func restore(_ run: TrainingRun<Scalar>, into outputs: inout RunOutputs) throws {
        guard let resume = command.resume else { return }
        let resumePath = CheckpointPair.resumePath(forModel: resume)
        let resumeFile = try SafeTensorsFile.read(from: resumePath)
        let modelFile = try SafeTensorsFile.read(from: resume)
        try CheckpointPair.verify(model: modelFile, modelPath: resume, resume: resumeFile, resumePath: resumePath)
        outputs.runID = modelFile.metadata[CheckpointPair.runKey] ?? outputs.runID
        try run.trainer.restore(from: resumeFile, path: resumePath)
        run.trainer.restoreCurvatureColumns(from: resumeFile)
        run.curvature?.restore(from: resumeFile)
    }

    /// After the loop: the outputs written and the summary printed, or the interruption or
    /// divergence reported with its exit code.
    func finish(_ run: TrainingRun<Scalar>, result: TrainingResult, outputs: RunOutputs) throws {
        let trainer = run.trainer
        switch result.ending {
        case .completed, .stoppedEarly:
            try outputs.write(run: run, finalModel: nil)
            try outputs.writeReport(run: run, final: true)
            try outputs.summarize(run: run, result: result)
        case let .interrupted(epoch):
            try outputs.write(run: run, finalModel: nil)
            Diagnostics.print("descent: interrupted by \(Interrupt.signalName) during epoch \(epoch); the model, resume state and history are saved\(outputs.savedWhere)")
            throw ExitCode(Interrupt.exitStatus)
        case let .diverged(divergence):
            Diagnostics.print("descent: \(ErrorAdvice.message(for: divergence))")
            try outputs.write(run: run, finalModel: trainer.lastGoodState, writeResume: false)
            if let out = command.out {
                Diagnostics.print("descent: kept the last good checkpoint (end of epoch \(trainer.completedEpochs)) in \(out)")
            }
            try outputs.summarize(run: run, result: result)
            throw ExitCode(ExitStatus.diverged)
        }
    }

    /// What to do with a resumed run that has nothing left to train.
    func finishedRunMessage(_ trainer: Trainer<Scalar>) -> String {
        let path = command.resume ?? "MODEL"
        if trainer.stoppedEarly {
            return "--resume \(path): this run is finished: early stopping ended it at epoch \(trainer.completedEpochs) "
                + "(validation loss stopped improving), so there is nothing to resume. To train further, start a new run from its weights: "
                + "descent train DATA --init-from \(path) --no-early-stopping --epochs N"
        }
        return "--resume \(path): this run is finished: it trained all \(trainer.completedEpochs) of its --epochs. "
            + "Pass --epochs larger than \(trainer.completedEpochs) to train on"
    }

    /// Refuses, before any work, outputs that would destroy an input or each other, or that cannot
    /// be written. The model may replace the model being resumed (that is what --resume does), but
    /// --history and --plot may not.
    func checkOutputs() throws {
        let resumeState = command.out.map { CheckpointPair.resumePath(forModel: $0) }
        try OutputCheck.verify(outputs: [("--out", command.out), ("--out's resume state", resumeState), ("--history", command.history), ("--plot", command.plot),
                                         ("--report", command.report)],
                               inputs: [("DATA", command.data), ("--val", command.val), ("--test", command.test), ("--init-from", command.initFrom)])
        if let resume = command.resume {
            try OutputCheck.verify(outputs: [("--history", command.history), ("--plot", command.plot), ("--report", command.report)],
                                   inputs: [("--resume", resume), ("--resume's state", CheckpointPair.resumePath(forModel: resume))])
        }
    }
}
