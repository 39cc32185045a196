import Foundation
import Testing

/// train --test-split / --class-weight / --folds and evaluate's honest scores, end to end.
@Suite("Honest evaluation: held-out rows, trained-row warning, class weights, k-fold cross-validation")
struct HonestEvaluationCLITests {
    typealias S = CLITestSupport

    func object(_ text: String, type: String) throws -> [String: Any] {
        for line in text.split(separator: "\n") {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], object["type"] as? String == type {
                return object
            }
        }
        throw CLITestFailure(message: "no JSON object of type \(type) in: \(text.prefix(400))")
    }

    @Test("evaluate --held-out scores exactly train's test rows (same accuracy as train's summary); the whole file warns about trained rows")
    func heldOutRows() throws {
        let directory = try S.temporaryDirectory()
        let model = directory.appendingPathComponent("m.safetensors").path
        let trained = try DescentBinary.run(["train", S.example("iris.csv"), "--test-split", "0.2", "--epochs", "20", "--out", model, "--json",
                                             "--bootstrap", "200"])
        #expect(trained.status == 0, "stderr: \(trained.stderr)")
        let summary = try S.lastJSONObject(trained.stdout)
        #expect(summary["scored_rows"] as? String == "test")
        let scores = try #require(summary["scores"] as? [String: Any])
        let intervals = try #require(scores["intervals"] as? [String: Any])
        let accuracyInterval = try #require(intervals["accuracy"] as? [String: Any])
        #expect(accuracyInterval["method"] as? String == "wilson")
        #expect(summary["linear_scores"] is [String: Any])

        let heldOut = try DescentBinary.run(["evaluate", model, S.example("iris.csv"), "--held-out", "--json", "--bootstrap", "200"])
        #expect(heldOut.status == 0, "stderr: \(heldOut.stderr)")
        let evaluation = try object(heldOut.stdout, type: "evaluation")
        #expect(evaluation["rows"] as? Int == 30)
        #expect(evaluation["rows_seen_in_training"] as? Int == 0)
        #expect(evaluation["held_out"] as? Bool == true)
        #expect(evaluation["loss"] as? Double == summary["test_loss"] as? Double)
        #expect(evaluation["accuracy"] as? Double == summary["test_accuracy"] as? Double)
        let evaluatedScores = try #require(evaluation["scores"] as? [String: Any])
        #expect(evaluatedScores["baseline_classification"] is [String: Any])
        #expect(evaluation["linear_scores"] is [String: Any])
        #expect(!heldOut.stderr.contains("warning"))

        let whole = try DescentBinary.run(["evaluate", model, S.example("iris.csv"), "--bootstrap", "0"])
        #expect(whole.status == 0)
        #expect(whole.stderr.contains("warning: 120 of the 150 scored rows were used in training or validation"), "stderr: \(whole.stderr)")
        #expect(whole.stderr.contains("--held-out"))
        #expect(whole.stdout.contains("baseline  accuracy 0.3333"))
    }

    @Test("--held-out refuses a model without test rows and a different file")
    func heldOutRefusals() throws {
        let directory = try S.temporaryDirectory()
        let model = directory.appendingPathComponent("m.safetensors").path
        let trained = try DescentBinary.run(["train", S.example("iris.csv"), "--epochs", "2", "--out", model, "--quiet"])
        #expect(trained.status == 0)
        let none = try DescentBinary.run(["evaluate", model, S.example("iris.csv"), "--held-out"])
        #expect(none.status == 64 && none.stderr.contains("--test-split"), "stderr: \(none.stderr)")
        let split = directory.appendingPathComponent("s.safetensors").path
        _ = try DescentBinary.run(["train", S.example("iris.csv"), "--test-split", "0.2", "--epochs", "2", "--out", split, "--quiet"])
        let text = try String(contentsOfFile: S.example("iris.csv"), encoding: .utf8)
        let other = try S.write(text + text.split(whereSeparator: \.isNewline)[1] + "\n", "other.csv", in: directory)
        let mismatch = try DescentBinary.run(["evaluate", split, other, "--held-out"])
        #expect(mismatch.status == 64 && mismatch.stderr.contains("SHA-256"), "stderr: \(mismatch.stderr)")
    }

    @Test("--class-weight balanced is recorded in the model; an imbalanced file warns and suggests it; bad names are usage errors")
    func classWeights() throws {
        let directory = try S.temporaryDirectory()
        // 95 rows of class a, 5 of class b.
        var text = "x,y,label\n"
        for row in 0..<100 { text += "\(Double(row) / 10),\(row % 7),\(row < 95 ? "a" : "b")\n" }
        let data = try S.write(text, "imbalanced.csv", in: directory)
        let plain = try DescentBinary.run(["train", data, "--epochs", "2", "--quiet"])
        #expect(plain.status == 0)
        #expect(plain.stderr.contains("class \"b\" is") && plain.stderr.contains("--class-weight balanced"), "stderr: \(plain.stderr)")
        let model = directory.appendingPathComponent("w.safetensors").path
        let weighted = try DescentBinary.run(["train", data, "--epochs", "2", "--quiet", "--class-weight", "balanced", "--out", model])
        #expect(weighted.status == 0, "stderr: \(weighted.stderr)")
        #expect(!weighted.stderr.contains("--class-weight balanced weighs"))
        let bytes = try String(decoding: Data(contentsOf: URL(fileURLWithPath: model)).prefix(20000), as: UTF8.self)
        #expect(bytes.contains("class_weights"))
        let bad = try DescentBinary.run(["train", data, "--epochs", "2", "--class-weight", "zebra=2"])
        #expect(bad.status == 64 && bad.stderr.contains("zebra"), "stderr: \(bad.stderr)")
    }

    @Test("--folds 5 --json: one line per fold, a summary whose assignment puts every row in one fold, mean ± sd")
    func folds() throws {
        let result = try DescentBinary.run(["train", S.example("iris.csv"), "--folds", "5", "--epochs", "15", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.filter { $0["type"] as? String == "fold" }.count == 5)
        let summary = try object(result.stdout, type: "cross_validation")
        let foldOfRow = try #require(summary["fold_of_row"] as? [Int])
        #expect(foldOfRow.count == 150)
        for fold in 1...5 { #expect(foldOfRow.filter { $0 == fold }.count == 30) }
        let metrics = try #require(summary["metrics"] as? [String: Any])
        let accuracy = try #require(metrics["accuracy"] as? [String: Any])
        #expect((accuracy["values"] as? [Double])?.count == 5)
        #expect(accuracy["standard_deviation"] is Double)
        #expect(summary["group"] is NSNull)
        let tooMany = try DescentBinary.run(["train", S.example("iris.csv"), "--folds", "151"])
        #expect(tooMany.status == 64 && tooMany.stderr.contains("2…150"), "stderr: \(tooMany.stderr)")
    }

    @Test("--folds --group keeps each group in one fold; --refit writes one model")
    func groupedFoldsAndRefit() throws {
        let directory = try S.temporaryDirectory()
        var text = "patient,x,y\n"
        for row in 0..<60 { text += "p\(row / 4),\(Double(row % 9) - 4),\(row % 9 < 4 ? "lo" : "hi")\n" }
        let data = try S.write(text, "patients.csv", in: directory)
        let model = directory.appendingPathComponent("refit.safetensors").path
        let result = try DescentBinary.run(["train", data, "--folds", "3", "--group", "patient", "--epochs", "5", "--json", "--refit", "--out", model])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let summary = try object(result.stdout, type: "cross_validation")
        let foldOfRow = try #require(summary["fold_of_row"] as? [Int])
        let lineOfRow = try #require(summary["line_of_row"] as? [Int])
        for group in 0..<15 {
            let folds = Set(lineOfRow.indices.filter { (lineOfRow[$0] - 2) / 4 == group }.map { foldOfRow[$0] })
            #expect(folds.count == 1, "group p\(group) straddles folds \(folds)")
        }
        #expect(summary["models"] as? [String] == [model])
        #expect(FileManager.default.fileExists(atPath: model))
        let missing = try DescentBinary.run(["train", data, "--folds", "3", "--group", "nurse"])
        #expect(missing.status == 64 && missing.stderr.contains("nurse"), "stderr: \(missing.stderr)")
    }

    @Test("compare: every pair of optimizers gets a paired t-test over the seeds, named, with within_spread")
    func comparePairs() throws {
        let result = try DescentBinary.run(["compare", S.example("iris.csv"), "--optimizers", "sgd,adam,rmsprop", "--seeds", "3",
                                            "--epochs", "3", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try S.lastJSONObject(result.stdout)
        let pairs = try #require(object["paired_tests"] as? [[String: Any]])
        #expect(pairs.count == 3)
        let first = try #require(pairs.first)
        #expect(first["type"] as? String == "paired_test" && first["quantity"] as? String == "final_val_loss")
        #expect(first["within_spread"] is Bool)
        let test = try #require(first["result"] as? [String: Any])
        #expect(test["test"] as? String == "paired_t" && test["degrees_of_freedom"] as? Int == 2)
    }
}
