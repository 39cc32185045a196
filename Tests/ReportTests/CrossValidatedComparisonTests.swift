import Descent
import Foundation
import Plot
import Report
import Testing

/// `compare --folds K --json` read back by the report: the optimizers' mean ± sd rows, the pairs'
/// corrected resampled t-tests, and the per-fold chart.
@Suite("Report: cross-validated comparison (compare --folds --json)")
struct CrossValidatedComparisonTests {
    static func fold(_ number: Int, _ logLoss: Double, _ accuracy: Double) -> String {
        #"{"type":"fold","fold":\#(number),"training_rows":114,"scored_rows":36,"epochs":20,"best_epoch":20,"log_loss":\#(logLoss),"accuracy":\#(accuracy),"roc_auc":null}"#
    }

    static func stats(_ values: [Double]) -> String {
        let s = FoldStatistics(values)
        return #"{"values":\#(values),"mean":\#(s.mean),"standard_deviation":\#(s.standardDeviation),"standard_error":\#(s.standardError)}"#
    }

    /// One line as `compare --folds 2 --json` writes it (keys in its order, the row lists short).
    static let text: String = {
        let sgd = #"{"name":"sgd","learning_rate":0.01,"rate_source":"default","batch_size":null,"diverged":null,"folds":[\#(fold(1, 0.3, 0.9)),\#(fold(2, 0.2, 0.8))],"metrics":{"log_loss":\#(stats([0.3, 0.2])),"accuracy":\#(stats([0.9, 0.8]))}}"#
        let adam = #"{"name":"adam","learning_rate":0.001,"rate_source":"default","batch_size":null,"diverged":null,"folds":[\#(fold(1, 0.125, 0.95)),\#(fold(2, 0.075, 1))],"metrics":{"log_loss":\#(stats([0.125, 0.075])),"accuracy":\#(stats([0.95, 1]))}}"#
        let lion = #"{"name":"lion","learning_rate":1,"rate_source":"given","batch_size":null,"diverged":"fold 2: loss is NaN","folds":[],"metrics":{}}"#
        let pair = #"{"type":"paired_test","first":"sgd","second":"adam","quantity":"log_loss","within_spread":false,"result":{"test":"corrected_resampled_t","count":2,"mean_difference":0.15,"standard_error":0.02,"statistic":7.5,"degrees_of_freedom":1,"p_value":0.0123,"interval":{"lower":0.09,"upper":0.21,"level":0.95,"method":"student_t"}}}"#
        return #"{"type":"compare_folds","data":"wine.csv","task":"classification","precision":"float64","epochs":20,"folds":2,"group":null,"seed":42,"threads":1,"quantity":"log_loss","test":"corrected_resampled_t","optimizers":[\#(sgd),\#(adam),\#(lion)],"paired_tests":[\#(pair)],"fold_of_row":[1,2],"line_of_row":[2,3]}"#
    }()

    @Test("The object decodes: optimizers with their folds and statistics, the diverged one, the pair")
    func decode() throws {
        let record = try #require(CrossValidatedComparison.parse(Self.text + "\n"))
        #expect(record.foldCount == 2 && record.quantity == "log_loss" && record.data == "wine.csv" && record.epochs == 20)
        #expect(record.entries.map(\.name) == ["sgd", "adam", "lion"])
        #expect(record.entries[1].folds.map(\.fold) == [1, 2] && record.entries[1].folds[0].metrics["log_loss"] == 0.125)
        #expect(record.entries[1].folds[0].metrics["roc_auc"] == .some(nil))
        #expect(record.entries[0].metrics["accuracy"]?.mean == FoldStatistics([0.9, 0.8]).mean)
        #expect(record.entries[2].diverged == "fold 2: loss is NaN" && record.entries[2].folds.isEmpty)
        #expect(record.pairs.count == 1 && record.pairs[0].test?.pValue == 0.0123 && record.pairs[0].withinSpread == false)
        #expect(CrossValidatedComparison.parse(#"{"type":"race","optimizers":[]}"#) == nil)
        #expect(CrossValidatedComparison.parse(Self.fold(1, 0.3, 0.9) + "\n" + Self.fold(2, 0.2, 0.8)) == nil)
        #expect(CrossValidatedComparison.parse("") == nil)
    }

    @Test("The loader reads the file as a comparison and the page shows the rows, the pair line and one chart")
    func page() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cvcompare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("compare.jsonl")
        try Data((Self.text + "\n").utf8).write(to: file)
        let inputs = try ReportLoader.load([file.path])
        #expect(inputs.comparison != nil && inputs.skipped.isEmpty)
        let document = RunReport.document(inputs)
        let html = document.html()
        #expect(html.contains("<h2>Cross-validated comparison</h2>"))
        #expect(html.contains("<td>sgd</td>") && html.contains("0.25 ± 0.07071") && html.contains("0.1 ± 0.03536"))
        #expect(html.contains("0.85 ± 0.07071") && html.contains("0.975 ± 0.03536"))
        #expect(html.contains("diverged in fold 2: loss is NaN"))
        #expect(html.contains("<td>sgd − adam</td>") && html.contains("[0.09, 0.21]") && html.contains("0.012"))
        #expect(document.figureCount == 1)
        #expect(html.contains("sgd mean 0.25") && html.contains("adam mean 0.1"))
        #expect(!html.contains("lion mean"))
    }
}
