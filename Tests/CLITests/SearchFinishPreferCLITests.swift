import Foundation
import Testing

/// `search finish` (the final job of a --slurm study) chooses among tied trials as a local search
/// does: by the --prefer stored in the study, or by its own --prefer.
@Suite("descent search finish --prefer: the one-standard-error choice of a study")
struct SearchFinishPreferCLITests {
    typealias S = CLITestSupport

    /// The trial number of the tied trial with the smallest (or largest) lr in summary.json.
    func expectedChoice(_ summary: [String: Any], larger: Bool) throws -> Int {
        let tied = Set(try #require(summary["tied"] as? [[String: Any]]).compactMap { $0["trial"] as? Int })
        let top = try #require(summary["top"] as? [[String: Any]]).filter { tied.contains($0["trial"] as? Int ?? -1) }
        let lrs = top.map { (($0["params"] as? [String: Any])?["lr"] as? Double ?? .nan, $0["trial"] as? Int ?? -1) }
        let chosen = larger ? lrs.max { $0.0 < $1.0 } : lrs.min { $0.0 < $1.0 }
        return try #require(chosen?.1)
    }

    func summary(_ directory: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("summary.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("The study's --prefer is stored in study.json and used by finish; finish --prefer overrides it; a bad side exits 64")
    func finishPrefers() throws {
        let directory = try S.temporaryDirectory()
        let study = directory.appendingPathComponent("study")
        let run = try DescentBinary.run(["search", S.example("iris.csv"), "--trials", "6", "--epochs", "6", "--param", "lr=log:1e-2:3e-2",
                                         "--param", "layers=choice:4|8|16", "--folds", "3", "--study", study.path,
                                         "--prefer", "smaller", "lr", "--quiet"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let plan = try String(contentsOf: study.appendingPathComponent("study.json"), encoding: .utf8)
        #expect(plan.contains("\"prefer\"") && plan.contains("\"smaller\""))

        let stored = try DescentBinary.run(["search", "finish", study.path])
        #expect(stored.status == 0 && stored.stdout.contains("one-standard-error choice (smaller lr)"), "stderr: \(stored.stderr)")
        var written = try summary(study)
        #expect((written["one_se_choice"] as? [String: Any])?["trial"] as? Int == (try expectedChoice(written, larger: false)))

        let larger = try DescentBinary.run(["search", "finish", study.path, "--prefer", "larger", "lr"])
        #expect(larger.status == 0 && larger.stdout.contains("one-standard-error choice (larger lr)"), "stderr: \(larger.stderr)")
        written = try summary(study)
        #expect((written["one_se_choice"] as? [String: Any])?["trial"] as? Int == (try expectedChoice(written, larger: true)))

        let bad = try DescentBinary.run(["search", "finish", study.path, "--prefer", "fewer", "lr"])
        #expect(bad.status == 64 && bad.stderr.contains("--prefer"))
    }
}
