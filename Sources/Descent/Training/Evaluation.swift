import Linalg

/// How well a network fits a set of rows: the mean data loss and, for classification, accuracy,
/// the confusion matrix and per-class precision, recall and F1; for regression RMSE, MAE and R².
public struct EvaluationMetrics: Sendable, Equatable {
    /// Mean data loss (cross-entropy or MSE), without weight penalties; with class weights, the
    /// weighted mean Σ w_y·ℓ / Σ w_y the network trains on.
    public var loss: Double
    /// Fraction of rows whose most probable class is the true one (classification).
    public var accuracy: Double?
    /// confusion[t][p] = rows of true class t predicted as p (classification).
    public var confusion: [[Int]]
    /// √(mean (ŷ − y)²) (regression).
    public var rmse: Double?
    /// mean |ŷ − y| (regression).
    public var mae: Double?
    /// 1 − Σ(ŷ − y)²/Σ(y − ȳ)² (regression; NaN→nil when all targets are equal).
    public var r2: Double?

    /// Metrics from their values.
    public init(loss: Double, accuracy: Double?, confusion: [[Int]], rmse: Double?, mae: Double?, r2: Double?) {
        self.loss = loss
        self.accuracy = accuracy
        self.confusion = confusion
        self.rmse = rmse
        self.mae = mae
        self.r2 = r2
    }

    /// Precision of class k: TP/(TP + FP), 0 when the class is never predicted.
    public func precision(ofClass k: Int) -> Double {
        let predicted = confusion.reduce(0) { $0 + $1[k] }
        return predicted == 0 ? 0 : Double(confusion[k][k]) / Double(predicted)
    }

    /// Recall of class k: TP/(TP + FN), 0 when the class has no rows.
    public func recall(ofClass k: Int) -> Double {
        let actual = confusion[k].reduce(0, +)
        return actual == 0 ? 0 : Double(confusion[k][k]) / Double(actual)
    }

    /// F1 of class k: the harmonic mean 2PR/(P + R), 0 when both are 0.
    public func f1(ofClass k: Int) -> Double {
        let p = precision(ofClass: k), r = recall(ofClass: k)
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }
}

/// Scores a network on an `EvaluationSet`, in evaluation mode (dropout off, batch norm on running
/// statistics), in chunks of the network's maximum batch size.
public enum Evaluator {
    /// The metrics of `network` on `set`. The loss is the mean over chunks weighted by each chunk's
    /// divisor (its rows, or Σ w_y with class weights), so it equals the loss over all rows at once. The predicted class is the arg-max of the logits (the same as of the
    /// probabilities); ties go to the lower class index.
    @inlinable
    public static func evaluate<Scalar: BLASScalar>(_ network: Network<Scalar>, on set: EvaluationSet<Scalar>) -> EvaluationMetrics {
        let classification = network.lossFunction.kind.isClassification
        let c = network.outputCount, f = set.featureCount
        var lossSum = 0.0, correct = 0
        var confusion = classification ? [[Int]](repeating: [Int](repeating: 0, count: c), count: c) : []
        var squaredError = 0.0, absoluteError = 0.0, targetSum = 0.0, targetSquares = 0.0
        var weightSum = 0.0  // Σ of each chunk's divisor (rows, or Σ w_y with class weights)
        var start = 0
        while start < set.rowCount {
            let count = min(network.maxBatchSize, set.rowCount - start)
            let inputs = UnsafeBufferPointer(start: set.features.baseAddress + start * f, count: count * f)
            let outputs = network.forward(inputs: inputs, batchSize: count, mode: .evaluation)
            if classification {
                set.classIndices.withUnsafeBufferPointer { all in
                    let targets = UnsafeBufferPointer(rebasing: all[start..<(start + count)])
                    let chunkLoss = network.lossFunction.evaluate(outputs: outputs, targets: .classIndices(targets), batchSize: count)
                    lossSum += chunkLoss * network.lossFunction.lastWeightSum
                    weightSum += network.lossFunction.lastWeightSum
                    for row in 0..<count {
                        var best = 0
                        for j in 1..<c where outputs[row * c + j] > outputs[row * c + best] { best = j }
                        let truth = Int(targets[row])
                        confusion[truth][best] += 1
                        if best == truth { correct += 1 }
                    }
                }
            } else {
                let targets = UnsafeBufferPointer(start: set.targets.baseAddress + start * c, count: count * c)
                lossSum += network.lossFunction.evaluate(outputs: outputs, targets: .values(targets), batchSize: count) * Double(count)
                for index in 0..<(count * c) {
                    let error = Double(outputs[index]) - Double(targets[index])
                    squaredError += error * error
                    absoluteError += abs(error)
                    targetSum += Double(targets[index])
                    targetSquares += Double(targets[index]) * Double(targets[index])
                }
            }
            start += count
        }
        let n = Double(set.rowCount)
        guard classification else {
            let values = n * Double(c)
            let totalSquares = targetSquares - targetSum * targetSum / values
            return EvaluationMetrics(loss: lossSum / n, accuracy: nil, confusion: [],
                                     rmse: (squaredError / values).squareRoot(), mae: absoluteError / values,
                                     r2: totalSquares > 0 ? 1 - squaredError / totalSquares : nil)
        }
        return EvaluationMetrics(loss: lossSum / weightSum, accuracy: Double(correct) / n, confusion: confusion,
                                 rmse: nil, mae: nil, r2: nil)
    }
}
