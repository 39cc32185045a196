import Descent
import Foundation
import Plot
import Report
import Testing

/// The evaluation part of a report: an `evaluate --json` record read back with its scores, the
/// table of scores with intervals beside the baselines, the calibration and residual pictures,
/// and the folds of `train --folds K --json`.
@Suite("Report: scores with intervals and baselines, reliability diagram, residuals, cross-validation")
struct EvaluationReportTests {
    static let probabilities: [Double] = [0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.1, 0.1, 0.8]
    static let labels: [Int32] = [0, 1, 2, 1, 1, 2]

    static func classification() throws -> ScoreReport {
        try #require(ScoreReport(probabilities: probabilities, labels: labels, classCount: 3, prior: [0.5, 0.25, 0.25],
                                 bootstrap: Bootstrap(resamples: 100, seed: 3)))
    }

    /// An evaluate --json line with the given scores, as descent writes it (snake_case, nulls kept).
    static func evaluationJSON(_ scores: ScoreReport, linear: ScoreReport?) throws -> Data {
        let encoder = JSONEncoder()
        func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        let text = """
        {"type":"evaluation","rows":6,"rows_total":6,"loss":0.61,"accuracy":0.8333333333333334,\
        "classes":[{"class":"a","precision":1,"recall":1,"f1":1,"support":1}],"confusion_matrix":[[1,0,0],[1,2,0],[0,1,1]],\
        "rmse":null,"mae":null,"r2":null,"held_out":true,"rows_seen_in_training":0,\
        "scores":\(try json(scores)),"linear_scores":\(try linear.map(json) ?? "null")}
        """
        return Data(text.utf8)
    }

    @Test("An evaluate --json record decodes with its scores; a broken scores block keeps the confusion matrix")
    func decode() throws {
        let scores = try Self.classification()
        let summary = try #require(EvaluationSummary.decode(try Self.evaluationJSON(scores, linear: scores)))
        #expect(summary.scores == scores && summary.linearScores == scores)
        #expect(summary.heldOut == true && summary.rowsSeenInTraining == 0 && summary.confusionMatrix?.count == 3)
        let broken = Data(#"{"rows":6,"confusion_matrix":[[1,0],[0,1]],"scores":{"intervals":7}}"#.utf8)
        let partial = try #require(EvaluationSummary.decode(broken))
        #expect(partial.scores == nil && partial.confusionMatrix == [[1, 0], [0, 1]])
    }

    @Test("The page: every score with its interval beside the linear model and the baseline; the reliability diagram with ECE")
    func classificationPage() throws {
        let scores = try Self.classification()
        var inputs = ReportInputs()
        inputs.evaluation = ("test rows", try #require(EvaluationSummary.decode(try Self.evaluationJSON(scores, linear: scores))))
        let document = RunReport.document(inputs)
        #expect(document.sections.map(\.title) == ["Scores", "Confusion matrix", "Calibration", "Files read"])
        guard case let .table(header, rows, _)? = document.sections[0].blocks.first(where: { if case .table = $0 { true } else { false } }) else {
            Issue.record("no score table")
            return
        }
        #expect(header.count == 4 && rows.count == ScoreReport.classificationIntervalNames.count)
        let accuracy = try #require(scores.intervals["accuracy"] ?? nil)
        #expect(rows[0][1] == "0.8333 [\(String(format: "%.4g", accuracy.lower)), \(String(format: "%.4g", accuracy.upper))]")
        for row in rows { #expect(row[1].contains("[") && row[3].contains("["), "\(row)") }   // model and baseline intervals
        let html = document.html()
        #expect(html.contains("perfect calibration") && html.contains("ECE"))
        let panels = EvaluationCharts.calibration(scores, linear: nil)
        let diagram = try #require(panels.first as? ReliabilityDiagram)
        let filled = scores.calibration!.bins.filter { $0.count > 0 }
        #expect(diagram.curves[0].confidence == filled.map { $0.meanConfidence! } && diagram.curves[0].accuracy == filled.map { $0.accuracy! })
        let counts = try #require(panels.last as? Histogram)
        #expect(counts.bins.counts.reduce(0, +) == 6 && counts.bins.edges.first == 0 && counts.bins.edges.last == 1)
    }

    @Test("A regression evaluation gets the residual plot: residuals against predictions with the zero line, and their histogram")
    func regressionPage() throws {
        let predictions: [Double] = [1, 2, 3, 4, 5, 6], targets: [Double] = [1.5, 1.5, 3.2, 3.6, 5, 7]
        let scores = try #require(ScoreReport(predictions: predictions, targets: targets, outputCount: 1, mean: [3.3],
                                              bootstrap: Bootstrap(resamples: 50, seed: 0)))
        var summary = EvaluationSummary(rows: 6, loss: 0.2, accuracy: nil, classNames: [], confusion: [], scores: scores)
        summary.heldOut = false
        var inputs = ReportInputs()
        inputs.evaluation = ("test rows", summary)
        let document = RunReport.document(inputs)
        #expect(document.sections.map(\.title) == ["Scores", "Residuals", "Files read"])
        let panels = EvaluationCharts.residuals(scores)
        let scatter = try #require(panels.first as? ScatterPlot)
        #expect(scatter.series[0].x == predictions && scatter.series[0].y == zip(targets, predictions).map { $0 - $1 })
        #expect(scatter.referenceLines.map(\.value) == [0])
        #expect(document.html().contains("RMSE ↓") && document.html().contains("baseline: training mean"))
    }

    @Test("train --folds K --json lines: per fold and mean ± sd; other JSON lines are not a cross-validation")
    func crossValidation() throws {
        let text = """
        {"type": "fold", "fold": 1, "training_rows": 80, "scored_rows": 50, "epochs": 20, "accuracy": 0.9, "roc_auc": null}
        {"type": "fold", "fold": 2, "training_rows": 80, "scored_rows": 50, "epochs": 20, "accuracy": 0.8, "roc_auc": 0.95}
        {"type": "cross_validation", "folds": 2, "group": null, "metrics": {"accuracy":{"mean":0.85,"standard_deviation":0.0707,"standard_error":0.05,"values":[0.9,0.8]}}, "refit": false, "models": []}
        """
        let record = try #require(CrossValidationRecord.parse(text))
        #expect(record.folds.count == 2 && record.foldCount == 2 && record.folds[0].trainingRows == 80)
        #expect(record.folds[0].metrics["roc_auc"] == .some(nil) && record.folds[1].metrics["accuracy"] == 0.8)
        #expect(record.metrics["accuracy"]?.mean == 0.85)
        #expect(CrossValidationRecord.parse(#"{"type": "trial", "trial": 1}"#) == nil)
        #expect(CrossValidationRecord.parse("") == nil)
        var inputs = ReportInputs()
        inputs.crossValidation = record
        let html = RunReport.document(inputs).html()
        #expect(html.contains("<h2>Cross-validation</h2>") && html.contains("accuracy ↑ 0.85 ± 0.0707"))
        // roc_auc has no closing statistics: computed from the folds where it is defined (one: sd 0).
        #expect(html.contains("ROC-AUC ↑ 0.95 ± 0"))
    }
}

