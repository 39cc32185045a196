import ArgumentParser
import Descent
import Foundation
import Linalg

/// One `descent train` run in a given precision: data, model, trainer, the epoch loop, outputs.
struct TrainingRun<Scalar: BLASScalar> {
    let command: TrainCommand
    let arguments: [String]

    /// Runs it; throws `ExitCode` 3 on divergence and 130 on Ctrl-C after writing what it can.
    func execute() throws {
        try checkOutputs()
        let prepared = try PreparedData(command: command)
        let dataset = prepared.dataset
        let spec = try RunConstruction.spec(model: command.model, dataset: dataset)
        let epochs = command.epochs ?? 200
        var settings = TrainingSettings()
        settings.epochs = epochs
        command.step.apply(to: &settings)
        let capped = ResourceCheck.cappedBatch(settings.batchSize, trainingRows: prepared.split.training.count)
        settings.batchSize = capped.batch
        if let note = capped.note, !command.quiet { Diagnostics.print(note) }
        settings.optimizer = try command.optim.configuration()
        (settings.schedule, settings.plateau) = try command.schedule.make(epochs: epochs)
        settings.scheduleUnit = command.schedule.scheduleUnit
        settings.earlyStopping = command.noEarlyStopping ? nil : EarlyStopping(patience: command.patience, minDelta: command.minDelta)
        let trainer: Trainer<Scalar> = try RunConstruction.trainer(spec: spec, settings: settings, prepared: prepared, seed: command.seed)
        let network = trainer.network
        if let initFrom = command.initFrom {
            try loadMatchingTensors(from: initFrom, into: network)
        }
        if command.freeze > 0 {
            let linear = network.layout.entries.filter(\.isPenalized)  // the Linear weights, in order
            guard command.freeze <= linear.count else {
                throw CLIUsageError(description: "--freeze \(command.freeze): the model has only \(linear.count) Linear layers")
            }
            let ranges = linear.prefix(command.freeze).flatMap { weight -> [Range<Int>] in
                let module = weight.name.dropLast(".weight".count)
                let bias = network.layout.entry(named: module + ".bias")
                return [weight.offset..<(weight.offset + weight.count)] + (bias.map { [$0.offset..<($0.offset + $0.count)] } ?? [])
            }
            trainer.freeze(ranges)
        }
        let stepper = try command.optim.secondOrderStepper()
        let fullBatch = try stepper.map { stepper -> EvaluationSet<Double> in
            if let reason = SecondOrderStepper.unsupportedReason(network) {
                throw CLIUsageError(description: "--optimizer \(stepper.method.rawValue) is full-batch on a fixed objective; the model has \(reason): drop --batch-norm/--dropout")
            }
            if command.resume != nil {
                throw CLIUsageError(description: "--resume: runs with --optimizer \(stepper.method.rawValue) cannot be resumed (the method's state is not saved); train again with more --epochs")
            }
            if stepper.method == .newton {
                do {
                    try stepper.memoryGuard.check(parameters: network.layout.count)
                } catch {
                    throw CLIUsageError(description: "--optimizer newton: \(error); use --optimizer lbfgs, or a smaller --layers")
                }
            }
            return EvaluationSet<Double>(dataset: dataset, rows: prepared.split.training)
        }
        let tracker = try command.curvatureEvery.map { every in
            try CurvatureTracker(dataset: dataset, trainingRows: prepared.split.training, every: every, samples: command.curvatureSamples,
                                 lanczosSteps: command.curvatureSteps, tracksMinimum: command.curvatureMin,
                                 traceSamples: command.curvatureTrace ? 30 : 0, seed: command.seed)
        }
        var runID = CheckpointPair.newID()
        if let resume = command.resume {
            let resumePath = Self.resumePath(for: resume)
            let resumeFile = try SafeTensorsFile.read(from: resumePath)
            let modelFile = try SafeTensorsFile.read(from: resume)
            try CheckpointPair.verify(model: modelFile, modelPath: resume, resume: resumeFile, resumePath: resumePath)
            runID = modelFile.metadata[CheckpointPair.runKey] ?? runID
            try trainer.restore(from: resumeFile, path: resumePath)
            trainer.restoreCurvatureColumns(from: resumeFile)
            tracker?.restore(from: resumeFile)
        }
        var outputs = RunOutputs(command: command, spec: spec, prepared: prepared, settings: settings, arguments: arguments)
        outputs.tracker = tracker
        outputs.runID = runID
        if !command.quiet && !command.json { outputs.announce(network: network, trainer: trainer) }

        if command.resume != nil && trainer.isFinished { throw CLIUsageError(description: finishedRunMessage(trainer)) }
        var progress = ProgressBar(enabled: !command.quiet)
        while !trainer.isFinished {
            let epoch = trainer.completedEpochs + 1
            let outcome: EpochOutcome
            if let stepper, let fullBatch {
                outcome = try trainer.runSecondOrderEpoch(stepper, rows: fullBatch)
            } else {
                outcome = trainer.runEpoch(shouldStop: { Interrupt.requested }) { done, total in
                    progress.update(done: done, total: total, label: "epoch \(epoch)/\(epochs)")
                }
            }
            progress.clear()
            switch outcome {
            case .completed(var record, let events):
                if let tracker, tracker.isDue(epoch: record.epoch) {
                    trainer.record(try tracker.measure(network, epoch: record.epoch))
                    record = trainer.history.records.last ?? record
                }
                try outputs.report(record, epochs: epochs)
                for event in events { outputs.report(event) }
                if let every = command.reportEvery, record.epoch % every == 0 { try outputs.writeReport(trainer: trainer, final: false) }
            case .interrupted:
                try outputs.write(trainer: trainer, finalModel: nil)
                Diagnostics.print("descent: interrupted by \(Interrupt.signalName) during epoch \(epoch); the model, resume state and history are saved\(outputs.savedWhere)")
                throw ExitCode(Interrupt.exitStatus)
            case let .diverged(divergence):
                Diagnostics.print("descent: \(ErrorAdvice.message(for: divergence))")
                try outputs.write(trainer: trainer, finalModel: trainer.lastGoodState, writeResume: false)
                if command.out != nil {
                    Diagnostics.print("descent: kept the last good checkpoint (end of epoch \(trainer.completedEpochs)) in \(command.out!)")
                }
                if command.json { try outputs.summarizeDivergence(trainer: trainer, divergence: ErrorAdvice.message(for: divergence)) }
                throw ExitCode(ExitStatus.diverged)
            }
        }
        let restoredBest = settings.earlyStopping != nil ? try trainer.restoreBestState() : false
        try outputs.write(trainer: trainer, finalModel: nil)
        try outputs.writeReport(trainer: trainer, final: true)
        try outputs.summarize(trainer: trainer, restoredBest: restoredBest)
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
        let resumeState = command.out.map { Self.resumePath(for: $0) }
        try OutputCheck.verify(outputs: [("--out", command.out), ("--out's resume state", resumeState), ("--history", command.history), ("--plot", command.plot),
                                         ("--report", command.report)],
                               inputs: [("DATA", command.data), ("--val", command.val), ("--test", command.test), ("--init-from", command.initFrom)])
        if let resume = command.resume {
            try OutputCheck.verify(outputs: [("--history", command.history), ("--plot", command.plot), ("--report", command.report)],
                                   inputs: [("--resume", resume), ("--resume's state", Self.resumePath(for: resume))])
        }
    }

