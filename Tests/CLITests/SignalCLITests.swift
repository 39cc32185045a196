import Foundation
import Testing

/// Issue #12, signals: SIGTERM saves like Ctrl-C (exit 143); a second signal never leaves a model
/// beside a resume file of another write; a mismatched pair is refused; `search` passes a signal on
/// to its trials. Today's (old) binary dies on SIGTERM with nothing saved, writes no run ids, resumes
/// a mismatched pair silently, and waits silently for its trials.
@Suite("SIGTERM, double signals and paired checkpoints")
struct SignalCLITests {
    typealias S = CLITestSupport

    /// A blobs data set big enough that an epoch at batch 2 takes a while.
    static func blobs(in directory: URL) throws -> String {
        let data = directory.appendingPathComponent("blobs.csv").path
        let made = try DescentBinary.run(["make-data", "blobs", "--samples", "12000", "--classes", "3", "--seed", "2", "--out", data])
        try #require(made.status == 0, "\(made.stderr)")
        return data
    }

    /// Starts `descent arguments`, waits until its standard error contains `marker`, sends `signals`
    /// (`delay` seconds apart), and returns the exit status and all of standard error.
    static func signal(_ arguments: [String], after marker: String, settle: Double = 0.3, signals: [Int32], delay: Double = 0,
                       secondAfter acknowledgement: String? = nil) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = DescentBinary.url
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains(marker) {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        Thread.sleep(forTimeInterval: settle)
        for (index, number) in signals.enumerated() {
            if index > 0 && delay > 0 { Thread.sleep(forTimeInterval: delay) }
            if index > 0, let acknowledgement {
                // The next signal only once the process has said it handled the first one.
                while !String(decoding: seen, as: UTF8.self).contains(acknowledgement) {
                    let chunk = errors.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    seen.append(chunk)
                }
            }
            kill(process.processIdentifier, number)
        }
        let rest = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: seen + rest, as: UTF8.self))
    }

    /// The `__metadata__` of a safetensors file.
    static func metadata(_ path: String) throws -> [String: String] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let length = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + length)])) as? [String: Any])
        return (header["__metadata__"] as? [String: String]) ?? [:]
    }

    /// The trial process ids named in search's "(pid 123, 456)".
    static func trialPIDs(_ stderr: String) -> [Int32] {
        guard let start = stderr.range(of: "(pid ") else { return [] }
        let rest = stderr[start.upperBound...].prefix { $0 != ")" }
        return rest.split(separator: ",").compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Whether process `pid` exists and is not a zombie (a killed orphan may wait unreaped in a container).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return kill(pid, 0) == 0 }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
        return state != "Z" && state != "X"
    }

    static let common = ["--epochs", "3", "--batch-size", "2", "--no-early-stopping", "--no-linear-baseline", "--bootstrap", "0", "--layers", "32", "--optimizer", "adam"]

    @Test("SIGTERM mid-run writes the model, resume state and history and exits 143; the resumed run matches an uninterrupted one")
    func sigterm() throws {
        let directory = try S.temporaryDirectory()
        let data = try Self.blobs(in: directory)
        let full = directory.appendingPathComponent("full.csv").path
        // 30 epochs (a fraction of a second each): the signal comes 0.3 s after the first, well before the end.
        let flags = ["--epochs", "30"] + Self.common.dropFirst(2)
        try #require(try DescentBinary.run(["train", data, "--history", full, "--quiet"] + flags).status == 0)
        let model = directory.appendingPathComponent("m.safetensors").path, partial = directory.appendingPathComponent("p.csv").path
        let run = try Self.signal(["train", data, "--out", model, "--history", partial] + flags, after: "1/30", signals: [SIGTERM])
        try #require(run.status == 143, "expected 143 after SIGTERM, got \(run.status): \(run.stderr.suffix(400))")
        #expect(run.stderr.contains("SIGTERM"))
        let resumeState = directory.appendingPathComponent("m.resume.safetensors").path
        #expect(FileManager.default.fileExists(atPath: resumeState) && FileManager.default.fileExists(atPath: partial))
        let ids = (try Self.metadata(model)["checkpoint_id"], try Self.metadata(resumeState)["checkpoint_id"])
        #expect(ids.0 != nil && ids.0 == ids.1, "model and resume state must carry one checkpoint id: \(ids)")
        let resumed = directory.appendingPathComponent("resumed.csv").path
        let result = try DescentBinary.run(["train", "--resume", model, "--history", resumed, "--quiet"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(try S.historyWithoutTiming(full) == S.historyWithoutTiming(resumed))
    }

    @Test("A second signal soon after the first never leaves a half pair: both files of one write, or none",
          arguments: [0.0, 0.05, 0.3])
    func doubleSignal(delay: Double) throws {
        let directory = try S.temporaryDirectory()
        let data = try Self.blobs(in: directory)
        let model = directory.appendingPathComponent("m.safetensors").path
        let resumeState = directory.appendingPathComponent("m.resume.safetensors").path
        // Signalled in the first epoch (after the opening lines): the write is of a 265 731-parameter model.
        let run = try Self.signal(["train", data, "--out", model, "--layers", "512,512"] + Self.common.dropLast(4), after: "descent: adam",
                                  signals: [SIGINT, SIGINT], delay: delay)
        #expect(run.status == 130, "\(run.stderr.suffix(300))")
        let hasModel = FileManager.default.fileExists(atPath: model), hasResume = FileManager.default.fileExists(atPath: resumeState)
        #expect(hasModel == hasResume, "half a pair: model \(hasModel), resume state \(hasResume)")
        if hasModel && hasResume {
            let ids = (try Self.metadata(model)["checkpoint_id"], try Self.metadata(resumeState)["checkpoint_id"])
            #expect(ids.0 != nil && ids.0 == ids.1, "not written together: \(ids)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }

    @Test("A model beside the resume state of another run is refused on --resume (exit 65), naming both files")
    func mismatchedPair() throws {
        let directory = try S.temporaryDirectory()
        let model = directory.appendingPathComponent("m.safetensors").path
        let resumeState = directory.appendingPathComponent("m.resume.safetensors").path
        let older = directory.appendingPathComponent("older.resume.safetensors").path
        let train = ["train", S.example("iris.csv"), "--out", model, "--epochs", "2", "--no-early-stopping", "--quiet", "--layers", "8"]
        try #require(try DescentBinary.run(train + ["--seed", "1"]).status == 0)
        try FileManager.default.copyItem(atPath: resumeState, toPath: older)
        try #require(try DescentBinary.run(train + ["--seed", "2"]).status == 0)
        try FileManager.default.removeItem(atPath: resumeState)
        try FileManager.default.copyItem(atPath: older, toPath: resumeState)
        let result = try DescentBinary.run(["train", "--resume", model, "--epochs", "4", "--quiet"])
        #expect(result.status == 65, "expected 65, got \(result.status): \(result.stderr.suffix(300))")
        #expect(result.stderr.contains(model) && result.stderr.contains(resumeState), "\(result.stderr.suffix(300))")
    }

    @Test("search passes SIGTERM on to its running trials, says what it waits for, and exits 143 with no trial left running")
    func searchForwards() throws {
        let directory = try S.temporaryDirectory()
        let data = try Self.blobs(in: directory)
        let results = directory.appendingPathComponent("t.jsonl").path
        let run = try Self.signal(["search", data, "--trials", "4", "--jobs", "2", "--epochs", "50", "--batch-size", "2",
                                   "--param", "lr=log:1e-3:1e-1", "--results", results], after: "at once", signals: [SIGTERM])
        #expect(run.status == 143, "expected 143, got \(run.status): \(run.stderr.suffix(400))")
        #expect(!run.stderr.contains("failed"), "an interrupted trial is not a failed one: \(run.stderr.suffix(400))")
        #expect(run.stderr.contains("waiting for") && run.stderr.contains("passed it on"), "\(run.stderr.suffix(400))")
        let pids = Self.trialPIDs(run.stderr)
        #expect(!pids.isEmpty, "no trial pids named: \(run.stderr.suffix(300))")
        for pid in pids { #expect(!Self.isRunning(pid), "trial process \(pid) still running") }
    }

    @Test("A second signal to search stops it at once (its trials are killed, no summary)")
    func searchSecondSignal() throws {
        let directory = try S.temporaryDirectory()
        let data = try Self.blobs(in: directory)
        let results = directory.appendingPathComponent("t.jsonl").path
        // Trials with large layers and full batches: a step takes seconds, so they are still busy when the second signal
        // comes. The second is sent as soon as search says it passed the first on ("send it again"): two SIGINTs
        // pending at once would be one signal, and a fixed delay let the trials finish first on a loaded machine.
        let run = try Self.signal(["search", data, "--trials", "2", "--jobs", "2", "--epochs", "50", "--batch-size", "12000", "--layers", "2048,2048",
                                   "--param", "lr=log:1e-3:1e-1", "--results", results], after: "at once", settle: 3,
                                  signals: [SIGINT, SIGINT], secondAfter: "send it again")
        #expect(run.status == 130, "\(run.stderr.suffix(300))")
        #expect(!run.stderr.contains("recorded in"), "the second signal should stop at once: \(run.stderr.suffix(300))")
        let pids = Self.trialPIDs(run.stderr)
        #expect(!pids.isEmpty, "no trial pids named: \(run.stderr.suffix(300))")
        // SIGKILL is immediate, but a process busy faulting in memory on a loaded machine takes a moment to go.
        let deadline = Date().addingTimeInterval(10)
        while pids.contains(where: Self.isRunning) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        for pid in pids { #expect(!Self.isRunning(pid), "trial process \(pid) still running") }
    }
}
