import ArgumentParser
import Descent
import Foundation
import Linalg

/// One `descent train` invocation in a given precision: the flags turned into a library
/// `TrainingRun`, its events printed and its outputs written, its ending mapped to an exit code.
struct TrainCommandRun<Scalar: BLASScalar> {
    /// This invocation: its outputs and display flags (and, for a new run, every setting).
    let command: TrainCommand
    /// The command line kept in the checkpoint for the report.
    let arguments: [String]
    /// With --resume: the saved run's configuration (epochs and data path as this invocation gives them).
    let resumed: RunConfiguration?

    /// Runs it; throws `ExitCode` 3 on divergence and 130 on Ctrl-C after writing what it can.
    func execute() throws {
        if command.honest.folds != nil { return try TrainCrossValidation<Scalar>(command: command, arguments: arguments).execute() }
        try checkOutputs()
        let (configuration, prepared) = try configured()
        if configuration.method.secondOrder != nil, command.resume != nil {
            throw CLIUsageError(description: "--resume: runs with --optimizer \(configuration.method.name) cannot be resumed (the method's state is not saved); train again with more --epochs")
        }
        let settings = configuration.settings
        try ResourceCheck.training(configuration.spec, batchSize: TrainingRun<Scalar>.cappedBatchSize(settings.batchSize, trainingRows: prepared.split.training.count),
                                   scalarBytes: MemoryLayout<Scalar>.size)
        let run = try TrainingRunFlags.mapping(flag: "--optimizer") { try TrainingRun<Scalar>(configuration: configuration, data: prepared) }
        if command.resume == nil { try initialize(run, from: configuration.initFrom) }
        var outputs = RunOutputs(command: command, spec: configuration.spec, prepared: prepared, settings: run.settings, arguments: arguments,
                                 dataPath: configuration.data.path)
        outputs.heldOut = HeldOutRecord(data: prepared, sourceSHA256: configuration.data.path.isEmpty ? nil : try? SHA256.hex(ofFileAt: configuration.data.path).get(),
                                        classWeights: configuration.classWeights)
        try restore(run, into: &outputs)
        try freeze(run, layers: configuration.frozenLinearLayers)  // after --init-from or the restore: holds the weights the run continues from
        if !command.quiet && !command.json { outputs.announce(run: run) }
        if command.resume != nil && run.trainer.isFinished { throw CLIUsageError(description: finishedRunMessage(run.trainer)) }
        let observer = TrainObserver(command: command, outputs: outputs, run: run)
        let result = try run.run(observer: observer)
        try finish(run, result: result, outputs: outputs)
    }

    /// The run's configuration and its prepared data: the saved configuration of a resumed run,
    /// or the flags' (the network shaped by the data) for a new one.
    func configured() throws -> (RunConfiguration, PreparedData) {
        if let resumed {
            let prepared = try resumed.prepareData()  // a fold model's rows are its folds, rebuilt from the seed
            for warning in DataWarnings.lines(for: prepared.dataset) { Diagnostics.print("descent: \(warning)") }
            return (resumed, prepared)
        }
        guard let path = command.data else { throw CLIUsageError(description: "give the CSV file to train on") }
        let prepared = try Self.prepare(try command.preparation(path: path), seed: command.seed, quiet: command.quiet)
        if let warning = DataWarnings.imbalance(prepared, classWeight: command.honest.classWeight) { Diagnostics.print("descent: \(warning)") }
        let curvature = command.curvatureEvery.map {
            CurvatureSettings(every: $0, samples: command.curvatureSamples, lanczosSteps: command.curvatureSteps,
                              tracksMinimum: command.curvatureMin, traceSamples: command.curvatureTrace ? 30 : 0,
                              subspaceK: command.subspaceK ?? 0)
        }
        let configuration = RunConfiguration(
            data: try command.preparation(path: path), spec: try command.model.spec(for: prepared), method: try command.optim.method(),
            settings: try trainingSettings(trainingRows: prepared.split.training.count), seed: command.seed,
            precision: Precision(of: Scalar.self), initFrom: command.initFrom, frozenLinearLayers: command.freeze, curvature: curvature,
            classWeights: try Self.classWeights(command, prepared))
        return (configuration, prepared)
    }

