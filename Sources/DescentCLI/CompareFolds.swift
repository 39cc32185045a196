import ArgumentParser
import Descent
import Foundation
import Linalg

/// One raced entry of `descent compare --folds`: its rate, and its cross-validation (nil when a
/// fold diverged: then why).
struct CompareFoldsEntry {
    var name: String
    var learningRate: Double
    /// "default" or "given".
    var rateSource: String
    var batchSize: Int?
    var result: CrossValidationResult?
    var divergence: String?
}

/// `descent compare --folds K`: every entry cross-validated by the library on the same K folds
/// (dealt once from --seed), one entry after another, its folds in parallel within --threads.
struct CompareFolds<Scalar: BLASScalar> {
    let command: CompareCommand

    func execute() throws {
        try refuseIncompatibleFlags()
        guard let k = command.crossValidation.folds else { return }
        let folds = try TrainingRunFlags.mapping(flag: "--folds") {
            try FoldPreparation(try command.preparation(), foldCount: k, groupColumn: command.crossValidation.group, seed: command.seed)
        }
        for warning in DataWarnings.lines(for: folds.dataset) { Diagnostics.print("descent: \(warning)") }
        let all = try folds.all()
        let spec = try command.model.spec(for: all)
        let race = CompareRace<Scalar>(command: command)
        try race.preflight(try command.contestants(), spec: spec, prepared: all)
        let parallelism = min(OpenBLASRuntime.threadCount, k)
        let entries = try command.entries()
        if !command.quiet && !command.json {
            Diagnostics.print("descent: \(command.data): \(Plural.count(folds.dataset.rowCount, "row")) in \(k) folds of "
                + folds.assignment.foldSizes.map(String.init).joined(separator: ", ") + "; \(entries.map(\.name).joined(separator: ", ")) × "
                + "\(k) folds × \(Plural.count(command.epochs, "epoch")), \(Scalar.self), \(parallelism) fold\(parallelism == 1 ? "" : "s") at a time")
        }
        var results: [CompareFoldsEntry] = []
        for entry in entries {
            results.append(try crossValidate(entry, folds: folds, spec: spec, race: race, parallelism: parallelism))
        }
        let report = CompareFoldsReport(command: command, folds: folds, entries: results)
        try StandardOutput.line(command.json ? try report.json() : report.text())
    }

    /// `entry` on the folds; a divergence is reported and the entry left out of the tests.
    func crossValidate(_ entry: CompareEntry, folds: FoldPreparation, spec: NetworkSpec, race: CompareRace<Scalar>,
                       parallelism: Int) throws -> CompareFoldsEntry {
        let given = try command.learningRates()
        let rate = given.byName[entry.contestant.methodName] ?? given.common
        var outcome = CompareFoldsEntry(name: entry.name, learningRate: rate ?? entry.contestant.learningRate,
                                        rateSource: rate == nil ? "default" : "given", batchSize: entry.batchSize)
        let configuration = RunConfiguration(data: folds.preparation, spec: spec, method: entry.contestant.withLearningRate(outcome.learningRate),
                                             settings: try race.trainingSettings(epochs: command.epochs, batchSize: entry.batchSize),
                                             seed: command.seed, precision: Precision(of: Scalar.self))
        let batch = TrainingRun<Scalar>.cappedBatchSize(configuration.settings.batchSize, trainingRows: folds.assignment.trainingRows(fold: 0).count)
        try ResourceCheck.training(spec, batchSize: batch, scalarBytes: MemoryLayout<Scalar>.size)
        let observer = FoldProgress(foldCount: folds.assignment.foldCount, parallel: parallelism > 1,
                                    enabled: !command.quiet && !command.json, prefix: "\(entry.name) ")
        do {
            outcome.result = try CrossValidation.run(folds, configuration: configuration, plan: CrossValidationPlan(parallelism: parallelism),
                                                     observer: observer)
        } catch let CrossValidationError.diverged(fold, divergence) {
            outcome.divergence = "fold \((fold ?? 0) + 1): \(divergence)"
            Diagnostics.print("descent: \(entry.name) \(outcome.divergence ?? ""); left out of the means and tests. Try a smaller --lr")
        } catch let error as CrossValidationError {
            Diagnostics.print("descent: interrupted by \(Interrupt.signalName) during \(entry.name): \(error); nothing is written")
            throw ExitCode(Interrupt.exitStatus)
        }
        return outcome
    }

    /// Flags of a race over seeds that a race over folds does not take.
    func refuseIncompatibleFlags() throws {
        let refused: [(String, Bool)] = [("--seeds", (command.runOptions.seeds ?? 1) != 1), ("--tune-lr", command.tuneLr > 0),
                                         ("--val", command.val != nil), ("--history", command.history != nil), ("--plot", command.plot != nil),
                                         ("--target-loss", command.targetLoss != nil), ("--sharpness", command.sharpness.sharpness)]
        if let flag = refused.first(where: { $0.1 })?.0 {
            throw CLIUsageError(description: "--folds: \(flag) is not supported when racing over folds (each rule is scored on the held-out folds of --seed); drop one of them")
        }
    }
}
