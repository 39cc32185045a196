import Foundation
import Testing

/// Issue #12, never abort: every allocation a flag sizes is estimated first and refused with exit 64
/// naming the flag and the bytes. Today's (old) binary ends these by SIGABRT (exit 134) or, in a
/// search, with "failed: exit 6: Backtrace…".
@Suite("Sizes from flags are checked against the memory available before allocating")
struct MemoryLimitCLITests {
    typealias S = CLITestSupport

    /// Asserts exit 64 with a message naming `flag` and a size in bytes (kB … EB), and no crash text.
    static func expectRefused(_ result: DescentBinary.Result, flag: String, _ what: String) {
        #expect(result.status == 64, "\(what): expected exit 64, got \(result.status): \(result.stderr.suffix(400))")
        #expect(result.stderr.contains(flag), "\(what): the message should name \(flag): \(result.stderr.suffix(400))")
        #expect(result.stderr.contains(" GB") || result.stderr.contains(" TB") || result.stderr.contains(" kB")
                || result.stderr.contains(" MB") || result.stderr.contains(" EB") || result.stderr.contains(" PB"),
                "\(what): the message should give the bytes needed: \(result.stderr.suffix(400))")
        #expect(!result.stderr.contains("Backtrace"), "\(what): crashed: \(result.stderr.suffix(400))")
    }

    @Test("train and compare --layers 1000000,1000000 (≈ 10¹² parameters) exit 64 naming --layers")
    func hugeLayers() throws {
        let train = try DescentBinary.run(["train", S.example("iris.csv"), "--layers", "1000000,1000000", "--epochs", "1"])
        Self.expectRefused(train, flag: "--layers", "train")
        let compare = try DescentBinary.run(["compare", S.example("iris.csv"), "--layers", "1000000,1000000", "--epochs", "1",
                                             "--optimizers", "sgd", "--seeds", "1"])
        Self.expectRefused(compare, flag: "--layers", "compare")
    }

    @Test("bench --architecture 784,1000000,1000000,10 exits 64 naming --architecture")
    func benchArchitecture() throws {
        let result = try DescentBinary.run(["bench", "--architecture", "784,1000000,1000000,10", "--quick"])
        Self.expectRefused(result, flag: "--architecture", "bench")
    }

    @Test("--batch-size 1000000000 on 120 training rows is capped at 120 with a note, and trains")
    func batchCapped() throws {
        let result = try DescentBinary.run(["train", S.example("iris.csv"), "--batch-size", "1000000000", "--epochs", "2"])
        #expect(result.status == 0, "stderr: \(result.stderr.suffix(400))")
        #expect(result.stderr.contains("--batch-size 1000000000") && result.stderr.contains("using 120"), "\(result.stderr)")
        #expect(result.stderr.contains("batch 120"))
    }

    @Test("A search trial whose --layers cannot fit is refused before any trial runs, naming the trial")
    func searchTrial() throws {
        let directory = try S.temporaryDirectory()
        let results = directory.appendingPathComponent("trials.jsonl").path
        let result = try DescentBinary.run(["search", S.example("iris.csv"), "--trials", "2", "--epochs", "1",
                                            "--param", "layers=choice:8|1000000,1000000", "--results", results])
        Self.expectRefused(result, flag: "--layers", "search")
        #expect(result.stderr.contains("trial "), "\(result.stderr)")
        let written = (try? String(contentsOfFile: results, encoding: .utf8)) ?? ""
        #expect(written.isEmpty, "no trial should have run: \(written)")
    }

    @Test("search --jobs beyond memory, and a grid too large to list, exit 64 naming the flag")
    func searchJobsAndGrid() throws {
        let directory = try S.temporaryDirectory()
        let results = directory.appendingPathComponent("t.jsonl").path
        let jobs = try DescentBinary.run(["search", S.example("iris.csv"), "--trials", "100000000000", "--jobs", "100000000000",
                                          "--param", "lr=log:1e-3:1e-1", "--results", results])
        #expect(jobs.status == 64, "\(jobs.stderr.suffix(300))")
        #expect(jobs.stderr.contains("--trials") || jobs.stderr.contains("--jobs"))
        let grid = try DescentBinary.run(["search", S.example("iris.csv"), "--strategy", "grid", "--grid-points", "100000",
                                          "--param", "lr=log:1e-3:1e-1", "--param", "l2=log:1e-6:1e-2", "--param", "dropout=uniform:0:0.5",
                                          "--results", results])
        Self.expectRefused(grid, flag: "--grid-points", "grid")
    }

    @Test("hessian --top and --max-params are refused when the Lanczos basis or the matrix exceeds the memory (DESCENT_MEMORY_LIMIT)")
    func hessianLimits() throws {
        let directory = try S.temporaryDirectory()
        let model = directory.appendingPathComponent("m.safetensors").path
        let trained = try DescentBinary.run(["train", S.example("iris.csv"), "--layers", "16", "--epochs", "1", "--out", model, "--quiet"])
        try #require(trained.status == 0, "\(trained.stderr)")
        let limit: [String: String?] = ["DESCENT_MEMORY_LIMIT": "10000"]
        let top = try DescentBinary.run(["hessian", model, S.example("iris.csv"), "--top", "3"], environment: limit)
        Self.expectRefused(top, flag: "--top", "hessian --top")
        let full = try DescentBinary.run(["hessian", model, S.example("iris.csv"), "--max-params", "100000"], environment: limit)
        Self.expectRefused(full, flag: "--max-params", "hessian --max-params")
        // Without the limit both run.
        #expect(try DescentBinary.run(["hessian", model, S.example("iris.csv"), "--top", "3"]).status == 0)
    }

    @Test("make-data --samples 10¹⁵ exits 64 naming --samples")
    func makeData() throws {
        let result = try DescentBinary.run(["make-data", "blobs", "--samples", "1000000000000000"])
        Self.expectRefused(result, flag: "--samples", "make-data")
        #expect(result.stdout.isEmpty)
    }
}
