extension ScoreReport {
    /// The names of the classification scores with an interval, in table order.
    public static let classificationIntervalNames = [
        "accuracy", "balanced_accuracy", "macro_f1", "weighted_f1", "log_loss", "roc_auc", "pr_auc", "expected_calibration_error",
    ]
    /// The names of the regression scores with an interval, in table order.
    public static let regressionIntervalNames = ["rmse", "mae", "r2"]

    /// Accuracy's Wilson interval (k = accuracy·n successes in n rows) and a percentile bootstrap
    /// over rows of every other classification score, all from one set of resamples.
    static func classificationIntervals(_ scores: ClassificationScores, probabilities: [Double], labels: [Int32], classCount c: Int,
                                        bootstrap: Bootstrap) -> [String: ConfidenceInterval?] {
        let n = labels.count
        var intervals: [String: ConfidenceInterval?] = [:]
        intervals.updateValue(ConfidenceInterval.wilson(successes: Int((scores.accuracy * Double(n)).rounded()), trials: n), forKey: "accuracy")
        let names = classificationIntervalNames.dropFirst()
        let resampled = bootstrap.intervals(rowCount: n, count: names.count) { rows in
            guard let s = ClassificationScores(probabilities: probabilities, labels: labels, classCount: c, rows: rows) else { return [] }
            return [s.balancedAccuracy, s.macroF1, s.weightedF1, s.logLoss, s.rocAUC, s.prAUC, s.expectedCalibrationError]
        }
        for (name, interval) in zip(names, resampled) { intervals.updateValue(interval, forKey: name) }
        return intervals
    }

    /// A percentile bootstrap over rows of RMSE, MAE and R².
    static func regressionIntervals(predictions: [Double], targets: [Double], outputCount k: Int,
                                    bootstrap: Bootstrap) -> [String: ConfidenceInterval?] {
        let resampled = bootstrap.intervals(rowCount: targets.count / k, count: regressionIntervalNames.count) { rows in
            guard let s = RegressionScores(predictions: predictions, targets: targets, outputCount: k, rows: rows) else { return [] }
            return [s.rmse, s.mae, s.r2]
        }
        var intervals: [String: ConfidenceInterval?] = [:]
        for (name, interval) in zip(regressionIntervalNames, resampled) { intervals.updateValue(interval, forKey: name) }
        return intervals
    }
}
