import Foundation
import Testing

@Suite("descent search: end to end on iris, rerun, shards and merge, bad --param")
struct SearchCLITests {
    typealias S = CLITestSupport
    static let search = ["--trials", "4", "--epochs", "2", "--param", "lr=log:1e-3:1e-1", "--param", "layers=choice:8|16"]

    /// The lines of a results file.
    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test("4 trials on iris: one JSON line each, a ranked table, the scatter; a rerun skips them all; shards merge to the same ranking")
    func endToEnd() throws {
        let directory = try S.temporaryDirectory()
        let results = directory.appendingPathComponent("trials.jsonl").path
        let plot = directory.appendingPathComponent("search.svg").path
        let first = try DescentBinary.run(["search", S.example("iris.csv")] + Self.search + ["--jobs", "2", "--results", results, "--plot", plot])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let records = try Self.lines(results)
        #expect(records.count == 4)
        for line in records {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in ["round", "trial", "params", "status", "val_loss", "val_accuracy", "epochs", "seconds"] {
                #expect(object[key] != nil, "record lacks \(key): \(line)")
            }
        }
        #expect(first.stdout.contains("rank") && first.stdout.contains("val_loss") && first.stdout.contains("lr"))
        #expect(first.stderr.split(separator: "\n").filter { $0.hasPrefix("trial ") }.count == 4)
        #expect(try String(contentsOfFile: plot, encoding: .utf8).contains("<svg"))

        // The same command again: nothing to train, the same table from the file.
        let again = try DescentBinary.run(["search", S.example("iris.csv")] + Self.search + ["--results", results, "--json"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(again.stderr.contains("4 already in"))
        #expect(!again.stderr.split(separator: "\n").contains { $0.hasPrefix("trial ") })
        #expect(try Self.lines(results) == records)
        let summary = try S.lastJSONObject(again.stdout)
        #expect(summary["finished"] as? Int == 4)

        // Two shards, then merge: the same trials in the same order as the unsharded run.
        var shardFiles: [String] = []
        for i in 0..<2 {
            let path = directory.appendingPathComponent("shard\(i).jsonl").path
            let shard = try DescentBinary.run(["search", S.example("iris.csv")] + Self.search + ["--shard", "\(i)/2", "--results", path, "--quiet"])
            #expect(shard.status == 0, "stderr: \(shard.stderr)")
            #expect(try Self.lines(path).count == 2)
            shardFiles.append(path)
        }
        let merged = try DescentBinary.run(["search", "merge"] + shardFiles + ["--json"])
        #expect(merged.status == 0, "stderr: \(merged.stderr)")
        func ranking(_ object: [String: Any]) -> [String] {
            ((object["top"] as? [[String: Any]]) ?? []).map { "\($0["trial"] ?? "?") \($0["val_loss"] ?? "?")" }
        }
        #expect(ranking(try S.lastJSONObject(merged.stdout)) == ranking(summary))
        #expect(ranking(summary).count == 4)
    }

    @Test("A malformed --param exits 64 naming it; an unknown train flag is named too", arguments: [
        ("lr=log:1e-3", "lr=log:1e-3"), ("lr=log:-1:1", "lr=log:-1:1"), ("nosuchflag=uniform:0:1", "--nosuchflag"),
    ])
    func badParameter(parameter: String, named: String) throws {
        let directory = try S.temporaryDirectory()
        let result = try DescentBinary.run(["search", S.example("iris.csv"), "--param", parameter, "--trials", "2"], in: directory)
        #expect(result.status == 64)
        #expect(result.stderr.contains(named), "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("trials.jsonl").path))
    }
}
