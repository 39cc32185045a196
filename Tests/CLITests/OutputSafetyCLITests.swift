import Foundation
import Testing

/// Issue #12, files never destroyed and every write checked. Today's (old) binary overwrites the CSV
/// with safetensors bytes (exit 0), keeps one of two outputs given the same path, finds an unwritable
/// directory only after training, and exits 0 when standard output is full.
@Suite("Outputs never alias inputs or each other, are checked before work, and every write is checked")
struct OutputSafetyCLITests {
    typealias S = CLITestSupport

    /// A copy of iris in a fresh directory.
    static func irisCopy() throws -> (directory: URL, data: String) {
        let directory = try S.temporaryDirectory()
        let data = directory.appendingPathComponent("iris.csv").path
        try FileManager.default.copyItem(atPath: S.example("iris.csv"), toPath: data)
        return (directory, data)
    }

    @Test("train --out/--history/--plot equal to the CSV (also through a symlink) exits 64 and leaves the CSV intact",
          arguments: ["--out", "--history", "--plot"])
    func outputIsInput(flag: String) throws {
        let (directory, data) = try Self.irisCopy()
        let before = try Data(contentsOf: URL(fileURLWithPath: data))
        let link = directory.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: data)
        for target in [data, link] {
            let result = try DescentBinary.run(["train", data, flag, target, "--epochs", "1"])
            #expect(result.status == 64, "\(flag) \(target): expected 64, got \(result.status): \(result.stderr.suffix(300))")
            #expect(result.stderr.contains(flag) && result.stderr.contains("same file"), "\(result.stderr.suffix(300))")
            #expect(!result.stderr.contains("epoch 1"), "refused only after training: \(result.stderr.suffix(300))")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: data)) == before)
    }

    @Test("Two outputs with one path, or an output that is a directory, exit 64 naming both flags")
    func outputsCollide() throws {
        let (directory, data) = try Self.irisCopy()
        let same = directory.appendingPathComponent("x").path
        let both = try DescentBinary.run(["train", data, "--out", same, "--history", same, "--epochs", "1"])
        #expect(both.status == 64 && both.stderr.contains("--out") && both.stderr.contains("--history"), "\(both.stderr.suffix(300))")
        #expect(!FileManager.default.fileExists(atPath: same))
        let folder = try DescentBinary.run(["train", data, "--plot", directory.path, "--epochs", "1"])
        #expect(folder.status == 64 && folder.stderr.contains("directory"), "\(folder.stderr.suffix(300))")
        let compare = try DescentBinary.run(["compare", data, "--history", data, "--epochs", "1", "--optimizers", "sgd", "--seeds", "1"])
        #expect(compare.status == 64 && compare.stderr.contains("--history"), "\(compare.stderr.suffix(300))")
        let makeData = try DescentBinary.run(["make-data", "blobs", "--out", directory.path])
        #expect(makeData.status == 64, "\(makeData.stderr.suffix(300))")
    }

    @Test("hessian --spectrum and predict --out equal to an input exit 64; the model and CSV stay intact")
    func hessianAndPredict() throws {
        let (directory, data) = try Self.irisCopy()
        let model = directory.appendingPathComponent("m.safetensors").path
        try #require(try DescentBinary.run(["train", data, "--layers", "8", "--epochs", "1", "--out", model, "--quiet"]).status == 0)
        let modelBytes = try Data(contentsOf: URL(fileURLWithPath: model)), dataBytes = try Data(contentsOf: URL(fileURLWithPath: data))
        let hessian = try DescentBinary.run(["hessian", model, data, "--spectrum", model])
        #expect(hessian.status == 64 && hessian.stderr.contains("--spectrum"), "\(hessian.stderr.suffix(300))")
        let predict = try DescentBinary.run(["predict", model, data, "--out", data])
        #expect(predict.status == 64 && predict.stderr.contains("--out"), "\(predict.stderr.suffix(300))")
        #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == modelBytes)
        #expect(try Data(contentsOf: URL(fileURLWithPath: data)) == dataBytes)
    }

    @Test("An output in a missing directory is refused before training with the system's reason (exit 74)")
    func unwritableBeforeTraining() throws {
        let (directory, data) = try Self.irisCopy()
        let history = directory.appendingPathComponent("missing/history.csv").path
        let result = try DescentBinary.run(["train", data, "--history", history, "--epochs", "3"])
        #expect(result.status == 74, "expected 74, got \(result.status): \(result.stderr.suffix(300))")
        #expect(result.stderr.contains("No such file or directory"), "\(result.stderr.suffix(300))")
        #expect(!result.stderr.contains("epoch 1/"), "found only after training: \(result.stderr.suffix(300))")
        #expect(!result.stderr.contains("permission denied or disk full"))
    }

    @Test("A full standard output (/dev/full) exits 74 with the reason", arguments: ["predict", "evaluate", "make-data", "train --json", "hessian --json"])
    func fullStandardOutput(command: String) throws {
        let (directory, data) = try Self.irisCopy()
        let model = directory.appendingPathComponent("m.safetensors").path
        try #require(try DescentBinary.run(["train", data, "--layers", "8", "--epochs", "1", "--out", model, "--quiet"]).status == 0)
        let arguments: [String]
        switch command {
        case "predict": arguments = ["predict", model, data]
        case "evaluate": arguments = ["evaluate", model, data]
        case "make-data": arguments = ["make-data", "blobs"]
        case "train --json": arguments = ["train", data, "--epochs", "1", "--json"]
        default: arguments = ["hessian", model, data, "--json"]
        }
        let process = Process()
        process.executableURL = DescentBinary.url
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 74, "\(command): expected 74, got \(process.terminationStatus): \(stderr.suffix(300))")
        #expect(stderr.contains("standard output") && stderr.contains("No space left on device"), "\(command): \(stderr.suffix(300))")
    }
}
