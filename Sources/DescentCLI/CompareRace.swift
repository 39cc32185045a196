import ArgumentParser
import Descent
import Foundation
import Linalg

/// One run of a race: a contestant trained from one seed.
struct CompareRun {
    /// Which contestant.
    var contestant: String
    /// The seed (split, initial weights, batch order).
    var seed: UInt64
    /// The learning rate used.
    var learningRate: Double
    /// Epoch 0 (the initial weights, evaluated on the training and validation rows) then every epoch trained.
    var history: TrainingHistory
    /// Optimizer steps taken.
    var steps: Int
    /// Training rows per epoch.
    var trainingRows: Int
    /// Set when the run diverged: what happened.
    var divergence: TrainingDivergence?
    /// With --sharpness: the final model's sharpness and generalization gap.
    var sharpness: MinimumSharpness?

    /// The last epoch's record (epoch 0 when nothing was trained).
    var final: EpochRecord { history.records[history.records.count - 1] }
    /// Training seconds over all epochs.
    var seconds: Double { history.records.reduce(0) { $0 + $1.seconds } }
    /// Milliseconds per optimizer step.
    var millisecondsPerStep: Double { steps > 0 ? 1000 * seconds / Double(steps) : .nan }
    /// Training samples per second.
    var samplesPerSecond: Double { seconds > 0 ? Double(trainingRows * (history.records.count - 1)) / seconds : .nan }
    /// The highest validation accuracy of any epoch (classification with validation).
    var bestValidationAccuracy: Double? { history.records.dropFirst().compactMap(\.validationAccuracy).max() }
}

/// How a contestant's learning rate was chosen.
struct CompareRateChoice {
    /// The rate.
    var learningRate: Double
    /// "default", "given" or "tuned".
    var source: String
    /// With --tune-lr: each rate tried and the validation loss it reached (NaN when it diverged).
    var trials: [(learningRate: Double, validationLoss: Double)] = []
}

/// A `descent compare` race in one precision: tune rates, run every contestant from every seed,
/// report.
struct CompareRace<Scalar: BLASScalar> {
    let command: CompareCommand

    /// Runs it; throws `ExitCode` 130 on Ctrl-C after writing the finished runs.
    func execute() throws {
        if command.crossValidation.folds != nil { return try CompareFolds<Scalar>(command: command).execute() }
        let contestants = try command.contestants()
        let entries = try command.entries()
        let given = try command.learningRates()
        var prepared: [UInt64: PreparedData] = [:]
        let preparation = try command.preparation()
        func data(for seed: UInt64) throws -> PreparedData {
            if let cached = prepared[seed] { return cached }
            let fresh = try preparation.prepare(seed: seed)
            if prepared.isEmpty { for warning in DataWarnings.lines(for: fresh.dataset) { Diagnostics.print("descent: \(warning)") } }
            prepared[seed] = fresh
            return fresh
        }
        let first = try data(for: command.seedList[0])
        let spec = try command.model.spec(for: first)
        let report = CompareReport(command: command, classification: first.dataset.task == .classification,
                                   hasValidation: !first.split.validation.isEmpty)
        if !command.quiet && !command.json {
            Diagnostics.print("descent: \(command.data): \(Plural.count(first.dataset.rowCount, "row")), \(Plural.count(first.dataset.featureCount, "feature")); "
                + "training \(first.split.training.count), validation \(first.split.validation.count); "
                + "\(entries.map(\.name).joined(separator: ", ")) × \(Plural.count(command.seeds, "seed")) × \(Plural.count(command.epochs, "epoch")), "
                + "\(Scalar.self), OpenBLAS \(OpenBLASRuntime.coreName) × \(OpenBLASRuntime.threadCount) threads")
        }

        if let note = ResourceCheck.cappedBatch(command.step.batchSize, trainingRows: first.split.training.count).note { Diagnostics.print(note) }
        try preflight(contestants, spec: spec, prepared: first)
        var choices: [String: CompareRateChoice] = [:]
        for contestant in contestants {
            if let rate = given.byName[contestant.methodName] ?? given.common {
                choices[contestant.name] = CompareRateChoice(learningRate: rate, source: "given")
            } else if command.tuneLr > 0 {
                choices[contestant.name] = try tune(contestant, spec: spec, prepared: first)
            } else {
                choices[contestant.name] = CompareRateChoice(learningRate: contestant.learningRate, source: "default")
            }
        }

        var runs: [CompareRun] = []
        var progress = ProgressBar(enabled: !command.quiet && !command.json)
        for seed in command.seedList {
            let prepared = try data(for: seed)
            for entry in entries {
                let rate = choices[entry.contestant.name]!.learningRate
                let label = "\(entry.name) seed \(seed)"
                let outcome = try runOne(entry, learningRate: rate, seed: seed, epochs: command.epochs, spec: spec,
                                         prepared: prepared, measuresSharpness: command.sharpness.sharpness) { epoch, done, total in
                    progress.update(done: done, total: total, label: "\(label) epoch \(epoch)/\(command.epochs)")
                }
                progress.clear()
                guard let run = outcome else {
                    try report.write(runs: runs)
                    Diagnostics.print("descent: interrupted during \(label); the finished runs are written"
                        + ([command.history, command.plot].contains { $0 != nil } ? "" : " (no --history or --plot given)"))
                    throw ExitCode(Interrupt.exitStatus)
                }
                runs.append(run)
                if let divergence = run.divergence {
                    Diagnostics.print("descent: \(label): \(ErrorAdvice.message(for: divergence)); left out of the means")
                } else if !command.quiet && !command.json {
                    Diagnostics.print(report.line(for: run))
                }
            }
        }
        try report.write(runs: runs)
        try StandardOutput.line(command.json ? try report.json(runs: runs, entries: entries, choices: choices)
                           : report.table(runs: runs, entries: entries, choices: choices))
    }

