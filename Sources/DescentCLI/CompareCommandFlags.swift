import Descent

/// The flags of the titled groups under the names the race uses (one flag, one property).
extension CompareCommand {
    var optimizers: String { get { contestantOptions.optimizers } set { contestantOptions.optimizers = newValue } }
    var lr: String? { get { contestantOptions.lr } set { contestantOptions.lr = newValue } }
    var damping: Double { get { contestantOptions.damping } set { contestantOptions.damping = newValue } }
    var lbfgsIterations: Int { get { contestantOptions.lbfgsIterations } set { contestantOptions.lbfgsIterations = newValue } }
    var tuneLr: Int { get { contestantOptions.tuneLr } set { contestantOptions.tuneLr = newValue } }
    var tuneEpochs: Int? { get { contestantOptions.tuneEpochs } set { contestantOptions.tuneEpochs = newValue } }
    var batchSizes: String? { get { contestantOptions.batchSizes } set { contestantOptions.batchSizes = newValue } }
    var seeds: Int { get { runOptions.seeds ?? (crossValidation.folds == nil ? 3 : 1) } set { runOptions.seeds = newValue } }
    var seed: UInt64 { get { runOptions.seed } set { runOptions.seed = newValue } }
    var epochs: Int { get { runOptions.epochs } set { runOptions.epochs = newValue } }
    var targetLoss: Double? { get { runOptions.targetLoss } set { runOptions.targetLoss = newValue } }
    var preprocess: Standardizer.Mode { get { splits.preprocess } set { splits.preprocess = newValue } }
    var valSplit: Double { get { splits.valSplit } set { splits.valSplit = newValue } }
    var val: String? { get { splits.val } set { splits.val = newValue } }
    var history: String? { get { outputs.history } set { outputs.history = newValue } }
    var plot: String? { get { outputs.plot } set { outputs.plot = newValue } }
    var json: Bool { get { outputs.json } set { outputs.json = newValue } }
    var quiet: Bool { get { outputs.quiet } set { outputs.quiet = newValue } }
}
