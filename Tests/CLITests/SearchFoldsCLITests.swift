import Foundation
import Testing

@Suite("descent search --folds K: trials ranked by the mean CV loss, ties within one standard error, --prefer")
struct SearchFoldsCLITests {
    typealias S = CLITestSupport
    static let search = ["--trials", "4", "--epochs", "6", "--param", "lr=log:1e-3:1e-1", "--param", "layers=choice:4|16|32,32", "--folds", "3"]

    @Test("iris, 3 folds: each record holds the mean log-loss train --folds gives and its SE; ranked by it; ties and the one-SE choice agree with the records")
    func study() throws {
        let directory = try S.temporaryDirectory()
        let results = directory.appendingPathComponent("trials.jsonl").path
        let run = try DescentBinary.run(["search", S.example("iris.csv")] + Self.search + ["--results", results, "--json", "--prefer", "smaller", "layers"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let summary = try S.lastJSONObject(run.stdout)
        let top = try #require(summary["top"] as? [[String: Any]])
        #expect(top.count == 4)
        let losses = top.compactMap { $0["val_loss"] as? Double }, errors = top.compactMap { $0["val_loss_se"] as? Double }
        #expect(losses.count == 4 && errors.count == 4 && losses == losses.sorted())
        for record in top { #expect(record["cv_folds"] as? Int == 3 && record["cv_metric"] as? String == "log_loss") }

        // The best trial's record is the mean over the folds that train --folds 3 reports itself.
        let arguments = try #require(top[0]["arguments"] as? [String])
        let train = try DescentBinary.run(["train", S.example("iris.csv")] + arguments + ["--json", "--quiet", "--no-linear-baseline", "--bootstrap", "0"])
        #expect(train.status == 0, "stderr: \(train.stderr)")
        let folds = try S.lastJSONObject(train.stdout)
        let logLoss = try #require((folds["metrics"] as? [String: Any])?["log_loss"] as? [String: Any])
        #expect(logLoss["mean"] as? Double == losses[0] && logLoss["standard_error"] as? Double == errors[0])

        // Tied: mean ≤ best + SE of the best; the choice is the tied trial with the fewest hidden units.
        let bound = losses[0] + errors[0]
        let expectedTied = top.filter { ($0["val_loss"] as? Double ?? .infinity) <= bound }.map { $0["trial"] as? Int ?? -1 }
        let tied = try #require(summary["tied"] as? [[String: Any]]).map { $0["trial"] as? Int ?? -2 }
        #expect(tied == expectedTied && tied.first == top[0]["trial"] as? Int)
        func units(_ record: [String: Any]) -> Int {
            ((record["params"] as? [String: Any])?["layers"] as? String ?? "").split(separator: ",").compactMap { Int($0) }.reduce(0, +)
        }
        let tiedRecords = top.filter { tied.contains($0["trial"] as? Int ?? -3) }
        let choice = try #require(summary["one_se_choice"] as? [String: Any])
        #expect(units(choice) == tiedRecords.map(units).min())

        // The table: se and tie columns, the best marked; the same results file is read, nothing retrained.
        let text = try DescentBinary.run(["search", S.example("iris.csv")] + Self.search + ["--results", results, "--prefer", "smaller", "layers"])
        #expect(text.status == 0, "stderr: \(text.stderr)")
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("rank") && $0.contains(" se ") && $0.contains("tie") })
        #expect(lines.contains { $0.hasPrefix("1 ") && $0.contains("best") })
        #expect(text.stdout.contains("one-standard-error choice (smaller layers)"))
        #expect(!text.stderr.split(separator: "\n").contains { $0.hasPrefix("trial ") })
    }

    @Test("--prefer with one value, or a side that is not smaller|larger, exits 64")
    func badPrefer() throws {
        for words in [["--prefer", "layers"], ["--prefer", "fewer", "layers"]] {
            let run = try DescentBinary.run(["search", S.example("iris.csv")] + Self.search + words)
            #expect(run.status == 64, "stdout: \(run.stdout)")
            #expect(run.stderr.contains("--prefer"))
        }
    }
}
