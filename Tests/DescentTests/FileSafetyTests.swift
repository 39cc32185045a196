import Descent
import Linalg
import Foundation
import Testing

@Suite("Support: overflow-safe sizes, output path checks, staged pairs, checkpoint ids")
struct FileSafetyTests {
    /// A fresh temporary directory.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("Size products saturate at Int.max instead of overflowing; sums too")
    func saturation() {
        #expect(MemoryBudget.product(1_000_000, 1_000_000, 8) == 8_000_000_000_000)
        #expect(MemoryBudget.product(Int.max / 2, 3) == .max)
        #expect(MemoryBudget.product(1 << 40, 1 << 30) == .max)
        #expect(MemoryBudget.sum([.max, 1]) == .max)
        #expect(MemoryBudget.format(40_000_000_000) == "40 GB")
        #expect(MemoryBudget.format(.max).contains("overflows"))
    }

    @Test("A network's parameter estimate equals the built network's count; huge widths saturate")
    func networkEstimate() throws {
        let spec = NetworkSpec(inputCount: 4, hiddenSizes: [16, 8], outputCount: 3, batchNorm: true)
        var random = RandomGenerator(seed: 1)
        let network = try Network<Float>(spec: spec, maxBatchSize: 4, random: &random)
        #expect(spec.parameterCountEstimate == network.layout.entries.filter { !$0.name.contains("running") && !$0.name.contains("num_batches") }
            .reduce(0) { $0 + $1.count })
        let huge = NetworkSpec(inputCount: 4, hiddenSizes: [Int.max / 4, Int.max / 4], outputCount: 3)
        #expect(huge.trainingBytes(maxBatchSize: 1, scalarBytes: 4) == .max)
        #expect(spec.trainingBytes(maxBatchSize: 256, scalarBytes: 4) > spec.trainingBytes(maxBatchSize: 1, scalarBytes: 4))
    }

    @Test("MemoryBudget.check refuses more than is available and names the use")
    func check() {
        #expect(throws: ResourceError.self) { try MemoryBudget.check(2_000, for: .hessian(parameters: 16), available: 1_000) }
        #expect(throws: Never.self) { try MemoryBudget.check(1_000, for: .hessian(parameters: 16), available: 1_000) }
        #expect(MemoryBudget.availableBytes() > 0)
    }

    @Test("An output equal to an input — directly, through a symlink, a hard link or ./.. — is refused; distinct files pass")
    func aliasing() throws {
        let folder = try Self.directory()
        let input = folder.appendingPathComponent("data.csv").path
        try "a,b\n1,2\n".write(toFile: input, atomically: true, encoding: .utf8)
        let link = folder.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
        let hard = folder.appendingPathComponent("hard.csv").path
        try FileManager.default.linkItem(atPath: input, toPath: hard)
        let dotted = folder.path + "/./sub/../data.csv"
        try FileManager.default.createDirectory(atPath: folder.path + "/sub", withIntermediateDirectories: true)
        for alias in [input, link, hard, dotted] {
            #expect(throws: OutputPathError.self, "\(alias)") {
                try OutputPaths.check(outputs: [LabeledPath(alias, label: "--out")], inputs: [LabeledPath(input, label: "DATA")])
            }
        }
        let fresh = folder.appendingPathComponent("model.safetensors").path
        try OutputPaths.check(outputs: [LabeledPath(fresh, label: "--out")], inputs: [LabeledPath(input, label: "DATA")])
        #expect(!FileManager.default.fileExists(atPath: fresh), "the probe must leave nothing behind")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".descent-probe") })
    }

    @Test("Two outputs with one not-yet-existing path, a directory, and a missing parent are refused with the reason")
    func outputsThemselves() throws {
        let folder = try Self.directory()
        let a = folder.appendingPathComponent("x.csv").path
        let b = folder.path + "/sub/../x.csv"
        try FileManager.default.createDirectory(atPath: folder.path + "/sub", withIntermediateDirectories: true)
        #expect(throws: OutputPathError.sameAsOutput(LabeledPath(a, label: "--history"), LabeledPath(b, label: "--plot"))) {
            try OutputPaths.check(outputs: [LabeledPath(a, label: "--history"), LabeledPath(b, label: "--plot")], inputs: [])
        }
        #expect(throws: OutputPathError.isDirectory(LabeledPath(folder.path, label: "--out"))) {
            try OutputPaths.check(outputs: [LabeledPath(folder.path, label: "--out")], inputs: [])
        }
        do {
            try OutputPaths.check(outputs: [LabeledPath(folder.path + "/missing/x.csv", label: "--out")], inputs: [])
            Issue.record("a missing directory passed")
        } catch {
            #expect(!error.isUsage && error.description.contains("ENOENT"), "\(error)")
        }
    }

    @Test("Staged files appear only on commit; discard leaves the old content")
    func staging() throws {
        let folder = try Self.directory()
        let model = folder.appendingPathComponent("m").path, resume = folder.appendingPathComponent("r").path
        try AtomicFile.write("old model", to: model)
        let staged = [try AtomicFile.stage(Data("new model".utf8), to: model), try AtomicFile.stage(Data("new resume".utf8), to: resume)]
        #expect(try String(contentsOfFile: model, encoding: .utf8) == "old model")
        #expect(!FileManager.default.fileExists(atPath: resume))
        try AtomicFile.commit(staged)
        #expect(try String(contentsOfFile: model, encoding: .utf8) == "new model")
        #expect(try String(contentsOfFile: resume, encoding: .utf8) == "new resume")
        let dropped = try AtomicFile.stage(Data("never".utf8), to: model)
        AtomicFile.discard([dropped])
        #expect(try String(contentsOfFile: model, encoding: .utf8) == "new model")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["m", "r"])
        #expect(throws: FileError.self) { try AtomicFile.write("x", to: folder.path + "/missing/file") }
    }

    @Test("A stamped pair verifies; a resume file of another write is refused, naming both files")
    func pairs() throws {
        var model = SafeTensorsFile(tensors: [], metadata: [:]), resume = SafeTensorsFile(tensors: [], metadata: [:])
        try CheckpointPair.verify(model: model, modelPath: "m", resume: resume, resumePath: "r")  // files before ids existed
        CheckpointPair.stamp(model: &model, resume: &resume, runID: "run-1")
        try CheckpointPair.verify(model: model, modelPath: "m", resume: resume, resumePath: "r")
        var older = resume
        CheckpointPair.stamp(model: &model, resume: &resume, runID: "run-1")  // a later write of the same run
        do {
            try CheckpointPair.verify(model: model, modelPath: "m.safetensors", resume: older, resumePath: "m.resume.safetensors")
            Issue.record("a mismatched pair passed")
        } catch {
            #expect(error.description.contains("m.safetensors") && error.description.contains("m.resume.safetensors"))
            #expect(error.description.contains("same run"))
        }
        older.metadata[CheckpointPair.runKey] = nil
        #expect(throws: CheckpointPairError.self) {
            try CheckpointPair.verify(model: model, modelPath: "m", resume: older, resumePath: "r")
        }
    }
}