@Suite("Report: the spread beside the race's medians")
struct RaceSpreadTests {
    @Test("A race's medians over several seeds carry the seeds' range; one seed shows the value alone")
    func raceRange() throws {
        let text = #"{"optimizers":[{"optimizer":"sgd","final_val_accuracy":{"median":0.7,"min":0.6333,"max":0.8,"count":3}},"#
            + #"{"optimizer":"adam","final_val_accuracy":{"median":0.9,"min":0.9,"max":0.9,"count":1}}]}"#
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var inputs = ReportInputs()
        inputs.race = try decoder.decode(RaceSummary.self, from: Data(text.utf8))
        let html = RunReport.document(inputs).html()
        #expect(html.contains("0.7 [0.6333, 0.8]"))
        #expect(html.contains(">0.9<") && !html.contains("0.9 [0.9, 0.9]"))
    }
}

@Suite("Report: JSON lines of other kinds are listed as not shown")
struct ReportLoaderKindsTests {
    @Test("train --json epoch lines are skipped with their type named; the folds of train --folds --json are read as a cross-validation")
    func kinds() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-report-kinds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try #"{"epoch":1,"train_loss":0.5,"type":"epoch"}"#.write(to: directory.appendingPathComponent("epochs.jsonl"), atomically: true, encoding: .utf8)
        try #"{"type":"fold","fold":1,"accuracy":0.9}"#.write(to: directory.appendingPathComponent("folds.json"), atomically: true, encoding: .utf8)
        let inputs = try ReportLoader.load([directory.path])
        #expect(inputs.skipped.contains { $0.name == "epochs.jsonl" && $0.value.contains("type 'epoch'") })
        #expect(inputs.crossValidation?.folds.first?.metrics["accuracy"] == 0.9)
        #expect(inputs.trials.isEmpty)
    }
}
