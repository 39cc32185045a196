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
    /// The CSV file.
    let data: String
    /// The pass-through train flags.
    let passThrough: [String]
    /// The seed every trial trains with.
    let seed: UInt64
    /// The environment of the trial processes.
    let environment: [String: String]
    /// The data file's hash and the Descent version, written into every record.
    var provenance: TrialProvenance?

    /// A launcher of `command`'s trials; with `--jobs K` > 1, each process gets ⌊cores/K⌋ OpenBLAS
    /// threads (at least 1) unless `--threads` or DESCENT_THREADS says otherwise.
    init(command: SearchRunCommand) {
        executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        data = command.data
        passThrough = command.trainArguments
        seed = command.seed
        var environment = ProcessInfo.processInfo.environment
        let threadsGiven = command.trainArguments.contains { $0 == "--threads" || $0.hasPrefix("--threads=") }
        if command.jobs > 1 && !threadsGiven && environment["DESCENT_THREADS"] == nil {
            environment["DESCENT_THREADS"] = String(max(1, ProcessInfo.processInfo.activeProcessorCount / command.jobs))
        }
        self.environment = environment
    }

    /// The train arguments after the data file: pass-through flags, the seed and epoch budget, then
    /// the trial's values (last, so a searched `--epochs` or `--seed` wins).
    func arguments(for trial: SearchTrial, epochs: Int) -> [String] {
        passThrough + ["--seed", String(seed), "--epochs", String(epochs)] + trial.arguments
    }

    /// Checks, without training, that `descent train` accepts every trial's flags; the error names
    /// the trial's values and the train flag at fault.
    func check(_ trials: [SearchTrial], epochs: Int) throws {
        for trial in trials {
            let values = trial.values.map { "\($0.name)=\(SearchSummary.short($0.value))" }.joined(separator: " ")
            let command: TrainCommand
            do {
                command = try TrainCommand.parse([data] + arguments(for: trial, epochs: epochs))
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
        let process = Process()
        process.executableURL = executable
        process.arguments = ["train", data] + arguments + ["--json", "--quiet"]
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
        // Read both pipes before waiting, so a chatty child cannot fill one and block.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let lines = String(decoding: outputData, as: UTF8.self).split(separator: "\n")
        let stderrText = String(decoding: errorData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let lastError = stderrText.split(separator: "\n").last.map(String.init) ?? ""
        if process.terminationReason == .uncaughtSignal && Interrupt.requested {
            return .interrupted  // stopped by the signal passed on before it could install its handler
        }
        switch process.terminationStatus {
        case ExitStatus.success:
            guard let summary = lines.last.flatMap(Self.object), summary["type"] as? String == "summary" else {
                return .result(record(.failed, error: "no summary line from descent train"))
            }
            var result = record(.finished)
            result.validationLoss = (summary["val_loss"] as? NSNumber)?.doubleValue
            result.validationAccuracy = (summary["val_accuracy"] as? NSNumber)?.doubleValue
            result.trainingLoss = (summary["train_loss"] as? NSNumber)?.doubleValue
            result.epochs = summary["epochs"] as? Int
            result.bestEpoch = summary["best_epoch"] as? Int
            return .result(result)
        case ExitStatus.diverged:
            var result = record(.diverged, error: lastError.isEmpty ? nil : lastError)
            result.epochs = lines.compactMap(Self.object).filter { $0["epoch"] != nil }.count
            return .result(result)
        case ExitStatus.interrupted, ExitStatus.terminated:
            return .interrupted
        case ExitStatus.usage, ExitStatus.data:
            return .rejected(status: process.terminationStatus, message: stderrText)
        default:
            return .result(record(.failed, error: "exit \(process.terminationStatus): \(lastError)"))
        }
    }

    /// A line parsed as a JSON object.
    private static func object(_ line: Substring) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }
}
