import Foundation
import Testing

@Suite("Ctrl-C: finish the step, save, exit 130, resume bit-identically")
struct InterruptCLITests {
    typealias S = CLITestSupport

    @Test("SIGINT mid-run writes the model, resume state and history; resuming gives the uninterrupted history")
    func interruptAndResume() throws {
        let directory = try S.temporaryDirectory()
        let data = directory.appendingPathComponent("blobs.csv").path
        #expect(try DescentBinary.run(["make-data", "blobs", "--samples", "12000", "--classes", "3", "--seed", "2", "--out", data]).status == 0)
        let common = ["--epochs", "30", "--batch-size", "2", "--no-early-stopping", "--no-linear-baseline", "--bootstrap", "0", "--layers", "32", "--dropout", "0.1", "--optimizer", "adam"]
        let full = directory.appendingPathComponent("full.csv").path
        #expect(try DescentBinary.run(["train", data, "--history", full, "--quiet"] + common).status == 0)

        let model = directory.appendingPathComponent("m.safetensors").path, partial = directory.appendingPathComponent("partial.csv").path
        let process = Process()
        process.executableURL = DescentBinary.url
        process.arguments = ["train", data, "--out", model, "--history", partial] + common
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait for the first finished epoch, then interrupt a few epochs later (an epoch takes ~0.1 s: 30 leave seconds of margin).
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("1/30  loss") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        Thread.sleep(forTimeInterval: 0.3)
        kill(process.processIdentifier, SIGINT)
        let rest = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = String(decoding: seen + rest, as: UTF8.self)
        try #require(process.terminationStatus == 130, "expected exit 130 after SIGINT, got \(process.terminationStatus): \(stderr)")
        #expect(stderr.contains("interrupted"))
        #expect(FileManager.default.fileExists(atPath: model))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("m.resume.safetensors").path))
        #expect(FileManager.default.fileExists(atPath: partial))

        let resumed = directory.appendingPathComponent("resumed.csv").path
        let result = try DescentBinary.run(["train", "--resume", model, "--history", resumed, "--quiet"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(try S.historyWithoutTiming(full) == S.historyWithoutTiming(resumed))
    }
}
