import Foundation
import Linalg
import Testing
import Descent

/// Scores against scikit-learn on fixed data (scripts/reference/validation_reference.py;
/// numpy 2.4.6, scipy 1.17.1, scikit-learn 1.9.1), calibration against a naive numpy loop,
/// class weights and baselines against closed forms.
@Suite("Scores, baselines and class weighting")
struct ValidationScoreTests {
    static let threeProbabilities: [Double] = [0.072, 0.769, 0.159, 0.172, 0.625, 0.203, 0.242, 0.076, 0.682, 0.661, 0.073, 0.266, 0.326, 0.045, 0.629, 0.628, 0.086, 0.286, 0.669, 0.245, 0.086, 0.857, 0.103, 0.04, 0.217, 0.717, 0.066, 0.565, 0.078, 0.357, 0.752, 0.041, 0.207, 0.366, 0.373, 0.261, 0.481, 0.344, 0.175, 0.118, 0.092, 0.79, 0.139, 0.658, 0.203, 0.099, 0.055, 0.846, 0.721, 0.193, 0.086, 0.022, 0.39, 0.588, 0.077, 0.136, 0.787, 0.41, 0.197, 0.393, 0.128, 0.72, 0.152, 0.822, 0.122, 0.056, 0.778, 0.204, 0.018, 0.045, 0.685, 0.27, 0.025, 0.451, 0.524, 0.626, 0.212, 0.162, 0.108, 0.772, 0.12, 0.203, 0.684, 0.113, 0.067, 0.825, 0.108, 0.353, 0.319, 0.328]
    static let threeLabels: [Int32] = [1, 2, 2, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0, 2, 0, 2, 0, 2, 2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 2, 0]
    static let twoProbabilities: [Double] = [0.35, 0.65, 0.07, 0.93, 0.18, 0.82, 0.77, 0.23, 0.63, 0.37, 0.51, 0.49, 0.66, 0.34, 0.85, 0.15, 0.82, 0.18, 0.96, 0.04, 0.58, 0.42, 0.04, 0.96, 0.84, 0.16, 0.07, 0.93, 0.41, 0.59, 0.35, 0.65, 0.43, 0.57, 0.7, 0.3, 0.85, 0.15, 0.71, 0.29, 0.65, 0.35, 0.66, 0.34, 0.48, 0.52, 0.76, 0.24, 0.23, 0.77]
    static let twoLabels: [Int32] = [0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    static let regressionTargets: [Double] = [-0.279, -6.025, -0.004, 2.7, 0.355, -0.45499999999999996, -0.26, -6.1450000000000005, -0.132, 7.9, -0.231, -0.2, 1.385, 0.5750000000000001, 0.25, -5.76, 0.815, 6.879999999999999, -0.061, 5.234999999999999, 0.971, -13.66, 1.342, -7.015000000000001]
    static let regressionPredictions: [Double] = [-0.065, -5.799, -0.123, 2.519, 0.164, -0.691, -0.487, -6.508, -0.181, 7.95, -0.334, -0.049, 0.971, 0.665, 0.652, -4.979, 0.18, 7.255, 0.07, 4.255, 0.656, -14.159, 1.599, -6.28]

    @Test("Three classes: accuracy, F1s, balanced accuracy, log-loss, OvR ROC-AUC and PR-AUC, ECE equal scikit-learn's")
    func threeClasses() throws {
        let scores = try #require(ClassificationScores(probabilities: Self.threeProbabilities, labels: Self.threeLabels, classCount: 3))
        #expect(abs(scores.accuracy - 0.7) < 1e-15)
        #expect(abs(scores.macroF1 - 0.691358024691358) < 1e-14)
        #expect(abs(scores.weightedF1 - 0.7012345679012345) < 1e-14)
        #expect(abs(scores.balancedAccuracy - 0.7532467532467533) < 1e-14)
        #expect(abs(scores.logLoss - 0.7218961089084436) < 1e-14)
        #expect(abs(try #require(scores.rocAUC) - 0.8943335611756664) < 1e-14)
        #expect(abs(try #require(scores.prAUC) - 0.7986670504816136) < 1e-14)
        #expect(abs(scores.expectedCalibrationError - 0.22656666666666658) < 1e-14)
    }

    @Test("Two classes (scores with ties): ROC-AUC and average precision of class 1 equal scikit-learn's")
    func twoClasses() throws {
        let scores = try #require(ClassificationScores(probabilities: Self.twoProbabilities, labels: Self.twoLabels, classCount: 2))
        #expect(abs(scores.accuracy - 0.64) < 1e-15)
        #expect(abs(scores.macroF1 - 0.5989304812834224) < 1e-14)
        #expect(abs(scores.weightedF1 - 0.6554010695187167) < 1e-14)
        #expect(abs(scores.balancedAccuracy - 0.6190476190476191) < 1e-14)
        #expect(abs(scores.logLoss - 0.5373775335191158) < 1e-14)
        #expect(abs(try #require(scores.rocAUC) - 0.761904761904762) < 1e-14)
        #expect(abs(try #require(scores.prAUC) - 0.7367838044308632) < 1e-14)
        #expect(abs(scores.expectedCalibrationError - 0.17680000000000004) < 1e-14)
    }

    @Test("ROC-AUC closed forms: perfect 1, reversed 0, all tied ½, one class undefined")
    func rocClosedForms() {
        let positive = [false, false, true, true]
        #expect(RankingScores.rocAUC(scores: [0.1, 0.2, 0.8, 0.9], positive: positive) == 1)
        #expect(RankingScores.rocAUC(scores: [0.9, 0.8, 0.2, 0.1], positive: positive) == 0)
        #expect(RankingScores.rocAUC(scores: [0.5, 0.5, 0.5, 0.5], positive: positive) == 0.5)
        #expect(RankingScores.rocAUC(scores: [0.5, 0.6], positive: [true, true]) == nil)
        #expect(RankingScores.averagePrecision(scores: [0.1, 0.2, 0.8, 0.9], positive: positive) == 1)
        #expect(RankingScores.averagePrecision(scores: [0.1, 0.2], positive: [false, false]) == nil)
    }

    @Test("Regression R², MAE and RMSE (two outputs, uniform average) equal scikit-learn's")
    func regression() throws {
        let scores = try #require(RegressionScores(predictions: Self.regressionPredictions, targets: Self.regressionTargets, outputCount: 2))
        #expect(abs(try #require(scores.r2) - 0.8714226735081685) < 1e-13)
        #expect(abs(scores.mae - 0.3218333333333333) < 1e-14)
        #expect(abs(scores.rmse - 0.39170962188856284) < 1e-14)
        let constant = RegressionScores(predictions: [1, 2], targets: [3, 3], outputCount: 1)
        #expect(constant?.r2 == nil && constant?.mae == 1.5)
    }

    @Test("Calibration bins: counts, confidences and accuracies of a hand-made case; perfectly calibrated is 0")
    func calibration() {
        // Four rows of two classes: confidences 0.6 (right), 0.6 (wrong), 0.9 (right), 1.0 (right).
        let p: [Double] = [0.6, 0.4, 0.4, 0.6, 0.9, 0.1, 0.0, 1.0]
        let labels: [Int32] = [0, 0, 0, 1]
        let calibration = Calibration(probabilities: p, labels: labels, classCount: 2, rows: [0, 1, 2, 3])
        #expect(calibration.bins.count == 10)
        #expect(calibration.bins[5].count == 2 && calibration.bins[5].accuracy == 0.5)
        #expect(abs(calibration.bins[5].meanConfidence! - 0.6) < 1e-15)
        #expect(calibration.bins[8].count == 1 && calibration.bins[9].count == 1)  // 0.9 ∈ (0.8, 0.9], 1.0 ∈ (0.9, 1]
        #expect(calibration.bins[0].count == 0 && calibration.bins[0].accuracy == nil)
        // ECE = ½·|0.5 − 0.6| + ¼·|1 − 0.9| + ¼·|1 − 1| = 0.075.
        #expect(abs(calibration.expectedCalibrationError - 0.075) < 1e-15)
    }

    @Test("Scores over resampled rows count repeats; JSON has every key, nil as null")
    func resampledAndEncoded() throws {
        let p: [Double] = [0.8, 0.2, 0.3, 0.7]
        let scores = try #require(ClassificationScores(probabilities: p, labels: [0, 0], classCount: 2, rows: [0, 0, 0, 1]))
        #expect(scores.accuracy == 0.75 && scores.rowCount == 4)
        #expect(scores.rocAUC == nil)  // one class in the truth
        let json = String(decoding: try JSONEncoder().encode(scores), as: UTF8.self)
        #expect(json.contains("\"roc_auc\":null") && json.contains("\"macro_f1\""))
        #expect(ClassificationScores(probabilities: p, labels: [0, 0], classCount: 2, rows: []) == nil)
    }

    @Test("Class weighting: balanced is n/(C·nₖ) as scikit-learn's; NAME=W parses; unknown names and bad weights fail")
    func classWeighting() throws {
        let labels: [Int32] = [0, 0, 0, 0, 0, 0, 1, 1, 2, 2]
        let names = ["a", "b", "c"]
        let balanced = try #require(try ClassWeighting.balanced.weights(classNames: names, trainingLabels: labels))
        let expected: [Double] = [10.0 / 18, 10.0 / 6, 10.0 / 6]
        #expect(balanced == expected)
        #expect(try ClassWeighting.none.weights(classNames: names, trainingLabels: labels) == nil)
        let parsed = try ClassWeighting(parsing: "b=2.5,c=4")
        #expect(try parsed.weights(classNames: names, trainingLabels: labels) == [1, 2.5, 4])
        #expect(try ClassWeighting(parsing: "balanced") == .balanced)
        #expect(throws: EvaluationError.unknownClass(name: "d", known: names)) {
            try ClassWeighting(parsing: "d=1").weights(classNames: names, trainingLabels: labels)
        }
        #expect(throws: EvaluationError.invalidWeight(name: "a", value: "-1")) { try ClassWeighting(parsing: "a=-1") }
        #expect(throws: EvaluationError.invalidWeight(name: "oops", value: "")) { try ClassWeighting(parsing: "oops") }
        #expect(throws: EvaluationError.emptyClass(name: "c")) {
            try ClassWeighting.balanced.weights(classNames: names, trainingLabels: [0, 1])
        }
        let balance = ClassBalance(labels: labels, classCount: 3)
        #expect(balance.counts == [6, 2, 2] && balance.smallestClass == 1 && balance.smallestFraction == 0.2)
        #expect(!balance.isImbalanced() && balance.isImbalanced(threshold: 0.25))
    }

    @Test("Baselines: the prior predicts the majority with log-loss = cross-entropy of the prior; the mean regressor has R² 0 on training rows")
    func baselines() throws {
        let training: [Int32] = [0, 0, 0, 1, 2, 2]
        let prior = Baselines.classPrior(trainingLabels: training, classCount: 3)
        #expect(prior == [0.5, 1.0 / 6, 1.0 / 3])
        let scored: [Int32] = [0, 1, 2, 2]
        let scores = try #require(ClassificationScores(probabilities: Baselines.priorProbabilities(prior: prior, rowCount: 4),
                                                       labels: scored, classCount: 3))
        #expect(scores.accuracy == 0.25)
        let logs: [Double] = [log(0.5), log(1.0 / 6), log(1.0 / 3), log(1.0 / 3)]
        let expectedLogLoss = -logs.reduce(0, +) / 4
        #expect(abs(scores.logLoss - expectedLogLoss) < 1e-15)
        #expect(scores.rocAUC == 0.5)  // constant scores rank nothing
        let targets: [Double] = [1, 10, 3, 20, 5, 30]
        let mean = Baselines.targetMean(trainingTargets: targets, outputCount: 2)
        #expect(mean == [3, 20])
        let predictions: [Double] = (0..<6).map { mean[$0 % 2] }
        let regression = try #require(RegressionScores(predictions: predictions, targets: targets, outputCount: 2))
        #expect(abs(try #require(regression.r2)) < 1e-15)
        let spec = NetworkSpec(inputCount: 4, hiddenSizes: [32, 16], outputCount: 3, batchNorm: true, dropout: 0.2)
        #expect(Baselines.linearSpec(of: spec).layers == [.dense(outputCount: 3)])
    }
}
