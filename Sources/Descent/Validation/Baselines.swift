/// The models a network must beat to earn its keep, fitted on the training rows only.
///
/// - Classification: scikit-learn's `DummyClassifier(strategy="prior")` — every row gets the
///   training class frequencies as its probabilities, so it predicts the majority class (ties to
///   the lower index) and its log-loss is the entropy of the training prior on the scored rows.
/// - Regression: `DummyRegressor(strategy="mean")` — every row gets the training mean of each output.
/// - The linear model is the same MLP with no hidden layer (`linearSpec`), on the same rows, loss and
///   class weights, fitted by L-BFGS to its optimum (`fitLinear`).
public enum Baselines {
    /// The class frequencies of `trainingLabels` over `classCount` classes. A class without
    /// training rows gets probability 0 (its rows then score log-loss −log 2⁻⁵²).
    public static func classPrior(trainingLabels: [Int32], classCount: Int) -> [Double] {
        var counts = [Double](repeating: 0, count: classCount)
        for label in trainingLabels { counts[Int(label)] += 1 }
        let n = Double(max(trainingLabels.count, 1))
        return counts.map { $0 / n }
    }

    /// The prior repeated for `rowCount` rows (row-major rowCount×C), ready for `ClassificationScores`.
    public static func priorProbabilities(prior: [Double], rowCount: Int) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(rowCount * prior.count)
        for _ in 0..<rowCount { result += prior }
        return result
    }

    /// The mean of each of `outputCount` columns of row-major `trainingTargets`.
    public static func targetMean(trainingTargets: [Double], outputCount k: Int) -> [Double] {
        let rows = trainingTargets.count / max(k, 1)
        var mean = [Double](repeating: 0, count: k)
        for row in 0..<rows {
            for column in 0..<k { mean[column] += trainingTargets[row * k + column] }
        }
        return mean.map { rows == 0 ? 0 : $0 / Double(rows) }
    }

    /// The linear model of `spec`: the same inputs, outputs, loss and initializer, no hidden layer
    /// (so no activation, batch norm or dropout) — multinomial logistic regression for cross-entropy,
    /// least squares for MSE.
    public static func linearSpec(of spec: NetworkSpec) -> NetworkSpec {
        NetworkSpec(inputCount: spec.inputCount, hiddenSizes: [], outputCount: spec.outputCount, activation: spec.activation,
                    batchNorm: false, dropout: 0, initializer: spec.initializer, loss: spec.loss)
    }
}