    /// Reads, splits and standardizes the data, printing how the file was read.
    static func prepare(_ preparation: DataPreparation, seed: UInt64, quiet: Bool) throws -> PreparedData {
        let prepared = try preparation.prepare(seed: seed)
        for warning in DataWarnings.lines(for: prepared.dataset) { Diagnostics.print("descent: \(warning)") }
        return prepared
    }

    /// The class weights of --class-weight over the training rows, nil for none.
    static func classWeights(_ command: TrainCommand, _ prepared: PreparedData) throws -> [Double]? {
        let weighting = try command.honest.weighting()
        guard weighting != .none else { return nil }
        guard prepared.dataset.task == .classification else {
            throw CLIUsageError(description: "--class-weight \(TextExcerpt.quoted(command.honest.classWeight)): the target '\(prepared.dataset.encoding.target.name)' is numeric (regression); class weights need classes")
        }
        let dataset = prepared.dataset
        do {
            return try weighting.weights(classNames: dataset.classNames, trainingLabels: prepared.split.training.map { dataset.classIndices[$0] })
        } catch {
            throw CLIUsageError(description: "--class-weight \(TextExcerpt.quoted(command.honest.classWeight)): \(error)")
        }
    }

    /// The settings of the flags: epochs, step, optimizer, schedule, early stopping (the batch-size note printed here).
    func trainingSettings(trainingRows: Int) throws -> TrainingSettings {
        let epochs = command.epochs ?? 200
        var settings = TrainingSettings()
        settings.epochs = epochs
        command.step.apply(to: &settings)
        if let configuration = try command.optim.method().configuration { settings.optimizer = configuration }
        if let note = ResourceCheck.cappedBatch(settings.batchSize, trainingRows: trainingRows).note, !command.quiet { Diagnostics.print(note) }
        (settings.schedule, settings.plateau) = try command.schedule.make(epochs: epochs)
        settings.scheduleUnit = command.schedule.scheduleUnit
        settings.earlyStopping = command.noEarlyStopping ? nil : EarlyStopping(patience: command.patience, minDelta: command.minDelta)
        return settings
    }

    /// --init-from: the pretrained tensors loaded, and said so.
    func initialize(_ run: TrainingRun<Scalar>, from initFrom: String?) throws {
        guard let initFrom else { return }
        let transfer = try run.initialize(from: try SafeTensorsFile.read(from: initFrom), path: initFrom)
        if !command.quiet {
            Diagnostics.print("descent: --init-from \(initFrom): loaded \(Plural.count(transfer.loaded.count, "tensor"))"
                + (transfer.fresh.isEmpty ? "" : "; new (shape or name differs): \(transfer.fresh.joined(separator: ", "))"))
        }
    }

    /// --freeze: the first layers held at their current values.
    func freeze(_ run: TrainingRun<Scalar>, layers: Int) throws {
        do {
            try run.freezeLinearLayers(layers)
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
        run.trainer.restoreSubspaceColumns(from: resumeFile)
        run.curvature?.restore(from: resumeFile)
    }

    /// After the loop: the outputs written and the summary printed, or the interruption or
    /// divergence reported with its exit code.
    func finish(_ run: TrainingRun<Scalar>, result: TrainingResult, outputs: RunOutputs) throws {
        let trainer = run.trainer
        switch result.ending {
        case .completed, .stoppedEarly:
            var outputs = outputs
            let linear = command.honest.linearBaseline && (outputs.scoredRows != nil || command.out != nil)
                ? try linearBaseline(run, classWeights: outputs.heldOut?.classWeights) : nil
            outputs.heldOut?.linearParameters = linear?.network.parameters.array.map { Double($0) }
            try outputs.write(run: run, finalModel: nil)
            let reports = outputs.scoreReports(network: run.network, linear: linear?.network)
            try outputs.writeReport(run: run, final: true, reports: reports)
            let sharpness = try command.sharpness.measure(run.network, data: run.data, seed: command.seed)
            try outputs.summarize(run: run, result: result, sharpness: sharpness, reports: reports)
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