    /// Trains `entry` from `seed` for `epochs` epochs; nil when interrupted. With
    /// `measuresSharpness`, a run that did not diverge has its final model's sharpness measured.
    /// `progress(epoch, done, total)` after each step (after each epoch for a full-batch method).
    func runOne(_ entry: CompareEntry, learningRate: Double, seed: UInt64, epochs: Int, spec: NetworkSpec,
                prepared: PreparedData, measuresSharpness: Bool = false,
                progress: @escaping (Int, Int, Int) -> Void = { _, _, _ in }) throws -> CompareRun? {
        let run = try trainingRun(entry.contestant, learningRate: learningRate, seed: seed, epochs: epochs, spec: spec, prepared: prepared,
                                  batchSize: entry.batchSize)
        let initial = run.initialRecord()
        let result = try run.run(observer: CompareObserver(progress: progress))
        if case .interrupted = result.ending { return nil }
        var compareRun = CompareRun(contestant: entry.name, seed: seed, learningRate: learningRate,
                                    history: TrainingHistory(records: [initial] + result.history.records), steps: result.steps,
                                    trainingRows: prepared.split.training.count)
        if case let .diverged(divergence) = result.ending {
            compareRun.divergence = divergence
        } else if measuresSharpness {
            compareRun.sharpness = try command.sharpness.measure(run.network, data: prepared, seed: seed)
        }
        return compareRun
    }

    /// The library run of `contestant` at `learningRate` from `seed`: every run trains all
    /// `epochs` (no early stopping), with the step and schedule flags.
    func trainingRun(_ contestant: TrainingMethod, learningRate: Double, seed: UInt64, epochs: Int, spec: NetworkSpec,
                     prepared: PreparedData, batchSize: Int? = nil) throws -> TrainingRun<Scalar> {
        let settings = try trainingSettings(epochs: epochs, batchSize: batchSize)
        let capped = TrainingRun<Scalar>.cappedBatchSize(settings.batchSize, trainingRows: prepared.split.training.count)
        try ResourceCheck.training(spec, batchSize: capped, scalarBytes: MemoryLayout<Scalar>.size)
        return try TrainingRun(data: prepared, spec: spec, method: contestant.withLearningRate(learningRate),
                               settings: settings, seed: seed)
    }

    /// The settings of every run: all `epochs` (no early stopping), the step and schedule flags,
    /// `batchSize` when batch sizes are raced.
    func trainingSettings(epochs: Int, batchSize: Int?) throws -> TrainingSettings {
        var settings = TrainingSettings()
        settings.epochs = epochs
        command.step.apply(to: &settings)
        if let batchSize { settings.batchSize = batchSize }
        (settings.schedule, settings.plateau) = try command.schedule.make(epochs: epochs)
        settings.scheduleUnit = command.schedule.scheduleUnit
        settings.earlyStopping = nil
        return settings
    }

    /// The rates --tune-lr tries: `count` rates log-spaced over default·10^−1.5 … default·10^1.5
    /// (just the default for a count of 1).
    static func tuningRates(default rate: Double, count: Int) -> [Double] {
        guard count > 1 else { return [rate] }
        return (0..<count).map { rate * pow(10, -1.5 + 3 * Double($0) / Double(count - 1)) }
    }

    /// Tries each tuning rate for --tune-epochs epochs on the first seed; keeps the lowest final
    /// validation loss (a diverged trial never wins).
    func tune(_ contestant: TrainingMethod, spec: NetworkSpec, prepared: PreparedData) throws -> CompareRateChoice {
        let epochs = command.tuneEpochs ?? min(5, command.epochs)
        var choice = CompareRateChoice(learningRate: contestant.learningRate, source: "tuned")
        var best = Double.infinity
        for rate in Self.tuningRates(default: contestant.learningRate, count: command.tuneLr) {
            guard let run = try runOne(CompareEntry(contestant: contestant, batchSize: nil), learningRate: rate, seed: command.seedList[0], epochs: epochs, spec: spec,
                                       prepared: prepared) else { throw ExitCode(Interrupt.exitStatus) }
            let loss = run.divergence == nil ? (run.final.validationLoss ?? .nan) : .nan
            choice.trials.append((rate, loss))
            if loss < best {
                best = loss
                choice.learningRate = rate
            }
        }
        if !command.quiet && !command.json {
            Diagnostics.print("descent: \(contestant.name): tuned lr \(String(format: "%.3g", choice.learningRate)) "
                + "(validation loss \(String(format: "%.4f", best)) after \(Plural.count(epochs, "epoch")); tried "
                + choice.trials.map { String(format: "%.3g", $0.learningRate) }.joined(separator: ", ") + ")")
        }
        return choice
    }
}
