import ArgumentParser
import Descent
import Foundation

/// How one trial ended, as the search sees it.
enum TrialOutcome: Sendable {
    /// A result to record (finished, diverged or failed).
    case result(TrialResult)
    /// The trial was stopped by Ctrl-C: nothing to record.
    case interrupted
    /// `descent train` rejected its flags or data (exit 64 or 65): every trial would, so the search stops.
    case rejected(status: Int32, message: String)
}

/// Runs trials as `descent train DATA FLAGS… --json --quiet` processes of this same binary, and
/// reads each one's summary line.
struct TrialLauncher: Sendable {
    /// This executable.
    let executable: URL
    /// The plan: data, pass-through flags, seed.
    let plan: SearchStudyPlan
    /// The environment of the trial processes.
    let environment: [String: String]
    /// The data file's hash and the Descent version, written into every record.
    var provenance: TrialProvenance?
    /// Where a trial keeps its model and resume state while it runs (a study directory's
    /// checkpoints): a trial stopped by a signal continues from there when run again. Nil: none.
    var checkpoint: (@Sendable (SearchTrial) -> String)?

    /// A launcher of `plan`'s trials; with `jobs` > 1, each process gets ⌊cores/jobs⌋ OpenBLAS
    /// threads (at least 1) unless `--threads` or DESCENT_THREADS says otherwise.
    init(plan: SearchStudyPlan, jobs: Int) {
        executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        self.plan = plan
        var environment = ProcessInfo.processInfo.environment
        let threadsGiven = plan.trainArguments.contains { $0 == "--threads" || $0.hasPrefix("--threads=") }
        if jobs > 1 && !threadsGiven && environment["DESCENT_THREADS"] == nil {
            environment["DESCENT_THREADS"] = String(max(1, ProcessInfo.processInfo.activeProcessorCount / jobs))
        }
        // A trial takes a signal that reaches it twice at once (a scheduler signals every process of
        // a job, and the search passes it on) as one: see Interrupt.install.
        environment[Interrupt.trialVariable] = "1"
        self.environment = environment
    }

    /// The train arguments after the data file (see ``SearchStudyPlan/arguments(for:epochs:)``).
    func arguments(for trial: SearchTrial, epochs: Int) -> [String] {
        plan.arguments(for: trial, epochs: epochs)
    }

    /// A trial is ranked by its validation loss: the summary's linear baseline (a second training)
    /// and bootstrap intervals would only slow it down.
    static let reporting = ["--json", "--quiet", "--no-linear-baseline", "--bootstrap", "0"]

    /// The `descent train` words of a run of `trial`: fresh, or `--resume` from its checkpoint when
    /// a stopped run left one (with the pass-through `--threads`, which a resume takes anew).
    func processArguments(for trial: SearchTrial, epochs: Int) -> (words: [String], checkpoint: String?) {
        let fresh = ["train", plan.data] + arguments(for: trial, epochs: epochs) + Self.reporting
        // A --folds trial trains K models and saves no resume state: it has no checkpoint.
        let folds = plan.trainArguments.contains { $0 == "--folds" || $0.hasPrefix("--folds=") }
        guard !folds, let path = checkpoint?(trial) else { return (fresh, nil) }
        let resume = ResumeFiles.resumePath(for: path)
        guard FileManager.default.fileExists(atPath: path), FileManager.default.fileExists(atPath: resume) else {
            ResumeFiles.remove(path)
            return (fresh + ["--out", path], path)
        }
        var threads: [String] = []
        if let index = plan.trainArguments.firstIndex(of: "--threads"), index + 1 < plan.trainArguments.count {
            threads = ["--threads", plan.trainArguments[index + 1]]
        } else if let word = plan.trainArguments.first(where: { $0.hasPrefix("--threads=") }) {
            threads = [word]
        }
        // A resume writes back to the model it continues (its --out defaults to it).
        return (["train", "--resume", path, "--epochs", String(epochs)] + threads + Self.reporting, path)
    }

    /// Checks, without training, that `descent train` accepts every trial's flags; the error names
    /// the trial's values and the train flag at fault.
    func check(_ trials: [SearchTrial], epochs: Int) throws {
        for trial in trials {
            let values = trial.values.map { "\($0.name)=\(SearchSummary.short($0.value))" }.joined(separator: " ")
            let command: TrainCommand
            do {
                command = try TrainCommand.parse([plan.data] + arguments(for: trial, epochs: epochs))
            } catch {
                throw CLIUsageError(description: "descent train rejects the flags of trial \(trial.index) (\(values)): \(TrainCommand.message(for: error))")
            }
            do {
                try ResourceCheck.trial(command)
            } catch {
                throw CLIUsageError(description: "trial \(trial.index) (\(values)): \(error); narrow the --param ranges")
            }
        }
    }

