import ArgumentParser
import Descent
import Foundation
import Linalg

/// `descent train --folds K`: the flags turned into the library's `CrossValidation.run`, its
/// result printed (text table or JSON lines) and --history written; errors mapped to exit codes.
struct TrainCrossValidation<Scalar: BLASScalar> {
    let command: TrainCommand
    let arguments: [String]

    func execute() throws {
        try refuseIncompatibleFlags()
        guard let path = command.data, let k = command.honest.folds else { return }
        let folds = try TrainingRunFlags.mapping(flag: "--folds") {
            try FoldPreparation(try command.preparation(path: path), foldCount: k, groupColumn: command.honest.group, seed: command.seed)
        }
        let parallelism = min(OpenBLASRuntime.threadCount, k)
        if !command.quiet && !command.json { announce(folds, path: path, parallelism: parallelism) }
        let observer = FoldProgress(foldCount: k, parallel: parallelism > 1, enabled: !command.quiet && !command.json)
        let result = try Self.mappingErrors {
            try CrossValidation.run(folds, configuration: try configuration(folds), plan: try plan(parallelism: parallelism), observer: observer)
        }
        if command.json {
            for (fold, epochs) in zip(result.summary.folds, result.completedEpochs) { try StandardOutput.line(try FoldLineRecord(fold, epochs: epochs).jsonLine()) }
        }
        try writeHistory(observer.histories(), result: result)
        try report(result)
    }

    /// "descent: iris.csv: 150 rows in 5 folds of 30, …, stratified; 2 folds at a time".
    func announce(_ folds: FoldPreparation, path: String, parallelism: Int) {
        let grouping = folds.groups.map { " (grouped by \(command.honest.group ?? ""): \(Set($0).count) groups)" } ?? ", stratified"
        Diagnostics.print("descent: \(path): \(Plural.count(folds.dataset.rowCount, "row")) in \(folds.assignment.foldCount) folds of "
            + folds.assignment.foldSizes.map(String.init).joined(separator: ", ") + " rows" + grouping
            + (parallelism > 1 ? "; \(parallelism) folds at a time (one BLAS thread each)" : ""))
    }

    /// The run every fold trains: the flags' network (shaped by the data), method, settings and
    /// seed; refused before any fold starts when one run's buffers would not fit in memory.
    func configuration(_ folds: FoldPreparation) throws -> RunConfiguration {
        let all = try folds.all()
        let runner = TrainCommandRun<Scalar>(command: command, arguments: arguments, resumed: nil)
        let settings = try runner.trainingSettings(trainingRows: folds.assignment.trainingRows(fold: 0).count)
        let configuration = RunConfiguration(data: folds.preparation, spec: try command.model.spec(for: all), method: try command.optim.method(),
                                             settings: settings, seed: command.seed, precision: Precision(of: Scalar.self))
        let batch = TrainingRun<Scalar>.cappedBatchSize(settings.batchSize, trainingRows: folds.assignment.trainingRows(fold: 0).count)
        try ResourceCheck.training(configuration.spec, batchSize: batch, scalarBytes: MemoryLayout<Scalar>.size)
        return configuration
    }

    /// --threads folds at a time, --class-weight, and --out (the fold models, or the --refit model).
    func plan(parallelism: Int) throws -> CrossValidationPlan {
        CrossValidationPlan(parallelism: parallelism, classWeighting: try command.honest.weighting(), modelPath: command.out,
                            refit: command.honest.refit,
                            metadata: ["train_arguments": String(decoding: try JSONEncoder().encode(arguments), as: UTF8.self)])
    }

    /// Runs `body`, turning a fold's divergence or interruption into its message and exit code,
    /// and class-weight errors into a usage error naming --class-weight.
    static func mappingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try TrainingRunFlags.mapping(flag: "--optimizer", body)
        } catch let error as CrossValidationError {
            switch error {
            case .diverged:
                Diagnostics.print("descent: \(error); cross-validation results and models are not written. Try a smaller --lr")
                throw ExitCode(ExitStatus.diverged)
            case .interrupted:
                Diagnostics.print("descent: interrupted by \(Interrupt.signalName): \(error); cross-validation results and models are not written")
                throw ExitCode(Interrupt.exitStatus)
            }
        } catch let error as EvaluationError {
            throw CLIUsageError(description: "--class-weight: \(error)")
        }
    }

    /// Flags that make no sense with --folds (each fold's test rows are the held-out fold), and
    /// outputs that would overwrite an input or each other.
    func refuseIncompatibleFlags() throws {
        let refused: [(String, Bool)] = [("--resume", command.resume != nil), ("--val", command.val != nil), ("--test", command.test != nil),
                                         ("--test-split", command.testSplit > 0), ("--plot", command.plot != nil), ("--report", command.report != nil),
                                         ("--curvature-every", command.curvatureEvery != nil), ("--init-from", command.initFrom != nil)]
        if let flag = refused.first(where: { $0.1 })?.0 {
            throw CLIUsageError(description: "--folds: \(flag) is not supported with cross-validation (each fold's scored rows are the held-out fold); drop one of them")
        }
        let plan = CrossValidationPlan(modelPath: command.out, refit: command.honest.refit)
        let modelPaths = plan.modelPaths(foldCount: command.honest.folds ?? 0)
        var outputs: [(String, String?)] = modelPaths.map { ("--out", $0) } + modelPaths.map { ("--out's resume state", CheckpointPair.resumePath(forModel: $0)) }
        outputs += [("--history", command.history), ("--history's fold assignment", command.history.map(Self.assignmentPath))]
        try OutputCheck.verify(outputs: outputs, inputs: [("DATA", command.data)])
    }

    /// "history.csv" → "history.folds.csv": each data row's file line and fold.
    static func assignmentPath(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension.isEmpty ? "csv" : url.pathExtension
        return url.deletingPathExtension().path + ".folds." + ext
    }
}
