import Descent

/// The flags of the titled groups under the names the run and the resume logic use (one flag, one property).
extension TrainCommand {
    var preprocess: Standardizer.Mode { get { splits.preprocess } set { splits.preprocess = newValue } }
    var valSplit: Double { get { splits.valSplit } set { splits.valSplit = newValue } }
    var testSplit: Double { get { splits.testSplit } set { splits.testSplit = newValue } }
    var val: String? { get { splits.val } set { splits.val = newValue } }
    var test: String? { get { splits.test } set { splits.test = newValue } }
    var epochs: Int? { get { runOptions.epochs } set { runOptions.epochs = newValue } }
    var patience: Int { get { runOptions.patience } set { runOptions.patience = newValue } }
    var minDelta: Double { get { runOptions.minDelta } set { runOptions.minDelta = newValue } }
    var noEarlyStopping: Bool { get { runOptions.noEarlyStopping } set { runOptions.noEarlyStopping = newValue } }
    var seed: UInt64 { get { runOptions.seed } set { runOptions.seed = newValue } }
    var out: String? { get { outputs.out } set { outputs.out = newValue } }
    var history: String? { get { outputs.history } set { outputs.history = newValue } }
    var plot: String? { get { outputs.plot } set { outputs.plot = newValue } }
    var report: String? { get { outputs.report } set { outputs.report = newValue } }
    var reportEvery: Int? { get { outputs.reportEvery } set { outputs.reportEvery = newValue } }
    var json: Bool { get { outputs.json } set { outputs.json = newValue } }
    var quiet: Bool { get { outputs.quiet } set { outputs.quiet = newValue } }
    var initFrom: String? { get { resuming.initFrom } set { resuming.initFrom = newValue } }
    var freeze: Int { get { resuming.freeze } set { resuming.freeze = newValue } }
    var resume: String? { get { resuming.resume } set { resuming.resume = newValue } }
    var curvatureEvery: Int? { get { curvature.curvatureEvery } set { curvature.curvatureEvery = newValue } }
    var curvatureSamples: Int { get { curvature.curvatureSamples } set { curvature.curvatureSamples = newValue } }
    var curvatureSteps: Int { get { curvature.curvatureSteps } set { curvature.curvatureSteps = newValue } }
    var curvatureMin: Bool { get { curvature.curvatureMin } set { curvature.curvatureMin = newValue } }
    var curvatureTrace: Bool { get { curvature.curvatureTrace } set { curvature.curvatureTrace = newValue } }
    var subspaceK: Int? { get { curvature.subspaceK } set { curvature.subspaceK = newValue } }
}
