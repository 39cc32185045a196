import Foundation
import Linalg
import Testing
import Descent

/// The linear baseline reaches the optimum of its convex objective: on a linear target with
/// noise, its training MSE equals least squares' (normal equations solved in Double by hand), where
/// a short run of the network's own optimizer stays far above it.
@Suite("Linear baseline: fitted to its optimum")
struct LinearBaselineTests {
    /// Minimal training MSE of y ≈ Xw + b over `set`, by the normal equations [X 1]ᵀ[X 1] β = [X 1]ᵀy
    /// solved by Gaussian elimination with partial pivoting.
    static func leastSquaresMSE(_ set: EvaluationSet<Double>) -> Double {
        let n = set.rowCount, d = set.featureCount + 1
        func row(_ i: Int) -> [Double] { (0..<set.featureCount).map { set.features[i * set.featureCount + $0] } + [1] }
        var a = [[Double]](repeating: [Double](repeating: 0, count: d + 1), count: d)
        for i in 0..<n {
            let x = row(i)
            for p in 0..<d {
                for q in 0..<d { a[p][q] += x[p] * x[q] }
                a[p][d] += x[p] * set.targets[i]
            }
        }
        for column in 0..<d {
            let pivot = (column..<d).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            a.swapAt(column, pivot)
            for other in 0..<d where other != column {
                let factor = a[other][column] / a[column][column]
                for k in column...d { a[other][k] -= factor * a[column][k] }
            }
        }
        let beta = (0..<d).map { a[$0][d] / a[$0][$0] }
        var sum = 0.0
        for i in 0..<n {
            let error = zip(row(i), beta).reduce(0) { $0 + $1.0 * $1.1 } - set.targets[i]
            sum += error * error
        }
        return sum / Double(n)
    }

    @Test("Regression: the L-BFGS fit's training MSE equals least squares' to 1e-6 relative; 5 Adam epochs stay far above")
    func leastSquares() throws {
        var random = RandomGenerator(seed: 7)
        var text = "a,b,c,y\n"
        for _ in 0..<200 {
            let a = random.normal(), b = random.normal() * 3, c = random.uniform()
            text += "\(a),\(b),\(c),\(4 + 2 * a - 0.7 * b + 5 * c + 0.3 * random.normal())\n"
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-linear-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let data = try DataPreparation(path: url.path).prepare(seed: 1)
        var settings = TrainingSettings()
        settings.epochs = 5
        let run = try TrainingRun<Double>(data: data, spec: data.spec(hiddenSizes: [8]), method: .firstOrder(.defaults(for: .adam)),
                                          settings: settings, seed: 2)
        let linear = try #require(try Baselines.fitLinear(run, classWeights: nil))
        #expect(linear.spec.hiddenSizes.isEmpty && linear.method.name == "lbfgs")
        let training = EvaluationSet<Double>(dataset: data.dataset, rows: data.split.training)
        let optimum = Self.leastSquaresMSE(training)
        let fitted = ScoreReport.outputs(linear.network, training)
        let mse = zip(fitted, training.targets.array).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(training.rowCount)
        #expect(abs(mse - optimum) <= 1e-6 * optimum, "L-BFGS \(mse), least squares \(optimum)")
        // The network's own schedule (5 Adam epochs at 1e-3) leaves the same linear model far from it.
        let short = try TrainingRun<Double>(data: data, spec: Baselines.linearSpec(of: run.spec), method: .firstOrder(.defaults(for: .adam)),
                                            settings: settings, seed: 2)
        _ = try short.run()
        let shortOutputs = ScoreReport.outputs(short.network, training)
        let shortMSE = zip(shortOutputs, training.targets.array).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(training.rowCount)
        #expect(shortMSE > 10 * optimum)
        #expect(try Baselines.fitLinear(linear, classWeights: nil) == nil)   // a linear run has no linear baseline
    }
}
