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
        let prepared = try PreparedData(command: command)
        var master = RandomGenerator(seed: command.seed)
        _ = master.next()  // the split's generator was seeded from the first word (PreparedData)
        var initRandom = RandomGenerator(seed: master.next())
        let shuffleRandom = RandomGenerator(seed: master.next())
        let dataset = prepared.dataset
        let spec = NetworkSpec(
            inputCount: dataset.featureCount, hiddenSizes: try command.model.hiddenSizes(),
            outputCount: dataset.task == .classification ? dataset.classNames.count : 1,
            activation: try command.model.activationKind(), batchNorm: command.model.batchNorm,
            dropout: command.model.dropout, initializer: try command.model.initializerKind(),
            loss: dataset.task == .classification ? .crossEntropy(labelSmoothing: command.model.labelSmoothing) : .meanSquaredError)
        let network = try Network<Scalar>(spec: spec, maxBatchSize: max(command.batchSize, 256), random: &initRandom)
        let epochs = command.epochs ?? 200
        var settings = TrainingSettings()
        settings.epochs = epochs
        settings.batchSize = command.batchSize
        settings.optimizer = try command.optim.configuration()
        (settings.schedule, settings.plateau) = try command.schedule.make(epochs: epochs)
        settings.scheduleUnit = command.schedule.scheduleUnit
        settings.clipNorm = command.clipNorm
        settings.clipValue = command.clipValue
        settings.earlyStopping = command.noEarlyStopping ? nil : EarlyStopping(patience: command.patience, minDelta: command.minDelta)
        settings.regularization = Regularization(l2: command.l2, l1: command.l1)
        let trainer = try Trainer(network: network, settings: settings, dataset: dataset, trainingRows: prepared.split.training,
                                  validationRows: prepared.split.validation, shuffleRandom: shuffleRandom)
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
        if let resume = command.resume {
            let resumePath = Self.resumePath(for: resume)
            try trainer.restore(from: try SafeTensorsFile.read(from: resumePath), path: resumePath)
        }
        let outputs = RunOutputs(command: command, spec: spec, prepared: prepared, settings: settings, arguments: arguments)
        if !command.quiet && !command.json { outputs.announce(network: network, trainer: trainer) }

        var progress = ProgressBar(enabled: !command.quiet)
        while !trainer.isFinished {
            let epoch = trainer.completedEpochs + 1
            let outcome = trainer.runEpoch(shouldStop: { Interrupt.requested }) { done, total in
                progress.update(done: done, total: total, label: "epoch \(epoch)/\(epochs)")
            }
            progress.clear()
            switch outcome {
            case let .completed(record, events):
                outputs.report(record, epochs: epochs)
                for event in events { outputs.report(event) }
            case .interrupted:
                try outputs.write(trainer: trainer, finalModel: nil)
                Diagnostics.print("descent: interrupted during epoch \(epoch); the model, resume state and history are saved\(outputs.savedWhere)")
                throw ExitCode(ExitStatus.interrupted)
            case let .diverged(divergence):
                Diagnostics.print("descent: \(divergence)")
                try outputs.write(trainer: trainer, finalModel: trainer.lastGoodState, writeResume: false)
                if command.out != nil {
                    Diagnostics.print("descent: kept the last good checkpoint (end of epoch \(trainer.completedEpochs)) in \(command.out!)")
                }
                throw ExitCode(ExitStatus.diverged)
            }
        }
        let restoredBest = settings.earlyStopping != nil ? try trainer.restoreBestState() : false
        try outputs.write(trainer: trainer, finalModel: nil)
        try outputs.summarize(trainer: trainer, restoredBest: restoredBest)
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
            Diagnostics.print("descent: --init-from \(path): loaded \(loaded.count) tensors"
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

/// The data of a run: the file(s) read and encoded, the split, and the fitted standardization
/// already applied.
struct PreparedData {
    /// Training, validation and test rows in one dataset (validation/test files appended).
    var dataset: Dataset
    /// Which rows are which.
    var split: DatasetSplit
    /// The fitted standardization.
    var standardizer: Standardizer

    init(command: TrainCommand) throws {
        guard let path = command.data else { throw CLIUsageError(description: "give the CSV file to train on") }
        let csv = try command.dataOptions.csvOptions()
        var dataset = try InputFileError.naming(path) {
            try Dataset(table: try CSVReader.read(contentsOf: path, options: csv), options: command.dataOptions.datasetOptions)
        }
        var master = RandomGenerator(seed: command.seed)
        var splitRandom = RandomGenerator(seed: master.next())
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
        standardizer.apply(to: &dataset)
        self.dataset = dataset
        self.split = split
    }
}
