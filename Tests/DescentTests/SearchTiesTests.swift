import Foundation
import Testing
@testable import Descent

@Suite("Search with --folds: CV records, ties within one standard error, the --prefer choice")
struct SearchTiesTests {
    static let space = ["units=int:1:64", "lr=log:1e-4:1e-1"]

    /// A cross-validated finished trial with mean `loss` and standard error `error`.
    static func trial(_ index: Int, units: Int, loss: Double, error: Double) -> TrialResult {
        let trial = SearchTrial(round: 1, index: index, values: [SearchAssignment(name: "units", value: .integer(units)),
                                                                 SearchAssignment(name: "lr", value: .real(0.01))])
        var result = TrialResult(trial: trial, status: .finished, validationLoss: loss, validationAccuracy: 0.9, bestEpoch: 7,
                                 maxEpochs: 10, seconds: 1, space: space, arguments: ["--folds", "5"] + trial.arguments)
        result.crossValidation = TrialCrossValidation(folds: 5, metric: "log_loss", standardError: error)
        return result
    }

    @Test("A CV record reads back exactly; every CV key is written, null for a single-split trial; an old record without them reads as nil")
    func coding() throws {
        let result = Self.trial(0, units: 8, loss: 0.1 + 1e-17, error: 0.0123456789)
        #expect(try TrialResult(jsonLine: result.jsonLine) == result)
        var plain = result
        plain.crossValidation = nil
        let object = try #require(try JSONSerialization.jsonObject(with: Data(plain.jsonLine.utf8)) as? [String: Any])
        for key in ["cv_folds", "cv_metric", "val_loss_se"] { #expect(object[key] is NSNull, "\(key) must be null, not omitted") }
        let old = #"{"round": 1, "trial": 0, "params": {"units": 8, "lr": 0.01}, "status": "finished", "val_loss": 0.2, "max_epochs": 10, "space": ["units=int:1:64", "lr=log:1e-4:1e-1"], "arguments": []}"#
        let read = try TrialResult(jsonLine: old)
        #expect(read.crossValidation == nil && read.scoreStandardError == nil && read.validationLoss == 0.2)
    }

    @Test("Ranked by the mean; tied when mean ≤ best + SE_best; the one-SE choice takes the smallest (or largest) units among the tied")
    func ties() throws {
        // best 0.30 ± 0.05 → bound 0.35: 0.34 and 0.35 tied, 0.36 not (whatever its own SE).
        let results = [Self.trial(0, units: 64, loss: 0.30, error: 0.05), Self.trial(1, units: 16, loss: 0.34, error: 0.01),
                       Self.trial(2, units: 2, loss: 0.36, error: 0.2), Self.trial(3, units: 32, loss: 0.35, error: 0.0)]
        let summary = SearchSummary(results: results)
        #expect(summary.ranked.map(\.trial.index) == [0, 1, 3, 2])
        #expect(summary.tieBound == 0.35)
        #expect(summary.tied.map(\.trial.index) == [0, 1, 3])
        #expect(try summary.oneStandardErrorChoice(parameter: "units", preferLarger: false)?.trial.index == 1)
        #expect(try summary.oneStandardErrorChoice(parameter: "units", preferLarger: true)?.trial.index == 0)
        #expect(throws: SearchError.preferParameter(name: "width")) { try summary.oneStandardErrorChoice(parameter: "width", preferLarger: false) }
        let table = summary.table(top: 10).split(separator: "\n")
        #expect(table[0].contains("se") && table[0].contains("tie"))
        #expect(table[1].contains("best") && table[2].contains("tied") && table[3].contains("tied") && !table[4].contains("tied"))
        // Without CV records: no ties, no choice, the table has no se/tie columns.
        let plain = SearchSummary(results: results.map { var r = $0; r.crossValidation = nil; return r })
        #expect(plain.tied.isEmpty && plain.tieBound == nil)
        #expect(try plain.oneStandardErrorChoice(parameter: "units", preferLarger: false) == nil)
        #expect(!plain.table(top: 10).contains("tie"))
    }

    @Test("Equal values go to the better rank; a layer list counts its hidden units")
    func complexity() throws {
        #expect(SearchSummary.complexity(of: .choice("64,64")) == 128)
        #expect(SearchSummary.complexity(of: .choice("0.5")) == 0.5)
        #expect(SearchSummary.complexity(of: .choice("relu")) == nil)
        let summary = SearchSummary(results: [Self.trial(0, units: 8, loss: 0.31, error: 0.1), Self.trial(1, units: 8, loss: 0.30, error: 0.1)])
        #expect(try summary.oneStandardErrorChoice(parameter: "units", preferLarger: false)?.trial.index == 1)
    }

    @Test("The cross-validation line of train --folds --json decodes; log_loss ranks classification, rmse regression")
    func trainLine() throws {
        let line = #"{"type": "cross_validation", "folds": 3, "group": null, "metrics": {"accuracy":{"mean":0.8,"standard_deviation":0.1,"standard_error":0.05,"values":[0.7,0.8,0.9]},"log_loss":{"mean":0.4,"standard_deviation":0.03,"standard_error":0.01,"values":[0.37,0.4,0.43]}}, "refit": false, "models": []}"#
        let decoded = try #require(TrainOutput.crossValidation(inOutput: ["{\"type\": \"fold\"}", Substring(line)]))
        #expect(decoded.folds == 3 && decoded.rankingMetric == "log_loss" && decoded.metrics["log_loss"]?.standardError == 0.01)
        let regression = CrossValidationLine(type: "cross_validation", folds: 2, metrics: ["rmse": FoldStatistics([1, 2]), "r2": FoldStatistics([0.5, 0.6])])
        #expect(regression.rankingMetric == "rmse")
        #expect(TrainOutput.crossValidation(inOutput: ["{\"type\": \"summary\"}"]) == nil)
    }
}
