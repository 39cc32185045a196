/// What one epoch of training measured: the row of the history and of the JSON output.
public struct EpochRecord: Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// The learning rate in force at the end of the epoch.
    public var learningRate: Double
    /// Mean training loss over the epoch's minibatches (data loss plus penalties, as optimized).
    public var trainLoss: Double
    /// Loss on the validation split after the epoch (data loss only), when there is one.
    public var validationLoss: Double?
    /// Classification: training accuracy after the epoch; regression: nil.
    public var trainAccuracy: Double?
    /// Classification: validation accuracy after the epoch.
    public var validationAccuracy: Double?
    /// Regression: root-mean-square error on the training split.
    public var trainRMSE: Double?
    /// Regression: RMSE on the validation split.
    public var validationRMSE: Double?
    /// Regression: coefficient of determination R² = 1 − SS_res/SS_tot on the validation split.
    public var validationR2: Double?
    /// Largest Hessian eigenvalue when curvature tracking ran this epoch.
    public var lambdaMax: Double?
    /// Smallest Hessian eigenvalue (Ritz value) when curvature tracking measured it this epoch.
    public var lambdaMin: Double? = nil
    /// Hutchinson's estimate of the Hessian's trace when curvature tracking measured it this epoch.
    public var hessianTrace: Double? = nil
    /// ‖P_k g‖²/‖g‖², the share of the full-batch gradient's squared norm in the top-k Hessian
    /// eigenspace (Gur-Ari et al. 2018), when curvature tracking measured it this epoch.
    public var subspaceFraction: Double? = nil
    /// The number of negative eigenvalues among the k smallest, when measured this epoch.
    public var saddleIndex: Int? = nil
    /// Wall-clock seconds the epoch took (training only, not evaluation).
    public var seconds: Double
    /// Training samples processed per second.
    public var samplesPerSecond: Double

    /// A record with the required values; optional metrics default to nil.
    public init(epoch: Int, learningRate: Double, trainLoss: Double, validationLoss: Double? = nil,
                trainAccuracy: Double? = nil, validationAccuracy: Double? = nil, trainRMSE: Double? = nil,
                validationRMSE: Double? = nil, validationR2: Double? = nil, lambdaMax: Double? = nil,
                seconds: Double, samplesPerSecond: Double) {
        self.epoch = epoch
        self.learningRate = learningRate
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.trainAccuracy = trainAccuracy
        self.validationAccuracy = validationAccuracy
        self.trainRMSE = trainRMSE
        self.validationRMSE = validationRMSE
        self.validationR2 = validationR2
        self.lambdaMax = lambdaMax
        self.seconds = seconds
        self.samplesPerSecond = samplesPerSecond
    }
}

/// The records of a run, with their CSV form.
public struct TrainingHistory: Sendable, Equatable {
    /// One record per completed epoch, in order.
    public var records: [EpochRecord] = []

    /// An empty history.
    public init(records: [EpochRecord] = []) { self.records = records }

    /// The columns of `csv`, always all of them: a metric not measured is an empty cell. Timing is
    /// in the last two columns so runs can be compared without them.
    public static let csvColumns = ["epoch", "lr", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "train_rmse", "val_rmse",
                                    "val_r2", "lambda_max", "lambda_min", "hessian_trace", "subspace_fraction", "saddle_index",
                                    "seconds", "samples_per_second"]

    /// CSV with the header `csvColumns`: one row per record, numbers in shortest round-trip form,
    /// values not measured (or not finite) empty.
    public var csv: String {
        var lines = [Self.csvColumns.joined(separator: ",")]
        func cell(_ value: Double?) -> String { value.flatMap { $0.isFinite ? "\($0)" : nil } ?? "" }
        for r in records {
            lines.append(([String(r.epoch), cell(r.learningRate), cell(r.trainLoss), cell(r.validationLoss), cell(r.trainAccuracy),
                           cell(r.validationAccuracy), cell(r.trainRMSE), cell(r.validationRMSE), cell(r.validationR2),
                           cell(r.lambdaMax), cell(r.lambdaMin), cell(r.hessianTrace), cell(r.subspaceFraction),
                           r.saddleIndex.map(String.init) ?? "", cell(r.seconds), cell(r.samplesPerSecond)])
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