    /// Transfer learning: copies every tensor of the checkpoint at `path` whose name and shape match
    /// the new network's, and says which were loaded and which start fresh (a new head when the
    /// number of classes differs).
    func loadMatchingTensors(from path: String, into network: Network<Scalar>) throws {
        let file = try SafeTensorsFile.read(from: path)
        _ = try ModelCheckpoint.description(of: file, path: path)
        var state = network.namedTensors()
        var loaded: [String] = [], fresh: [String] = []
        for index in state.indices {
            if let stored = file.tensor(named: state[index].name), stored.shape == state[index].shape {
                state[index].values = stored.values
                loaded.append(state[index].name)
            } else {
                fresh.append(state[index].name)
            }
        }
        try network.load(namedTensors: state)
        if !command.quiet {
            Diagnostics.print("descent: --init-from \(path): loaded \(Plural.count(loaded.count, "tensor"))"
                + (fresh.isEmpty ? "" : "; new (shape or name differs): \(fresh.joined(separator: ", "))"))
        }
    }

    /// The resume file that goes with a model file: NAME.safetensors → NAME.resume.safetensors.
    static func resumePath(for modelPath: String) -> String {
        modelPath.hasSuffix(".safetensors")
            ? String(modelPath.dropLast(".safetensors".count)) + ".resume.safetensors"
            : modelPath + ".resume.safetensors"
    }
}

/// Building a run's network and trainer from its seed, shared by `descent train` and `descent compare`.
///
/// A master `RandomGenerator(seed:)` gives, in order, the split's generator (`PreparedData`), the
/// initial weights' generator and the batch order's generator. None depends on the optimizer, so for
/// one seed every optimizer starts from the same weights and sees the same minibatches: the fairness
/// `descent compare` relies on.
enum RunConstruction {
    /// The generators of a seed: split, initialization, shuffling.
    static func generators(seed: UInt64) -> (split: RandomGenerator, initialization: RandomGenerator, shuffle: RandomGenerator) {
        var master = RandomGenerator(seed: seed)
        let split = RandomGenerator(seed: master.next())
        let initialization = RandomGenerator(seed: master.next())
        let shuffle = RandomGenerator(seed: master.next())
        return (split, initialization, shuffle)
    }

