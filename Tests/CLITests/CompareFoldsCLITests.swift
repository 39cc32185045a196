import Foundation
import Testing

/// `compare --folds K`: every optimizer on the same folds, per-fold and mean ± sd scores, the
/// corrected paired test over the folds, the fold assignment in the JSON.
@Suite("descent compare --folds K")
struct CompareFoldsCLITests {
    typealias S = CLITestSupport

    @Test("--json: per-fold metrics for every optimizer, their mean ± sd, one named test per pair, and the fold of every row")
    func json() throws {
        let run = try DescentBinary.run(["compare", S.example("iris.csv"), "--optimizers", "sgd,adam,rmsprop", "--folds", "4", "--epochs", "8", "--json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let object = try S.lastJSONObject(run.stdout)
        #expect(object["type"] as? String == "compare_folds" && object["folds"] as? Int == 4 && object["test"] as? String == "corrected_resampled_t")
        let foldOfRow = try #require(object["fold_of_row"] as? [Int])
        #expect(foldOfRow.count == 150 && Set(foldOfRow) == [1, 2, 3, 4])
        let optimizers = try #require(object["optimizers"] as? [[String: Any]])
        #expect(optimizers.compactMap { $0["name"] as? String } == ["sgd", "adam", "rmsprop"])
        var lossesByOptimizer: [[Double]] = []
        for optimizer in optimizers {
            let folds = try #require(optimizer["folds"] as? [[String: Any]])
            #expect(folds.compactMap { $0["fold"] as? Int } == [1, 2, 3, 4])
            // Each fold scores the rows assigned to it.
            for fold in folds { #expect(fold["scored_rows"] as? Int == foldOfRow.filter { $0 == fold["fold"] as? Int }.count) }
            let losses = folds.compactMap { $0["log_loss"] as? Double }
            #expect(losses.count == 4)
            let stats = try #require((optimizer["metrics"] as? [String: Any])?["log_loss"] as? [String: Any])
            let mean = losses.reduce(0, +) / 4
            let sd = (losses.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()
            #expect(abs((stats["mean"] as? Double ?? .nan) - mean) < 1e-12 && abs((stats["standard_deviation"] as? Double ?? .nan) - sd) < 1e-12)
            lossesByOptimizer.append(losses)
        }
        let pairs = try #require(object["paired_tests"] as? [[String: Any]])
        #expect(pairs.count == 3)
        let first = try #require(pairs.first { $0["first"] as? String == "sgd" && $0["second"] as? String == "adam" })
        let result = try #require(first["result"] as? [String: Any])
        #expect(result["test"] as? String == "corrected_resampled_t" && result["count"] as? Int == 4)
        let difference = zip(lossesByOptimizer[0], lossesByOptimizer[1]).map { $0 - $1 }.reduce(0, +) / 4
        #expect(abs((result["mean_difference"] as? Double ?? .nan) - difference) < 1e-12)
        #expect(first["within_spread"] as? Bool == ((result["p_value"] as? Double ?? 0) >= 0.05))
    }

    @Test("--group keeps groups in one fold; the same folds for every optimizer; flags of a seed race are refused")
    func groupedAndRefused() throws {
        let directory = try S.temporaryDirectory()
        var text = "site,x,y\n"
        for row in 0..<60 { text += "s\(row / 5),\(Double(row % 7) / 3),\(row % 2 == 0 ? "a" : "b")\n" }
        let data = try S.write(text, "sites.csv", in: directory)
        let run = try DescentBinary.run(["compare", data, "--optimizers", "sgd,adam", "--folds", "3", "--group", "site", "--epochs", "3", "--json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let object = try S.lastJSONObject(run.stdout)
        #expect(object["group"] as? String == "site")
        let foldOfRow = try #require(object["fold_of_row"] as? [Int]), lines = try #require(object["line_of_row"] as? [Int])
        for site in 0..<12 {
            #expect(Set(lines.indices.filter { (lines[$0] - 2) / 5 == site }.map { foldOfRow[$0] }).count == 1, "site s\(site) straddles folds")
        }
        let text1 = try DescentBinary.run(["compare", data, "--optimizers", "sgd,adam", "--folds", "3", "--group", "site", "--epochs", "3"])
        #expect(text1.status == 0 && text1.stdout.contains("corrected resampled t-test over folds"))
        for flags in [["--seeds", "3"], ["--tune-lr", "3"], ["--plot", directory.appendingPathComponent("p.svg").path]] {
            let refused = try DescentBinary.run(["compare", data, "--folds", "3"] + flags)
            #expect(refused.status == 64 && refused.stderr.contains(flags[0]), "stderr: \(refused.stderr)")
        }
        let noFolds = try DescentBinary.run(["compare", data, "--group", "site"])
        #expect(noFolds.status == 64 && noFolds.stderr.contains("--folds"))
    }
}
