import ArgumentParser
import Descent
import Foundation
import Linalg

/// `descent compare`: race optimizers on one CSV table, fairly, over several seeds.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Race optimizers on a CSV table: same initial weights and minibatch order per seed, mean ± std over seeds.",
        discussion: """
        Fair by construction: for each seed, every optimizer starts from the same initial weights, sees the same \
        minibatches in the same order and is validated on the same split — the run of (optimizer, seed) is \
        exactly `descent train --optimizer O --seed S --no-early-stopping` with the same flags. Every run trains \
        all --epochs (no early stopping) so the curves line up. Seeds are --seed, --seed+1, … (--seeds of them).

        Second-order contestants: lbfgs (--lbfgs-iterations iterations with strong-Wolfe line search per \
        epoch, history 10) and newton (θ ← θ − lr·(H + δI)⁻¹g on the full Hessian, δ = --damping) are full \
        batch: one update per epoch over all training rows, so the minibatch order does not apply to them, but \
        they start from the same initial weights as the others. Their default lr is 1 (the full step); they \
        refuse --batch-norm and --dropout, and newton refuses a network whose Hessian exceeds a quarter of \
        the memory. Schedules and clipping do not apply to them.

        Learning rates: each rule's default (adam 1e-3, adamw 1e-3, lbfgs and newton 1, the others 1e-2); one value for all (--lr \
        0.01); per rule (--lr sgd=0.1,adam=3e-3); or tuned (--tune-lr 7): 7 rates log-spaced over 10^±1.5 around \
        the rule's default, --tune-epochs epochs each on the first seed, keeping the lowest validation loss. \
        Rates given with --lr are not tuned. The rate used, and where it came from, is in the table and the \
        JSON.

        Results on standard output: a table of mean ± std over seeds (final training and validation loss and \
        accuracy — RMSE for regression —, best validation accuracy, epochs and seconds to --target-loss, ms per \
        step, samples/s), or one JSON object with --json. A run that diverges is reported and left out of the \
        means. --history FILE.csv: every epoch of every run (epoch 0 = the initial weights); --plot FILE.svg: \
        the median curve and min–max band per optimizer, loss against epochs and against seconds.

        Cross-validation (--folds K, --group COLUMN): instead of seeds, every rule trains on the same K folds from \
        --seed (each fold's model on the other K − 1, all --epochs) and is scored on the fold left out: per-fold \
        scores, mean ± sd, and for each pair of rules Nadeau and Bengio's corrected resampled t-test over the folds \
        (the folds' training sets overlap, so the plain paired t is too confident); a pair with p ≥ 0.05 is within \
        the fold-to-fold spread. The JSON holds every fold's scores and the fold of every row.

        Exit codes (the table of `descent --help`): 0 even if some runs diverged; on Ctrl-C (130) or SIGTERM (143) \
        the finished runs are written first.

        Examples:
          descent compare examples/iris.csv --seeds 5 --epochs 50 --plot race.svg
          descent compare data.csv --optimizers sgd,momentum,adam \\
            --lr sgd=0.1,momentum=0.05 --target-loss 0.2
          descent compare examples/iris.csv --optimizers adam,lbfgs,newton \\
            --layers 16 --seeds 3 --epochs 20
          descent compare examples/wine.csv --tune-lr 7 --history runs.csv --json \\
            > race.json
          descent compare examples/wine.csv --optimizers sgd,adam --folds 5
        """
    )

    @Argument(help: "The CSV file to race on.")
    var data: String

    @OptionGroup(title: "Contestants") var contestantOptions: CompareContestantOptions
    @OptionGroup(title: "Run") var runOptions: CompareRunOptions
    @OptionGroup(title: "Data") var dataOptions: DataOptions
    @OptionGroup(title: "Splits and scaling") var splits: CompareSplitOptions
    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Learning-rate schedule") var schedule: ScheduleOptions
    @OptionGroup(title: "Training step") var step: StepOptions
    @OptionGroup(title: "Cross-validation") var crossValidation: CompareFoldOptions
    @OptionGroup(title: "Sharpness of the minimum found") var sharpness: SharpnessOptions
    @OptionGroup(title: "Outputs") var outputs: CompareOutputOptions

    func validate() throws {
        _ = try contestants()
        _ = try learningRates()
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
        guard damping.isFinite && damping >= 0 else { throw ValidationError("--damping must be a finite number ≥ 0, got \(damping)") }
        guard lbfgsIterations >= 1 else { throw ValidationError("--lbfgs-iterations must be at least 1, got \(lbfgsIterations)") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
        guard tuneLr >= 0 else { throw ValidationError("--tune-lr must be ≥ 0, got \(tuneLr)") }
        if let tuneEpochs, tuneEpochs < 1 { throw ValidationError("--tune-epochs must be at least 1, got \(tuneEpochs)") }
        if tuneLr > 0 && valSplit == 0 && val == nil {
            throw ValidationError("--tune-lr picks rates by validation loss: give --val-split > 0 or --val FILE")
        }
        guard valSplit >= 0 && valSplit < 1 else { throw ValidationError("--val-split must be in [0, 1), got \(valSplit)") }
        if let targetLoss, !targetLoss.isFinite { throw ValidationError("--target-loss must be a finite number, got \(targetLoss)") }
        _ = try schedule.make(epochs: epochs)
        if let sizes = try batchSizeList(), let full = try contestants().first(where: { $0.secondOrder != nil }) {
            throw ValidationError("--batch-sizes \(sizes.map(String.init).joined(separator: ",")): \(full.name) is full batch; race first-order rules by batch size")
        }
    }

    /// The sizes of --batch-sizes (nil when not given): at least one, each ≥ 1, no repeats.
    func batchSizeList() throws -> [Int]? {
        guard let batchSizes else { return nil }
        let parts = DataOptions.list(batchSizes)
        let sizes = parts.compactMap { Int($0) }
        guard !parts.isEmpty, sizes.count == parts.count, sizes.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--batch-sizes takes whole numbers ≥ 1 separated by commas, e.g. 16,256; got '\(batchSizes)'")
        }
        guard Set(sizes).count == sizes.count else { throw ValidationError("--batch-sizes names a size twice: '\(batchSizes)'") }
        return sizes
    }

    /// What is raced: each rule, or each rule at each --batch-sizes size.
    func entries() throws -> [CompareEntry] {
        let rules = try contestants()
        guard let sizes = try batchSizeList() else { return rules.map { CompareEntry(contestant: $0, batchSize: nil) } }
        return rules.flatMap { rule in sizes.map { CompareEntry(contestant: rule, batchSize: $0) } }
    }

    /// The contestants of --optimizers, in order, without repeats, each at its default rate
    /// (second-order methods with --damping and --lbfgs-iterations).
    func contestants() throws -> [TrainingMethod] {
        try MethodFlags.names(optimizers).map { $0.method(damping: damping, iterationsPerEpoch: lbfgsIterations) }
    }

    /// The rates of --lr: a common rate (for every contestant, second-order ones included) and rates by name.
    func learningRates() throws -> LearningRateChoice {
        try MethodFlags.rates(lr, listed: try contestants().map(\.methodName))
    }

    /// The seeds, in order.
    var seedList: [UInt64] { (0..<UInt64(seeds)).map { seed &+ $0 } }

    /// The data flags as a library preparation (no test part: a race compares training and validation).
    func preparation() throws -> DataPreparation {
        DataPreparation(path: data, csv: try dataOptions.csvOptions(), columns: dataOptions.datasetOptions, preprocess: preprocess,
                        validationFraction: valSplit, testFraction: 0, validationPath: val)
    }

    func run() throws {
        try reportingErrors {
            try OutputCheck.verify(outputs: [("--history", history), ("--plot", plot)], inputs: [("DATA", data), ("--val", val)])
            Interrupt.install()
            try OpenBLASRuntime.configureThreads(requested: step.threads, environment: ProcessInfo.processInfo.environment)
            switch step.precision {
            case .float: try CompareRace<Float>(command: self).execute()
            case .double: try CompareRace<Double>(command: self).execute()
            }
        }
    }
}