    /// Trains `trial` for at most `epochs` epochs and waits for it; `space` is the round's space as written.
    func run(_ trial: SearchTrial, epochs: Int, space: [String]) -> TrialOutcome {
        let arguments = arguments(for: trial, epochs: epochs)
        let (words, checkpointPath) = processArguments(for: trial, epochs: epochs)
        if let checkpointPath, words.contains("--resume") {
            Diagnostics.print("descent: trial \(trial.index) of round \(trial.round) continues from its checkpoint \(checkpointPath)")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = words
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let start = Date()
        func record(_ status: TrialResult.Status, error: String? = nil) -> TrialResult {
            TrialResult(trial: trial, status: status, maxEpochs: epochs, seconds: Date().timeIntervalSince(start),
                        space: space, arguments: arguments, error: error, provenance: provenance)
        }
        do {
            try process.run()
        } catch {
            return .result(record(.failed, error: "cannot start \(executable.path): \(error)"))
        }
        // Registered so a signal to the search reaches it (and a second one kills it); a signal that
        // came just before the registration is passed on at once.
        Interrupt.addChild(process.processIdentifier)
        defer { Interrupt.removeChild(process.processIdentifier) }
        if let signal = Interrupt.receivedSignal { kill(process.processIdentifier, signal) }
        let (outputData, errorData) = ChildOutput.collect(process, out: out, err: err)
        let lines = String(decoding: outputData, as: UTF8.self).split(separator: "\n")
        let stderrText = String(decoding: errorData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let lastError = stderrText.split(separator: "\n").last.map(String.init) ?? ""
        if let checkpointPath, ![ExitStatus.interrupted, ExitStatus.terminated].contains(process.terminationStatus) {
            ResumeFiles.remove(checkpointPath)  // the trial ended: its record is what stays
        }
        if process.terminationReason == .uncaughtSignal && Interrupt.requested {
            return .interrupted  // stopped by the signal passed on before it could install its handler
        }
        switch process.terminationStatus {
        case ExitStatus.success:
            if let folds = TrainOutput.crossValidation(inOutput: lines) { return .result(Self.crossValidated(folds, record(.finished))) }
            guard let summary = TrainOutput.summary(inOutput: lines) else {
                return .result(record(.failed, error: "no summary line from descent train"))
            }
            var result = record(.finished)
            result.validationLoss = summary.validation?.loss
            result.validationAccuracy = summary.validation?.accuracy
            result.trainingLoss = summary.train?.loss
            result.epochs = summary.epochs
            result.bestEpoch = summary.bestEpoch
            return .result(result)
        case ExitStatus.diverged:
            var result = record(.diverged, error: lastError.isEmpty ? nil : lastError)
            result.epochs = TrainOutput.epochLineCount(inOutput: lines)
            return .result(result)
        case ExitStatus.interrupted, ExitStatus.terminated:
            return .interrupted
        case ExitStatus.usage, ExitStatus.data:
            return .rejected(status: process.terminationStatus, message: stderrText)
        default:
            return .result(record(.failed, error: "exit \(process.terminationStatus): \(lastError)"))
        }
    }
}

extension TrialLauncher {
    /// A `--folds K` trial's record: the mean of the ranking metric (log-loss, or RMSE for
    /// regression) as its validation loss, with the standard error over the folds; the mean
    /// accuracy; the folds' mean best epoch. Failed when the folds report neither metric.
    static func crossValidated(_ folds: CrossValidationLine, _ finished: TrialResult) -> TrialResult {
        var result = finished
        guard let metric = folds.rankingMetric, let statistics = folds.metrics[metric], statistics.mean.isFinite else {
            result.status = .failed
            result.error = "the cross-validation line of descent train has no finite log_loss or rmse"
            return result
        }
        result.validationLoss = statistics.mean
        result.validationAccuracy = folds.metrics["accuracy"]?.mean
        result.bestEpoch = folds.metrics["best_epoch"].map { Int($0.mean.rounded()) }
        result.crossValidation = TrialCrossValidation(folds: folds.folds, metric: metric, standardError: statistics.standardError)
        return result
    }
}

/// A trial's checkpoint pair: the model file and its resume state beside it.
enum ResumeFiles {
    /// The resume state's path for the model at `path` (as `descent train --out` names it).
    static func resumePath(for path: String) -> String { CheckpointPair.resumePath(forModel: path) }

    /// Removes both files (absent ones are fine).
    static func remove(_ path: String) {
        _ = unlink(path)
        _ = unlink(resumePath(for: path))
    }
}
