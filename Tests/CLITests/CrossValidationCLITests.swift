import Descent
import Foundation
import Testing

/// `train --folds K` end to end: parallel folds give the same bits, the models written are named,
/// outputs may not alias, and a fold model resumes from its stored configuration.
@Suite("train --folds: parallel folds, saved fold models, resume")
struct CrossValidationCLITests {
    typealias S = CLITestSupport

    @Test("--threads 2 trains two folds at a time and prints the same JSON, byte for byte, as --threads 1")
    func parallelFoldsSameBits() throws {
        let arguments = ["train", S.example("iris.csv"), "--folds", "5", "--epochs", "12", "--json"]
        let one = try DescentBinary.run(arguments + ["--threads", "1"])
        let two = try DescentBinary.run(arguments + ["--threads", "2"])
        #expect(one.status == 0 && two.status == 0, "stderr: \(one.stderr) \(two.stderr)")
        #expect(one.stdout.split(separator: "\n").filter { $0.contains("\"type\":\"fold\"") }.count == 5)
        #expect(one.stdout == two.stdout)
    }

    @Test("--out names the K fold models it wrote (text and JSON); an output aliasing a fold model is refused")
    func foldModelsNamed() throws {
        let directory = try S.temporaryDirectory()
        let model = directory.appendingPathComponent("m.safetensors").path
        let text = try DescentBinary.run(["train", S.example("iris.csv"), "--folds", "3", "--epochs", "5", "--out", model])
        #expect(text.status == 0, "stderr: \(text.stderr)")
        #expect(text.stdout.contains("3 fold models"))
        for fold in 1...3 {
            let path = directory.appendingPathComponent("m.fold\(fold).safetensors").path
            #expect(text.stdout.contains(path))
            let stored = try #require(try RunConfiguration.stored(in: try SafeTensorsFile.read(from: path)))
            #expect(stored.folds?.fold == fold - 1 && stored.folds?.foldCount == 3)
        }
        let json = try DescentBinary.run(["train", S.example("iris.csv"), "--folds", "3", "--epochs", "5", "--out", model, "--json"])
        let summary = try S.lastJSONObject(json.stdout)
        #expect(summary["models"] as? [String] == (1...3).map { directory.appendingPathComponent("m.fold\($0).safetensors").path })
        let alias = try DescentBinary.run(["train", S.example("iris.csv"), "--folds", "3", "--out", model,
                                           "--history", directory.appendingPathComponent("m.fold2.safetensors").path])
        #expect(alias.status == 64 && alias.stderr.contains("--history"), "stderr: \(alias.stderr)")
    }

    @Test("A fold model resumes from its stored configuration on its own rows: 6 + 4 epochs = 10 epochs, same weights")
    func foldModelResumes() throws {
        let directory = try S.temporaryDirectory()
        let short = directory.appendingPathComponent("short.safetensors").path
        let long = directory.appendingPathComponent("long.safetensors").path
        let resumed = directory.appendingPathComponent("resumed.safetensors").path
        let common = ["train", S.example("iris.csv"), "--folds", "3", "--no-early-stopping", "--seed", "4", "--quiet"]
        #expect(try DescentBinary.run(common + ["--epochs", "6", "--out", short]).status == 0)
        #expect(try DescentBinary.run(common + ["--epochs", "10", "--out", long]).status == 0)
        let again = try DescentBinary.run(["train", "--resume", directory.appendingPathComponent("short.fold2.safetensors").path,
                                           "--epochs", "10", "--out", resumed, "--quiet", "--no-linear-baseline"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        let a = try SafeTensorsFile.read(from: resumed), b = try SafeTensorsFile.read(from: directory.appendingPathComponent("long.fold2.safetensors").path)
        #expect(!a.tensors.isEmpty && a.tensors == b.tensors)
        #expect(try RunConfiguration.stored(in: a)?.folds?.fold == 1)
    }
}
