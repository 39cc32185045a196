/// What one epoch of training measured: the row of the history and of `--json` output.
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

    /// The record as one JSON object (keys `epoch`, `train_loss`, `val_loss`, `train_accuracy`,
    /// `val_accuracy`, `lr`, `seconds`, …; absent metrics are null).
    public var json: String {
        func optional(_ value: Double?) -> String { value.map(JSONText.number) ?? "null" }
        var fields: [(String, String)] = [
            ("epoch", String(epoch)),
            ("train_loss", JSONText.number(trainLoss)),
            ("val_loss", optional(validationLoss)),
            ("train_accuracy", optional(trainAccuracy)),
            ("val_accuracy", optional(validationAccuracy)),
        ]
        if trainRMSE != nil || validationRMSE != nil {
            fields += [("train_rmse", optional(trainRMSE)), ("val_rmse", optional(validationRMSE)), ("val_r2", optional(validationR2))]
        }
        if let lambdaMax { fields.append(("lambda_max", JSONText.number(lambdaMax))) }
        if let lambdaMin { fields.append(("lambda_min", JSONText.number(lambdaMin))) }
        if let hessianTrace { fields.append(("hessian_trace", JSONText.number(hessianTrace))) }
        if let subspaceFraction { fields.append(("subspace_fraction", JSONText.number(subspaceFraction))) }
        if let saddleIndex { fields.append(("saddle_index", String(saddleIndex))) }
        fields += [("lr", JSONText.number(learningRate)), ("seconds", JSONText.number(seconds)),
                   ("samples_per_second", JSONText.number(samplesPerSecond))]
        return JSONText.object(fields)
    }
}

/// The records of a run, with the CSV form written by `--history`.
public struct TrainingHistory: Sendable, Equatable {
    /// One record per completed epoch, in order.
    public var records: [EpochRecord] = []

    /// An empty history.
    public init(records: [EpochRecord] = []) { self.records = records }

    /// CSV with a header: `epoch,lr,train_loss,val_loss,train_accuracy,val_accuracy,train_rmse,val_rmse,
    /// val_r2,lambda_max,seconds,samples_per_second`. Numbers in shortest round-trip form, absent values
    /// empty. Timing is in the last two columns so runs can be compared without them. When curvature
    /// tracking measured λmin or the trace, the columns `lambda_min` and `hessian_trace` follow
    /// `lambda_max` (only then, so other histories keep their columns); likewise `subspace_fraction`
    /// and `saddle_index` when the gradient's subspace was tracked.
    public var csv: String {
        let extra = records.contains { $0.lambdaMin != nil || $0.hessianTrace != nil }
        let subspace = records.contains { $0.subspaceFraction != nil || $0.saddleIndex != nil }
        var lines = ["epoch,lr,train_loss,val_loss,train_accuracy,val_accuracy,train_rmse,val_rmse,val_r2,lambda_max,"
            + (extra ? "lambda_min,hessian_trace," : "") + (subspace ? "subspace_fraction,saddle_index," : "") + "seconds,samples_per_second"]
        func cell(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        for r in records {
            lines.append(([String(r.epoch), cell(r.learningRate), cell(r.trainLoss), cell(r.validationLoss), cell(r.trainAccuracy),
                           cell(r.validationAccuracy), cell(r.trainRMSE), cell(r.validationRMSE), cell(r.validationR2),
                           cell(r.lambdaMax)] + (extra ? [cell(r.lambdaMin), cell(r.hessianTrace)] : [])
                          + (subspace ? [cell(r.subspaceFraction), r.saddleIndex.map(String.init) ?? ""] : [])
                          + [cell(r.seconds), cell(r.samplesPerSecond)]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
