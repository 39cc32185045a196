import Foundation
import Testing

@Suite("descent train, evaluate and predict on real and synthetic data")
struct TrainCLITests {
    typealias S = CLITestSupport

    @Test("iris and wine with default flags reach validation accuracy ≥ 0.9", arguments: ["iris.csv", "wine.csv"])
    func defaults(file: String) throws {
        let result = try DescentBinary.run(["train", S.example(file), "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let summary = try S.lastJSONObject(result.stdout)
        let accuracy = try #require(summary["val_accuracy"] as? Double)
        #expect(accuracy >= 0.9, "\(file): validation accuracy \(accuracy)")
        // Every epoch line carries the documented keys.
        let first = try #require(result.stdout.split(separator: "\n").first)
        let epoch = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        for key in ["epoch", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "lr", "seconds"] {
            #expect(epoch[key] != nil, "epoch line lacks \(key): \(first)")
        }
    }

    @Test("A 3-class spiral reaches training accuracy ≥ 0.95 with 100 hidden units")
    func spiral() throws {
        let directory = try S.temporaryDirectory()
        let data = directory.appendingPathComponent("spiral.csv").path
        #expect(try DescentBinary.run(["make-data", "spiral", "--samples", "300", "--classes", "3", "--seed", "0", "--out", data]).status == 0)
        let result = try DescentBinary.run(["train", data, "--layers", "100", "--val-split", "0", "--epochs", "300", "--lr", "0.01", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let accuracy = try #require(try S.lastJSONObject(result.stdout)["train_accuracy"] as? Double)
        #expect(accuracy >= 0.95, "spiral training accuracy \(accuracy)")
    }

    @Test("A synthetic regression reaches R² ≥ 0.95")
    func regression() throws {
        let directory = try S.temporaryDirectory()
        let data = directory.appendingPathComponent("regression.csv").path
        #expect(try DescentBinary.run(["make-data", "regression", "--samples", "500", "--seed", "1", "--out", data]).status == 0)
        let result = try DescentBinary.run(["train", data, "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let r2 = try #require(try S.lastJSONObject(result.stdout)["val_r2"] as? Double)
        #expect(r2 >= 0.95, "validation R² \(r2)")
    }

    @Test("Same seed ⇒ the same history, byte for byte (timing columns aside); another seed differs")
    func determinism() throws {
        let directory = try S.temporaryDirectory()
        func history(_ name: String, seed: String) throws -> String {
            let path = directory.appendingPathComponent(name).path
            let result = try DescentBinary.run(["train", S.example("iris.csv"), "--epochs", "15", "--no-early-stopping", "--dropout", "0.1",
                                                "--batch-norm", "--seed", seed, "--history", path, "--quiet"])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            return try S.historyWithoutTiming(path)
        }
        let a = try history("a.csv", seed: "7"), b = try history("b.csv", seed: "7"), c = try history("c.csv", seed: "8")
        #expect(a == b)
        #expect(a != c)
        #expect(a.split(separator: "\n").count == 16)
    }

    @Test("Resume ⇒ the same history as an uninterrupted run")
    func resume() throws {
        let directory = try S.temporaryDirectory()
        let full = directory.appendingPathComponent("full.csv").path, resumed = directory.appendingPathComponent("resumed.csv").path
        let model = directory.appendingPathComponent("part.safetensors").path
        let common = ["--no-early-stopping", "--dropout", "0.2", "--batch-norm", "--optimizer", "momentum", "--schedule", "step", "--step-size", "3", "--quiet"]
        #expect(try DescentBinary.run(["train", S.example("iris.csv"), "--epochs", "12", "--history", full] + common).status == 0)
        #expect(try DescentBinary.run(["train", S.example("iris.csv"), "--epochs", "5", "--out", model] + common).status == 0)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("part.resume.safetensors").path))
        let result = try DescentBinary.run(["train", "--resume", model, "--epochs", "12", "--history", resumed, "--quiet"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(try S.historyWithoutTiming(full) == S.historyWithoutTiming(resumed))
    }

    @Test("evaluate reproduces the validation accuracy training reported; predict labels every row")
    func evaluateAndPredict() throws {
        let directory = try S.temporaryDirectory()
        let lines = try String(contentsOfFile: S.example("iris.csv"), encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        // Every fifth flower is held out as an explicit validation file (all three classes appear).
        let header = lines[0], rows = Array(lines.dropFirst())
        let train = try S.write(([header] + rows.enumerated().filter { $0.offset % 5 != 0 }.map(\.element)).joined(separator: "\n") + "\n", "train.csv", in: directory)
        let val = try S.write(([header] + rows.enumerated().filter { $0.offset % 5 == 0 }.map(\.element)).joined(separator: "\n") + "\n", "val.csv", in: directory)
        let model = directory.appendingPathComponent("iris.safetensors").path
        let trained = try DescentBinary.run(["train", train, "--val", val, "--out", model, "--json", "--epochs", "60"])
        #expect(trained.status == 0, "stderr: \(trained.stderr)")
        let reported = try #require(try S.lastJSONObject(trained.stdout)["val_accuracy"] as? Double)
        let evaluated = try DescentBinary.run(["evaluate", model, val, "--json"])
        #expect(evaluated.status == 0, "stderr: \(evaluated.stderr)")
        let metrics = try S.lastJSONObject(evaluated.stdout)
        #expect(metrics["accuracy"] as? Double == reported)
        #expect(metrics["loss"] is Double)
        let confusion = try #require(metrics["confusion_matrix"] as? [[Int]])
        #expect(confusion.flatMap { $0 }.reduce(0, +) == 30)
        // predict works without the target column.
        let unlabelled = try S.write(lines.map { $0.split(separator: ",").dropLast().joined(separator: ",") }.joined(separator: "\n") + "\n", "unlabelled.csv", in: directory)
        let predicted = try DescentBinary.run(["predict", model, unlabelled])
        #expect(predicted.status == 0, "stderr: \(predicted.stderr)")
        let output = predicted.stdout.split(separator: "\n")
        #expect(output.first == "prediction,p_setosa,p_versicolor,p_virginica")
        #expect(output.count == 151)
        #expect(output.dropFirst().allSatisfy { ["setosa", "versicolor", "virginica"].contains(String($0.split(separator: ",")[0])) })
    }

    @Test("A huge learning rate diverges: exit 3, a hint, and the last good checkpoint kept")
    func divergence() throws {
        let directory = try S.temporaryDirectory()
        let model = directory.appendingPathComponent("m.safetensors").path
        let result = try DescentBinary.run(["train", S.example("iris.csv"), "--optimizer", "sgd", "--lr", "1e12", "--out", model, "--quiet"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("diverged") && result.stderr.contains("--lr"), "stderr: \(result.stderr)")
        let evaluated = try DescentBinary.run(["evaluate", model, S.example("iris.csv"), "--json"])
        #expect(evaluated.status == 0, "the kept checkpoint must load: \(evaluated.stderr)")
        #expect((try S.lastJSONObject(evaluated.stdout)["loss"] as? Double)?.isFinite == true)
    }
}