    /// The network of the model flags for `dataset`: its features in, one output per class (or one
    /// value), cross-entropy or mean squared error.
    static func spec(model: ModelOptions, dataset: Dataset) throws -> NetworkSpec {
        NetworkSpec(
            inputCount: dataset.featureCount, hiddenSizes: try model.hiddenSizes(),
            outputCount: dataset.task == .classification ? dataset.classNames.count : 1,
            activation: try model.activationKind(), batchNorm: model.batchNorm,
            dropout: model.dropout, initializer: try model.initializerKind(),
            loss: dataset.task == .classification ? .crossEntropy(labelSmoothing: model.labelSmoothing) : .meanSquaredError)
    }

    /// A fresh network initialized from `seed`'s initialization generator, and its trainer on the
    /// prepared split with `seed`'s shuffle generator.
    static func trainer<Scalar: BLASScalar>(spec: NetworkSpec, settings: TrainingSettings, prepared: PreparedData,
                                            seed: UInt64) throws -> Trainer<Scalar> {
        let seeded = generators(seed: seed)
        var initRandom = seeded.initialization
        var settings = settings
        settings.batchSize = ResourceCheck.cappedBatch(settings.batchSize, trainingRows: prepared.split.training.count).batch
        try ResourceCheck.training(spec, batchSize: settings.batchSize, scalarBytes: MemoryLayout<Scalar>.size)
        let network = try Network<Scalar>(spec: spec, maxBatchSize: max(settings.batchSize, 256), random: &initRandom)
        return try Trainer(network: network, settings: settings, dataset: prepared.dataset, trainingRows: prepared.split.training,
                           validationRows: prepared.split.validation, shuffleRandom: seeded.shuffle)
    }
}

/// Where a run's data comes from and how it is split and scaled: the data flags of `descent train`
/// and `descent compare`.
struct DataPreparation {
    /// The CSV file.
    var path: String?
    /// Columns, target, missing values, delimiter.
    var dataOptions: DataOptions
    /// The feature scaling fitted on the training rows.
    var preprocess: Standardizer.Mode
    /// Validation fraction (ignored with `val`).
    var valSplit: Double
    /// Test fraction (ignored with `test`).
    var testSplit: Double
    /// A separate validation file.
    var val: String?
    /// A separate test file.
    var test: String?
}

/// The data of a run: the file(s) read and encoded, the split, and the fitted standardization
/// already applied.
struct PreparedData {
    /// Training, validation and test rows in one dataset (validation/test files appended).
    var dataset: Dataset
    /// Which rows are which.
    var split: DatasetSplit
    /// The fitted standardization.
    var standardizer: Standardizer

    /// The data of a `descent train` run.
    init(command: TrainCommand) throws {
        try self.init(DataPreparation(path: command.data, dataOptions: command.dataOptions, preprocess: command.preprocess,
                                      valSplit: command.valSplit, testSplit: command.testSplit, val: command.val, test: command.test),
                      seed: command.seed)
    }

    /// Reads, encodes, splits (with `seed`'s split generator) and standardizes.
    init(_ command: DataPreparation, seed: UInt64) throws {
        guard let path = command.path else { throw CLIUsageError(description: "give the CSV file to train on") }
        let csv = try command.dataOptions.csvOptions()
        var dataset = try InputFileError.naming(path) {
            try Dataset(table: try CSVReader.read(contentsOf: path, options: csv), options: command.dataOptions.datasetOptions)
        }
        for warning in DataWarnings.lines(for: dataset) { Diagnostics.print("descent: \(warning)") }
        var splitRandom = RunConstruction.generators(seed: seed).split
        let valFraction = command.val == nil ? command.valSplit : 0
        let testFraction = command.test == nil ? command.testSplit : 0
        var split = try InputFileError.naming(path) {
            try DatasetSplitter(validationFraction: valFraction, testFraction: testFraction).split(dataset, random: &splitRandom)
        }
        if let valPath = command.val {
            let extra = try dataset.encoding.encode(try CSVReader.read(contentsOf: valPath, options: csv))
            guard extra.hasTarget else { throw CLIUsageError(description: "--val \(valPath) has no target column '\(dataset.encoding.target.name)'") }
            split.validation = Array(dataset.rowCount..<(dataset.rowCount + extra.rowCount))
            dataset = dataset.appending(extra)
        }
        if let testPath = command.test {
            let extra = try dataset.encoding.encode(try CSVReader.read(contentsOf: testPath, options: csv))
            guard extra.hasTarget else { throw CLIUsageError(description: "--test \(testPath) has no target column '\(dataset.encoding.target.name)'") }
            split.test = Array(dataset.rowCount..<(dataset.rowCount + extra.rowCount))
            dataset = dataset.appending(extra)
        }
        standardizer = Standardizer(mode: command.preprocess, fittingRows: split.training, of: dataset)
        try standardizer.checkFinite(fittingRows: split.training, of: dataset)
        standardizer.apply(to: &dataset)
        self.dataset = dataset
        self.split = split
    }
}
