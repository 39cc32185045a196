import Foundation
import Testing

/// Issue #12, the smaller items: a finished run is not resumed silently, flags a resume would ignore
/// are refused, missing inputs share one exit code, --json has a summary on divergence, counts are
/// grammatical, and the exit codes are one table in --help. Each fails on today's (old) binary.
@Suite("Resume of finished runs, input exit codes, divergence JSON, grammar, the exit code table")
struct TrustSmallCLITests {
    typealias S = CLITestSupport

    @Test("--resume of an early-stopped run says it is finished and what to do (exit 64), instead of exit 0 doing nothing")
    func resumeFinished() throws {
        let directory = try S.temporaryDirectory()
        let model = directory.appendingPathComponent("m.safetensors").path
        // Patience 1 on iris stops early within a few dozen epochs.
        let trained = try DescentBinary.run(["train", S.example("iris.csv"), "--out", model, "--patience", "1", "--epochs", "500", "--quiet"])
        try #require(trained.status == 0, "\(trained.stderr)")
        try #require(trained.stdout.contains("stopped early"), "the run did not stop early: \(trained.stdout)")
        let resumed = try DescentBinary.run(["train", "--resume", model, "--epochs", "1000"])
        #expect(resumed.status == 64, "expected 64, got \(resumed.status): \(resumed.stderr.suffix(300))")
        #expect(resumed.stderr.contains("finished") && resumed.stderr.contains("--init-from"), "\(resumed.stderr.suffix(300))")
    }

    @Test("--resume with a setting it would ignore (--lr) exits 64 naming it")
    func resumeIgnoredFlag() throws {
        let directory = try S.temporaryDirectory()
        let model = directory.appendingPathComponent("m.safetensors").path
        try #require(try DescentBinary.run(["train", S.example("iris.csv"), "--out", model, "--epochs", "2", "--quiet"]).status == 0)
        let result = try DescentBinary.run(["train", "--resume", model, "--epochs", "4", "--lr", "0.5"])
        #expect(result.status == 64 && result.stderr.contains("--lr"), "got \(result.status): \(result.stderr.suffix(300))")
    }

    @Test("A missing model and a missing CSV both exit 65 (bad input), naming the file and the system's reason")
    func missingInputs() throws {
        let directory = try S.temporaryDirectory()
        let model = directory.appendingPathComponent("m.safetensors").path
        try #require(try DescentBinary.run(["train", S.example("iris.csv"), "--out", model, "--epochs", "1", "--quiet"]).status == 0)
        let missingModel = try DescentBinary.run(["evaluate", "/nonexistent/m.safetensors", S.example("iris.csv")])
        let missingCSV = try DescentBinary.run(["evaluate", model, "/nonexistent/data.csv"])
        #expect(missingModel.status == 65, "missing model: \(missingModel.status) \(missingModel.stderr)")
        #expect(missingCSV.status == 65, "missing CSV: \(missingCSV.status) \(missingCSV.stderr)")
        #expect(missingModel.stderr.contains("/nonexistent/m.safetensors") && missingModel.stderr.contains("No such file"))
    }

    @Test("--json prints a summary object when training diverges (exit 3)")
    func divergenceSummary() throws {
        let result = try DescentBinary.run(["train", S.example("iris.csv"), "--optimizer", "sgd", "--lr", "1e30", "--epochs", "5", "--json"])
        #expect(result.status == 3, "expected divergence: \(result.status) \(result.stderr.suffix(300))")
        let summary = try S.lastJSONObject(result.stdout)
        #expect(summary["type"] as? String == "summary" && summary["status"] as? String == "diverged", "\(summary)")
    }

    @Test("Counts of one are singular: '1 row', '1 epoch'")
    func grammar() throws {
        let directory = try S.temporaryDirectory()
        let model = directory.appendingPathComponent("m.safetensors").path
        try #require(try DescentBinary.run(["train", S.example("iris.csv"), "--out", model, "--epochs", "1", "--quiet"]).status == 0)
        let lines = try String(contentsOfFile: S.example("iris.csv"), encoding: .utf8).split(whereSeparator: \.isNewline)
        let one = try S.write(lines[0] + "\n" + lines[1] + "\n", "one.csv", in: directory)
        let evaluate = try DescentBinary.run(["evaluate", model, one])
        #expect(evaluate.stdout.contains("1 row") && !evaluate.stdout.contains("1 rows"), "\(evaluate.stdout)")
        let compare = try DescentBinary.run(["compare", S.example("iris.csv"), "--epochs", "1", "--seeds", "1", "--optimizers", "sgd"])
        #expect(!compare.stderr.contains("1 epochs") && !compare.stderr.contains("1 seeds"), "\(compare.stderr.suffix(400))")
    }

    @Test("search: the trial number of a progress line is the trial's number in the table")
    func trialNumbers() throws {
        let directory = try S.temporaryDirectory()
        let results = directory.appendingPathComponent("t.jsonl").path
        let result = try DescentBinary.run(["search", S.example("iris.csv"), "--trials", "3", "--epochs", "2", "--param", "lr=log:1e-3:1e-1",
                                            "--results", results])
        try #require(result.status == 0, "\(result.stderr)")
        let progress = Set(result.stderr.split(separator: "\n").filter { $0.hasPrefix("trial ") }
            .compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) })
        let table = result.stdout.split(separator: "\n").drop { !$0.hasPrefix("rank") }.dropFirst().prefix(3)
            .compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) }
        #expect(progress == Set(table) && progress.count == 3, "progress \(progress), table \(table)")
    }

    @Test("descent --help lists every exit code with its meaning")
    func exitCodeTable() throws {
        let help = try DescentBinary.run(["--help"])
        for code in ["0", "1", "3", "64", "65", "74", "130", "143"] {
            #expect(help.stdout.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(code + "  ") },
                    "exit code \(code) missing from --help: \(help.stdout)")
        }
    }
}
