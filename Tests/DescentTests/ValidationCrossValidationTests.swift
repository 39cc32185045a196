import Foundation
import Linalg
import Testing
import Descent

/// Cross-validation on data sets with a known answer, through the library's fold preparation and
/// training runs.
@Suite("Cross-validation with a known answer")
struct ValidationCrossValidationTests {
    /// Writes `text` to a fresh temporary CSV file.
    func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-cv-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// K-fold accuracy of `spec`-shaped models on the file.
    func crossValidate(_ path: String, folds: Int, hidden: [Int], epochs: Int, learningRate: Double) throws -> CrossValidationSummary {
        let preparation = try FoldPreparation(DataPreparation(path: path, validationFraction: 0), foldCount: folds, groupColumn: nil, seed: 3)
        return try CrossValidation.run(preparation.assignment, parallelism: 2) { fold, _, _ in
            let data = try preparation.fold(fold)
            var settings = TrainingSettings()
            settings.epochs = epochs
            settings.earlyStopping = nil
            var adam = OptimizerConfiguration.defaults(for: .adam)
            adam.learningRate = learningRate
            let run = try TrainingRun<Double>(data: data, spec: data.spec(hiddenSizes: hidden), method: .firstOrder(adam),
                                              settings: settings, seed: 5)
            _ = try run.run()
            let metrics = run.evaluate(rows: data.split.test)
            return FoldResult(fold: fold, trainingRowCount: data.split.training.count, validationRowCount: data.split.test.count,
                              metrics: ["accuracy": metrics.accuracy])
        }
    }

    @Test("A linearly separable set: every fold scores 1, mean 1 ± 0")
    func separable() throws {
        var random = RandomGenerator(seed: 1)
        var text = "x0,x1,label\n"
        for _ in 0..<80 {
            let x0 = random.uniform() * 4 - 2, x1 = random.uniform() * 4 - 2
            let margin = x0 + 0.5 * x1
            guard abs(margin) > 0.3 else { continue }
            text += "\(x0),\(x1),\(margin > 0 ? "right" : "left")\n"
        }
        let summary = try crossValidate(try file(text), folds: 5, hidden: [], epochs: 150, learningRate: 0.05)
        let accuracy = try #require(summary.metrics["accuracy"])
        #expect(accuracy.values == [1, 1, 1, 1, 1])
        #expect(accuracy.mean == 1 && accuracy.standardDeviation == 0)
    }

    @Test("Labels drawn at random: mean accuracy near 1/3, inside its t interval over the folds")
    func shuffledLabels() throws {
        var random = RandomGenerator(seed: 2)
        var text = "a,b,c,label\n"
        for _ in 0..<300 {
            text += "\(random.normal()),\(random.normal()),\(random.normal()),\(["x", "y", "z"][random.uniformInt(below: 3)])\n"
        }
        let summary = try crossValidate(try file(text), folds: 5, hidden: [16], epochs: 30, learningRate: 0.01)
        let accuracy = try #require(summary.metrics["accuracy"])
        let half = StudentT.quantile(0.975, degreesOfFreedom: 4) * accuracy.standardError
        #expect(abs(accuracy.mean - 1.0 / 3) <= half, "mean \(accuracy.mean) ± \(half)")
        #expect(abs(accuracy.mean - 1.0 / 3) < 0.1)
        // Pooled over the folds, Wilson's interval of the 300 predictions also holds 1/3.
        let correct = Int((accuracy.values.reduce(0, +) * 60).rounded())
        #expect(try #require(ConfidenceInterval.wilson(successes: correct, trials: 300)).contains(1.0 / 3))
    }

    @Test("The same folds and scores with one job at a time or several")
    func parallelismDoesNotChangeResults() throws {
        let preparation = try FoldPreparation(DataPreparation(path: try file("x,t\n" + (0..<40).map { "\($0),\($0 % 2)\n" }.joined())),
                                              foldCount: 4, groupColumn: nil, seed: 9)
        func summary(_ jobs: Int) throws -> CrossValidationSummary {
            try CrossValidation.run(preparation.assignment, parallelism: jobs) { fold, training, validation in
                FoldResult(fold: fold, trainingRowCount: training.count, validationRowCount: validation.count,
                           metrics: ["sum": Double(validation.reduce(0, +))])
            }
        }
        #expect(try summary(1) == summary(3))
        #expect(try summary(1).folds.map(\.validationRowCount) == [10, 10, 10, 10])
    }
}
