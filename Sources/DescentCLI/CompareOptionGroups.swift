import ArgumentParser
import Descent

/// The contestant flags of `descent compare`: which rules race, at which rates and batch sizes.
struct CompareContestantOptions: ParsableArguments {
    @Option(help: "The rules to race, comma-separated: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw; full-batch lbfgs, newton.")
    var optimizers = "sgd,momentum,nesterov,adagrad,rmsprop,adam"

    @Option(help: "Learning rates: one value for every rule (0.01), or per rule (sgd=0.1,adam=1e-3). Default: each rule's.")
    var lr: String?

    @Option(help: "newton: the damping δ in (H + δI)⁻¹g.")
    var damping = 1e-4

    @Option(help: "lbfgs: iterations (with line search) per epoch.")
    var lbfgsIterations = 20

    @Option(help: "Tune each rule's rate not given by --lr: try this many log-spaced rates, keep the best validation loss (0 = off).")
    var tuneLr = 0

    @Option(help: "Epochs per trial of --tune-lr (default: the smaller of 5 and --epochs).")
    var tuneEpochs: Int?

    @Option(help: "Race batch sizes instead of (or as well as) rules: every rule of --optimizers runs at each size, e.g. 16,256 (Keskar et al.'s small- vs large-batch experiment; pair it with --sharpness).")
    var batchSizes: String?
}

/// The run flags of `descent compare`: seeds, epochs and the target loss.
struct CompareRunOptions: ParsableArguments {
    @Option(help: "How many seeds to run each rule with (default 3; one with --folds).")
    var seeds: Int?

    @Option(help: "The first seed; seeds are --seed, --seed+1, …")
    var seed: UInt64 = 0

    @Option(help: "Epochs per run (every run trains all of them).")
    var epochs = 30

    @Option(help: "Report the epochs and seconds each run took to bring its training loss to this value.")
    var targetLoss: Double?
}

/// The split and scaling flags of `descent compare` (no test part: a race compares training and validation).
struct CompareSplitOptions: ParsableArguments {
    @Option(help: "Feature scaling fitted on the training split: standardize, center, none.")
    var preprocess: Standardizer.Mode = .standardize

    @Option(help: "Fraction of rows for validation (stratified for classification; 0 = none).")
    var valSplit = 0.2

    @Option(help: "Validate on this CSV file (same columns) instead of a split.")
    var val: String?
}

/// The output flags of `descent compare`: files written and what standard output shows.
struct CompareOutputOptions: ParsableArguments {
    @Option(help: "Write every epoch of every run here (CSV: optimizer, seed, then the columns of train --history).")
    var history: String?

    @Option(help: "Draw the median curve and min–max band per optimizer here (SVG).")
    var plot: String?

    @Flag(help: "One JSON object on standard output instead of the table.")
    var json = false

    @Flag(help: "No per-run lines or progress bar.")
    var quiet = false
}

/// The cross-validation flags of `descent compare`: race over K folds instead of over seeds.
struct CompareFoldOptions: ParsableArguments {
    @Option(help: "Race over K folds instead of seeds: every rule is trained on the same K−1 folds and scored on the fold left out (stratified for classification, dealt from --seed); per-fold scores, mean ± sd, and Nadeau–Bengio's corrected paired t-test over the folds.")
    var folds: Int?

    @Option(help: "With --folds: rows sharing a value in this column stay in one fold (patients, sessions); the column is not a feature.")
    var group: String?

    func validate() throws {
        if let folds, folds < 2 { throw ValidationError("--folds must be at least 2, got \(folds)") }
        if group != nil && folds == nil { throw ValidationError("--group COLUMN needs --folds K") }
    }
}
