import Descent
import Foundation
import Testing

/// The checkpoints of Tests/DescentTests/Fixtures/v0.1, written by v0.1 (scripts/fixtures-v0.1) with
/// what v0.1 printed for them: `predict` and `train --resume` must give the same bytes today.
@Suite("v0.1 checkpoints through the CLI: predict and resume as v0.1 did")
struct CheckpointV01CLITests {
    typealias S = CLITestSupport
    static let fixtures = S.repositoryRoot.appendingPathComponent("Tests/DescentTests/Fixtures/v0.1")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    @Test("predict on a v0.1 model prints what v0.1 printed", arguments: ["iris-float", "iris-double-bn", "iris-regression"])
    func predict(name: String) throws {
        let result = try DescentBinary.run(["predict", Self.fixture(name + ".safetensors"), S.example("iris.csv")])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == (try String(contentsOfFile: Self.fixture(name + ".predictions.csv"), encoding: .utf8)))
    }

    @Test("--resume of a v0.1 model and resume file continues as v0.1 continued it",
          arguments: [("iris-float", 4), ("iris-double-bn", 4), ("iris-regression", 4), ("iris-interrupted", 60)])
    func resume(name: String, epochs: Int) throws {
        let directory = try S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in [name + ".safetensors", name + ".resume.safetensors"] {
            try FileManager.default.copyItem(atPath: Self.fixture(file), toPath: directory.appendingPathComponent(file).path)
        }
        let model = directory.appendingPathComponent(name + ".safetensors").path
        let continued = directory.appendingPathComponent("continued.safetensors").path
        let environment: [String: String?] = ["DESCENT_THREADS": "1"]
        let train = try DescentBinary.run(["train", "--quiet", "--threads", "1", "--resume", model, S.example("iris.csv"),
                                           "--epochs", String(epochs), "--out", continued], environment: environment)
        #expect(train.status == 0, "stderr: \(train.stderr)")
        let predicted = try DescentBinary.run(["predict", continued, S.example("iris.csv")], environment: environment)
        #expect(predicted.stdout == (try String(contentsOfFile: Self.fixture(name + ".continued-predictions.csv"), encoding: .utf8)))
        let state = try TrainerState(resumeFile: try SafeTensorsFile.read(from: directory.appendingPathComponent("continued.resume.safetensors").path),
                                     path: "continued")
        #expect(state.formatVersion == TrainerState.currentFormatVersion && state.completedEpochs == epochs)
    }
}
