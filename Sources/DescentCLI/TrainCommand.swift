import ArgumentParser
import Descent
import Foundation
import Linalg

/// `descent train`: fit an MLP to a CSV table.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an MLP on a CSV table: preprocessing, minibatches, validation curves, early stopping, checkpoints.",
        discussion: """
        The target is the last column unless --target says otherwise; text columns become one-hot features; \
        features are standardized on the training split (--preprocess); a stratified 20% validation split \
        (--val-split) drives early stopping (--patience) and the curves. Per-epoch lines go to standard error \
        (a progress bar on a terminal); the final summary goes to standard output, or JSON lines with --json.

        Outputs, each written atomically: --out MODEL.safetensors (tensor names of the equivalent PyTorch \
        nn.Sequential, with the preprocessing and class names in its metadata) and MODEL.resume.safetensors \
        beside it (optimizer state for --resume); --history FILE.csv; --plot FILE.svg.

        Ctrl-C or SIGTERM finishes the current step and writes the model, resume state and history (exit 130 \
        or 143); a second signal during that write lets it finish first. Outputs are checked before any work: \
        none may be an input, another output or a directory, and each must be writable.

        Exit codes (the table of `descent --help`): 3 diverged (the last good checkpoint is kept), 64 bad flag \
        or an output that would destroy a file, 65 bad data, 74 a failed write, 130/143 interrupted.

        Examples:
          descent train examples/iris.csv --out iris.safetensors --plot curves.svg
          descent train data.csv --target price --layers 128,64 \\
              --optimizer sgd --lr 0.05 --momentum 0.9 --schedule cosine
          descent train spiral.csv --layers 100 --epochs 300 --json > epochs.jsonl
          descent train --resume iris.safetensors --epochs 400
          descent train new.csv --init-from pretrained.safetensors --freeze 1
          descent train examples/iris.csv --optimizer sgd --lr 0.1 \\
            --curvature-every 5 --plot sharp.svg
          descent train examples/iris.csv --test-split 0.2 --out iris.safetensors
          descent train examples/iris.csv --folds 5 --json > cv.jsonl
        """
    )

    @Argument(help: "The CSV file to train on (optional with --resume, which remembers it).")
    var data: String?

    @OptionGroup(title: "Data") var dataOptions: DataOptions
    @OptionGroup(title: "Splits and scaling") var splits: TrainSplitOptions

    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Optimizer") var optim: OptimizerOptions
    @OptionGroup(title: "Learning-rate schedule") var schedule: ScheduleOptions
    @OptionGroup(title: "Training step") var step: StepOptions
    @OptionGroup(title: "Honest evaluation") var honest: HonestEvaluationOptions
    @OptionGroup(title: "Run length") var runOptions: TrainRunOptions
    @OptionGroup(title: "Outputs") var outputs: TrainOutputOptions
    @OptionGroup(title: "Transfer and resume") var resuming: TrainResumeOptions
    @OptionGroup(title: "Curvature during training") var curvature: TrainCurvatureOptions
    @OptionGroup(title: "Sharpness of the minimum found") var sharpness: SharpnessOptions

    func validate() throws {
        guard data != nil || resume != nil else { throw ValidationError("give the CSV file to train on (or --resume MODEL)") }
        guard valSplit >= 0 && valSplit < 1 else { throw ValidationError("--val-split must be in [0, 1), got \(valSplit)") }
        guard testSplit >= 0 && testSplit < 1 && valSplit + testSplit < 1 else {
            throw ValidationError("--test-split must be in [0, 1) with --val-split + --test-split < 1, got \(testSplit)")
        }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
        guard patience >= 1 else { throw ValidationError("--patience must be at least 1, got \(patience)") }
        guard minDelta >= 0 else { throw ValidationError("--min-delta must be ≥ 0, got \(minDelta)") }
        guard freeze >= 0 else { throw ValidationError("--freeze must be ≥ 0, got \(freeze)") }
        if freeze > 0 && initFrom == nil && resume == nil { throw ValidationError("--freeze needs --init-from MODEL (freezing random weights helps nobody)") }
        _ = try schedule.make(epochs: epochs ?? 200)
        if let curvatureEvery, curvatureEvery < 1 { throw ValidationError("--curvature-every must be at least 1, got \(curvatureEvery)") }
        guard curvatureSamples >= 1 else { throw ValidationError("--curvature-samples must be at least 1, got \(curvatureSamples)") }
        guard curvatureSteps >= 2 else { throw ValidationError("--curvature-steps must be at least 2, got \(curvatureSteps)") }
        if let subspaceK {
            guard subspaceK >= 1 else { throw ValidationError("--subspace-k must be at least 1, got \(subspaceK)") }
            guard curvatureEvery != nil else { throw ValidationError("--subspace-k K needs --curvature-every N (it is measured with the curvature)") }
        }
        if let reportEvery, reportEvery < 1 { throw ValidationError("--report-every must be at least 1, got \(reportEvery)") }
        if reportEvery != nil && report == nil { throw ValidationError("--report-every K needs --report FILE.html") }
        if let report {
            let target = URL(fileURLWithPath: report).standardizedFileURL.path
            let others = [data, val, test, out, history, plot, initFrom, resume].compactMap { $0 }
            if others.contains(where: { URL(fileURLWithPath: $0).standardizedFileURL.path == target }) {
                throw ValidationError("--report \(report) is also an input or another output; give it its own file name")
            }
        }
        if curvatureEvery == nil && (curvatureMin || curvatureTrace) {
            throw ValidationError("--curvature-min and --curvature-trace need --curvature-every K")
        }
    }

    func run() throws {
        try reportingErrors {
            Interrupt.install()
            try OpenBLASRuntime.configureThreads(requested: step.threads, environment: ProcessInfo.processInfo.environment)
            if let resume, let resumed = try resumedConfiguration(resume) {
                var command = self
                command.out = out ?? resume
                try Self.execute(command, precision: resumed.configuration.precision, arguments: resumed.arguments,
                                 resumed: resumed.configuration)
            } else {
                // A new run, or a resume of a checkpoint written before run configurations were
                // stored (v0.1): its command line is read back as flags.
                let command = try resume.map(resumedCommand) ?? self
                try Self.execute(command, precision: command.step.precision, arguments: command.storedArguments, resumed: nil)
            }
        }
    }

    /// Runs `command` in `precision`.
    static func execute(_ command: TrainCommand, precision: Precision, arguments: [String], resumed: RunConfiguration?) throws {
        switch precision {
        case .float: try TrainCommandRun<Float>(command: command, arguments: arguments, resumed: resumed).execute()
        case .double: try TrainCommandRun<Double>(command: command, arguments: arguments, resumed: resumed).execute()
        }
    }

    /// The configuration of the run saved in `path`, with this invocation's --epochs and data path
    /// when given, and the command line that started it; nil for a checkpoint without one.
    func resumedConfiguration(_ path: String) throws -> (configuration: RunConfiguration, arguments: [String])? {
        let file = try SafeTensorsFile.read(from: path)
        guard var configuration = try RunConfiguration.stored(in: file) else { return nil }
        try Self.refuseSettingsOnResume(given: storedArguments, path: path)
        if let epochs { configuration.settings.epochs = epochs }
        if let data { configuration.data.path = data }
        let arguments = file.metadata["train_arguments"].flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }
        return (configuration, arguments ?? storedArguments)
    }

    /// The data flags as a library preparation of the CSV file at `path`.
    func preparation(path: String) throws -> DataPreparation {
        DataPreparation(path: path, csv: try dataOptions.csvOptions(), columns: dataOptions.datasetOptions, preprocess: preprocess,
                        validationFraction: valSplit, testFraction: testSplit, validationPath: val, testPath: test)
    }

    /// The arguments this run was started with (after `train`), kept in the checkpoint as
    /// provenance (the report shows them); a resume rebuilds the run from its `RunConfiguration`,
    /// and reads these back only from checkpoints written before configurations were stored.
    var storedArguments: [String] {
        if let arguments = resumedArguments { return arguments }
        let all = CommandLine.arguments
        guard let index = all.firstIndex(of: "train") else { return [] }
        return Array(all[(index + 1)...])
    }

    /// Set on the command rebuilt for a resume: the original arguments.
    var resumedArguments: [String]?

    private enum CodingKeys: CodingKey {
        case data, dataOptions, splits, model, optim, schedule, step, honest, runOptions, outputs, resuming, curvature, sharpness
    }

    /// The flags a resume takes from this invocation; every other setting is the saved run's.
    static let resumeFlags: Set<String> = ["resume", "epochs", "out", "history", "plot", "report", "report-every", "json", "quiet", "threads",
                                           "bootstrap", "linear-baseline", "no-linear-baseline"]

    /// Refuses a flag that --resume would otherwise ignore (a resumed run keeps its saved settings).
    static func refuseSettingsOnResume(given arguments: [String], path: String) throws {
        let names = arguments.filter { $0.hasPrefix("--") }.map { String($0.dropFirst(2).prefix { $0 != "=" }) }
        let refused = names.filter { !resumeFlags.contains($0) }
        guard !refused.isEmpty else { return }
        throw CLIUsageError(description: "--resume \(path) continues the saved run with its own settings, so "
            + refused.map { "--\($0)" }.joined(separator: ", ") + " would be ignored. With --resume give only "
            + resumeFlags.sorted().map { "--\($0)" }.joined(separator: ", ")
            + "; to change settings, start a new run from its weights with --init-from \(path)")
    }

    /// The command of a run saved in `path` before run configurations were stored (v0.1): its
    /// stored command line parsed again, with this invocation's outputs, display, threads, data
    /// path and epochs (when given) taking precedence.
    func resumedCommand(_ path: String) throws -> TrainCommand {
        try Self.refuseSettingsOnResume(given: storedArguments, path: path)
        let file = try SafeTensorsFile.read(from: path)
        guard let text = file.metadata["train_arguments"],
              let arguments = try? JSONDecoder().decode([String].self, from: Data(text.utf8))
        else { throw CheckpointError.notADescentCheckpoint(path: path) }
        var command: TrainCommand
        do {
            command = try TrainCommand.parse(arguments)
        } catch {
            throw CheckpointError.badMetadata(key: "train_arguments", value: arguments.joined(separator: " "))
        }
        command.resumedArguments = arguments
        command.resume = path
        if let data { command.data = data }
        if let epochs { command.epochs = epochs }
        command.out = out ?? path
        if let history { command.history = history }
        if let plot { command.plot = plot }
        if let report { command.report = report }
        if let reportEvery { command.reportEvery = reportEvery }
        command.json = json
        command.quiet = quiet
        return command
    }
}
