/// Threshold-free scores of class probabilities: ROC-AUC and average precision (the area under
/// the precision-recall curve as scikit-learn computes it), one-vs-rest.
///
/// Binary (C = 2): the scores of class 1 against its probability, as `roc_auc_score(y, p[:, 1])`
/// and `average_precision_score(y, p[:, 1])`. Multiclass: the unweighted mean over classes of each
/// class's one-vs-rest score (`roc_auc_score(multi_class="ovr", average="macro")`,
/// `average_precision_score(label_binarize(y), p, average="macro")`); a class whose score is
/// undefined on these rows (no positive or, for ROC, no negative rows) is left out of the mean.
public struct RankingScores: Sendable, Equatable {
    /// ROC-AUC; nil when undefined for every class.
    public var rocAUC: Double?
    /// Average precision; nil when undefined for every class.
    public var averagePrecision: Double?

    /// The scores over `rows` (with repeats allowed) of row-major n×C `probabilities`.
    public init(probabilities: [Double], labels: [Int32], classCount c: Int, rows: [Int]) {
        let classes = c == 2 ? [1] : Array(0..<c)
        var rocSum = 0.0, rocCount = 0, apSum = 0.0, apCount = 0
        for k in classes {
            let scores = rows.map { probabilities[$0 * c + k] }
            let positive = rows.map { Int(labels[$0]) == k }
            if let auc = Self.rocAUC(scores: scores, positive: positive) { rocSum += auc; rocCount += 1 }
            if let ap = Self.averagePrecision(scores: scores, positive: positive) { apSum += ap; apCount += 1 }
        }
        rocAUC = rocCount == 0 ? nil : rocSum / Double(rocCount)
        averagePrecision = apCount == 0 ? nil : apSum / Double(apCount)
    }

    /// The binary ROC-AUC: the probability that a random positive scores above a random negative,
    /// ties counting ½ — (Σ ranks of positives − n₊(n₊ + 1)/2)/(n₊·n₋) with average ranks for ties
    /// (Mann–Whitney U), equal to the trapezoidal area under the ROC curve. nil without both kinds.
    public static func rocAUC(scores: [Double], positive: [Bool]) -> Double? {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0, positives = 0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let averageRank = Double(start + end) / 2 + 1
            for position in start...end where positive[order[position]] {
                rankSum += averageRank
                positives += 1
            }
            start = end + 1
        }
        let negatives = order.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let p = Double(positives)
        return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }

    /// scikit-learn's average precision: Σₜ (Rₜ − Rₜ₋₁)·Pₜ over the distinct score thresholds t in
    /// descending order, with precision Pₜ and recall Rₜ of "score ≥ t" (R₀ = 0): no interpolation.
    /// nil without positive rows.
    public static func averagePrecision(scores: [Double], positive: [Bool]) -> Double? {
        let totalPositives = positive.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard totalPositives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var truePositives = 0, falsePositives = 0, previousRecall = 0.0, sum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            for position in start...end {
                if positive[order[position]] { truePositives += 1 } else { falsePositives += 1 }
            }
            let recall = Double(truePositives) / Double(totalPositives)
            let precision = Double(truePositives) / Double(truePositives + falsePositives)
            sum += (recall - previousRecall) * precision
            previousRecall = recall
            start = end + 1
        }
        return sum
    }
}
