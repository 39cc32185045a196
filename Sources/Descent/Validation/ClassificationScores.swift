import Foundation

/// The scores of class probabilities against true classes, as scikit-learn defines them:
/// accuracy, macro and weighted F1 (`f1_score(average=…)`, zero_division = 0, over the classes seen
/// in the truth or the predictions), balanced accuracy (mean recall over the classes in the truth),
/// log-loss (`log_loss`, p clipped below at 2⁻⁵²), ROC-AUC and PR-AUC one-vs-rest
/// (`RankingScores`), and the expected calibration error (`Calibration`).
///
/// The predicted class is the arg-max of the probabilities, ties to the lower index (`np.argmax`).
public struct ClassificationScores: Sendable, Equatable, Codable {
    /// Rows scored.
    public var rowCount: Int
    /// Fraction of rows whose predicted class is the true one.
    public var accuracy: Double
    /// Unweighted mean of per-class F1.
    public var macroF1: Double
    /// Per-class F1 weighted by each class's true rows.
    public var weightedF1: Double
    /// Mean per-class recall.
    public var balancedAccuracy: Double
    /// −mean log p(true class).
    public var logLoss: Double
    /// ROC-AUC (binary: of class 1; multiclass: macro one-vs-rest); nil when no class has both
    /// positive and negative rows.
    public var rocAUC: Double?
    /// Average precision (binary: of class 1; multiclass: macro one-vs-rest); nil when no class has rows.
    public var prAUC: Double?
    /// Expected calibration error of the top-class confidence over 10 equal-width bins.
    public var expectedCalibrationError: Double

    enum CodingKeys: String, CodingKey {
        case rowCount = "row_count", accuracy, macroF1 = "macro_f1", weightedF1 = "weighted_f1"
        case balancedAccuracy = "balanced_accuracy", logLoss = "log_loss", rocAUC = "roc_auc", prAUC = "pr_auc"
        case expectedCalibrationError = "expected_calibration_error"
    }

    /// Encodes every key, nil as JSON null (never omitted).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rowCount, forKey: .rowCount)
        try container.encode(accuracy, forKey: .accuracy)
        try container.encode(macroF1, forKey: .macroF1)
        try container.encode(weightedF1, forKey: .weightedF1)
        try container.encode(balancedAccuracy, forKey: .balancedAccuracy)
        try container.encode(logLoss, forKey: .logLoss)
        try container.encode(rocAUC, forKey: .rocAUC)
        try container.encode(prAUC, forKey: .prAUC)
        try container.encode(expectedCalibrationError, forKey: .expectedCalibrationError)
    }

    /// Scores of `probabilities` (row-major n×C, rows summing to 1) against `labels` (n class
    /// indices in 0..<C), over the rows `rows` (with repeats, for a bootstrap; nil: all). nil when
    /// there are no rows.
    public init?(probabilities: [Double], labels: [Int32], classCount c: Int, rows: [Int]? = nil) {
        let selected = rows ?? Array(labels.indices)
        guard !selected.isEmpty, c >= 2 else { return nil }
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: c), count: c)
        var logSum = 0.0
        for row in selected {
            let truth = Int(labels[row])
            confusion[truth][Self.argmax(probabilities, row: row, classes: c)] += 1
            logSum -= log(max(probabilities[row * c + truth], Double.ulpOfOne))
        }
        let n = Double(selected.count)
        rowCount = selected.count
        accuracy = Double((0..<c).reduce(0) { $0 + confusion[$1][$1] }) / n
        let f1 = Self.f1(confusion)
        macroF1 = f1.macro
        weightedF1 = f1.weighted
        balancedAccuracy = Self.balancedAccuracy(confusion)
        logLoss = logSum / n
        let ranking = RankingScores(probabilities: probabilities, labels: labels, classCount: c, rows: selected)
        rocAUC = ranking.rocAUC
        prAUC = ranking.averagePrecision
        expectedCalibrationError = Calibration(probabilities: probabilities, labels: labels, classCount: c, rows: selected)
            .expectedCalibrationError
    }

    /// The arg-max of one row, ties to the lower index.
    static func argmax(_ probabilities: [Double], row: Int, classes c: Int) -> Int {
        var best = 0
        for j in 1..<c where probabilities[row * c + j] > probabilities[row * c + best] { best = j }
        return best
    }

    /// Macro and support-weighted F1 over the classes present in the truth or the predictions.
    static func f1(_ confusion: [[Int]]) -> (macro: Double, weighted: Double) {
        let c = confusion.count
        var sum = 0.0, weightedSum = 0.0, present = 0, total = 0
        for k in 0..<c {
            let truePositive = Double(confusion[k][k])
            let actual = confusion[k].reduce(0, +), predicted = (0..<c).reduce(0) { $0 + confusion[$1][k] }
            guard actual > 0 || predicted > 0 else { continue }
            let f1 = 2 * truePositive / Double(actual + predicted)  // = 2PR/(P + R); 0 when TP = 0
            sum += f1
            weightedSum += f1 * Double(actual)
            present += 1
            total += actual
        }
        return (present == 0 ? 0 : sum / Double(present), total == 0 ? 0 : weightedSum / Double(total))
    }

    /// The mean recall over classes with true rows.
    static func balancedAccuracy(_ confusion: [[Int]]) -> Double {
        var sum = 0.0, present = 0
        for (k, row) in confusion.enumerated() {
            let actual = row.reduce(0, +)
            guard actual > 0 else { continue }
            sum += Double(row[k]) / Double(actual)
            present += 1
        }
        return present == 0 ? 0 : sum / Double(present)
    }
}
