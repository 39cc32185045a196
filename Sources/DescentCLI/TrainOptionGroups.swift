import ArgumentParser
import Descent

/// The splits and scaling flags of `descent train`: how the rows become training, validation and test sets.
struct TrainSplitOptions: ParsableArguments {
    @Option(help: "Feature scaling fitted on the training split: standardize (zero mean, unit variance), center, none.")
    var preprocess: Standardizer.Mode = .standardize

    @Option(help: "Fraction of rows for validation (stratified for classification).")
    var valSplit = 0.2

    @Option(help: "Fraction of rows held out as a test set, scored once at the end.")
    var testSplit = 0.0

    @Option(help: "Validate on this CSV file (same columns) instead of a split.")
    var val: String?

    @Option(help: "Score this CSV file (same columns) at the end as the test set.")
    var test: String?
}

/// The run-length flags of `descent train`: epochs, early stopping and the seed.
struct TrainRunOptions: ParsableArguments {
    @Option(help: "Epochs to train (default 200; an upper bound when early stopping is on).")
    var epochs: Int?

    @Option(help: "Early stopping: epochs without validation-loss improvement before stopping.")
    var patience = 10

    @Option(help: "Early stopping: the least decrease that counts as an improvement.")
    var minDelta = 0.0

    @Flag(help: "Train all epochs even when validation loss stops improving.")
    var noEarlyStopping = false

    @Option(help: "Seed for the split, the initial weights, the batch order and dropout.")
    var seed: UInt64 = 0
}

/// The output flags of `descent train`: files written and what standard output shows.
struct TrainOutputOptions: ParsableArguments {
    @Option(help: "Write the model here (safetensors), and the resume state beside it.")
    var out: String?

    @Option(help: "Write the per-epoch history here (CSV).")
    var history: String?

    @Option(help: "Draw loss and accuracy (or RMSE) curves here (SVG).")
    var plot: String?

    @Option(help: "Write one self-contained HTML report of the run here at the end: configuration, curves, the confusion matrix of the validation rows, curvature.")
    var report: String?

    @Option(help: "With --report: rewrite the report every K epochs too (the page reloads itself every 5 s, so a browser can watch the run).")
    var reportEvery: Int?

    @Flag(help: "One JSON object per epoch on standard output, then a summary object.")
    var json = false

    @Flag(help: "No per-epoch lines or progress bar.")
    var quiet = false
}

/// The flags of `descent train` that start from saved weights: transfer learning and resume.
struct TrainResumeOptions: ParsableArguments {
    @Option(help: "Start from the weights of this model: every tensor with the same name and shape is loaded (a new head when the classes differ).")
    var initFrom: String?

    @Option(help: "With --init-from: keep the first K Linear layers fixed (transfer learning).")
    var freeze = 0

    @Option(help: "Continue the run saved in this model file (and its .resume.safetensors) bit-identically.")
    var resume: String?
}

/// The curvature flags of `descent train`: sharpness λmax and friends measured during training.
struct TrainCurvatureOptions: ParsableArguments {
    @Option(help: "Every K epochs record the sharpness λmax of the objective (Lanczos on exact Hessian-vector products, warm-started) into the history and a third plot panel, against the stability line 2/lr.")
    var curvatureEvery: Int?

    @Option(help: "With --curvature-every: the training rows the Hessian is taken over (a fixed seeded subset).")
    var curvatureSamples = 512

    @Option(help: "With --curvature-every: Lanczos steps per measurement.")
    var curvatureSteps = 20

    @Flag(help: "With --curvature-every: also record λmin (the smallest Ritz value; an upper bound after few steps).")
    var curvatureMin = false

    @Flag(help: "With --curvature-every: also record Hutchinson's trace estimate (30 Rademacher vectors).")
    var curvatureTrace = false

    @Option(help: "With --curvature-every: also record the share of ‖g‖² in the top-K Hessian eigenspace (Gur-Ari et al. 2018) and the saddle index (negative eigenvalues among the K smallest), by Lanczos, as history columns and a plot panel.")
    var subspaceK: Int?
}
