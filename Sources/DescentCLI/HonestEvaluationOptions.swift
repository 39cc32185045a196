import ArgumentParser
import Descent

/// The flags of `descent train` for honest evaluation: class weights in the loss, the bootstrap
/// of the reported intervals, and k-fold cross-validation.
struct HonestEvaluationOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Weights of the classes in the loss, as PyTorch's CrossEntropyLoss(weight=…): the weighted mean Σ w_y·loss / Σ w_y.",
        discussion: "balanced: w_k = n/(C·n_k) over the training rows (scikit-learn's class_weight='balanced'); none: every class weighs 1; NAME=W,… by class name, unnamed classes weigh 1. The Hessian is that of the weighted objective.",
        valueName: "balanced|none|NAME=W,…"))
    var classWeight = "none"

    @Option(help: "Bootstrap resamples for the 95% intervals of loss, F1, AUC, RMSE and R² in the summary (seeded; 0 turns them off). Accuracy gets Wilson's interval.")
    var bootstrap = 1000

    @Flag(inversion: .prefixedNo, help: "Train the linear baseline (the same network with no hidden layer, the same data, method, settings and seed) after the model, to show beside it and store in the model for evaluate; --no-linear-baseline skips it (it costs up to a second run).")
    var linearBaseline = true

    @Option(help: "K-fold cross-validation: K models, each trained on K−1 folds (early stopping on a --val-split of those) and scored on the fold left out; per-fold scores and mean ± sd. Stratified for classification, shuffled with --seed; --threads N trains N folds at a time (the same results).")
    var folds: Int?

    @Option(help: "With --folds: rows sharing a value in this column stay in one fold (patients, sessions); the column is not a feature.")
    var group: String?

    @Flag(help: "With --folds and --out: save one model trained on all rows for the mean best epoch count of the folds (scikit-learn's refit), instead of the K fold models (MODEL.fold1.safetensors, …).")
    var refit = false

    /// The class weighting the flag names.
    func weighting() throws -> ClassWeighting {
        do {
            return try ClassWeighting(parsing: classWeight)
        } catch {
            throw ValidationError("--class-weight: \(error); use balanced, none or NAME=W,NAME=W")
        }
    }

    /// The bootstrap of the summary's intervals, seeded from the run's seed.
    func bootstrapSettings(seed: UInt64) -> Bootstrap { Bootstrap(resamples: bootstrap, seed: seed) }

    func validate() throws {
        _ = try weighting()
        guard bootstrap >= 0 && bootstrap <= 1_000_000 else { throw ValidationError("--bootstrap must be in 0…1000000, got \(bootstrap)") }
        if let folds, folds < 2 { throw ValidationError("--folds must be at least 2, got \(folds)") }
        if group != nil && folds == nil { throw ValidationError("--group COLUMN needs --folds K") }
        if refit && folds == nil { throw ValidationError("--refit needs --folds K") }
    }
}
