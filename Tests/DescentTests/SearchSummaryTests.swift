import Foundation
import Linalg
import Testing
@testable import Descent

@Suite("Search: results records, merging shards, ranking, edge warnings, refinement")
struct SearchSummaryTests {
    static let space = try! SearchSpace(parsing: ["lr=log:1e-5:1e-1", "layers=choice:32|64,64", "dropout=uniform:0:0.5"])

    /// A made-up training: validation loss is smallest at lr = 1e-3, layers 64,64, dropout 0.2;
    /// trials whose lr exceeds 0.05 diverge. Deterministic, like `descent train` with a fixed seed.
    static func fakeRun(_ trial: SearchTrial, space: SearchSpace = space) -> TrialResult {
        let lr = trial.value(of: "lr")!.number!, dropout = trial.value(of: "dropout")!.number!
        let arguments = ["--seed", "0", "--epochs", "5"] + trial.arguments
        if lr > 0.05 {
            return TrialResult(trial: trial, status: .diverged, epochs: 2, maxEpochs: 5, seconds: 0.25, space: space.specifications, arguments: arguments)
        }
        let loss = pow(log10(lr) + 3, 2) / 4 + (trial.value(of: "layers") == .choice("64,64") ? 0 : 0.1) + pow(dropout - 0.2, 2) + 0.05
        return TrialResult(trial: trial, status: .finished, validationLoss: loss, validationAccuracy: 1 / (1 + loss), trainingLoss: loss * 0.9,
                           epochs: 5, bestEpoch: 4, maxEpochs: 5, seconds: 0.5 + Double(trial.index) / 8, space: space.specifications, arguments: arguments)
    }

    /// `results` written as a results file and read back.
    static func roundTrip(_ results: [TrialResult]) throws -> [TrialResult] {
        try TrialResult.records(inText: results.map { $0.jsonLine + "\n" }.joined(), file: "t.jsonl")
    }

    @Test("A record reads back exactly from its JSON line (reals bit for bit)")
    func recordRoundTrip() throws {
        let results = Self.space.randomTrials(count: 30, seed: 5).map { Self.fakeRun($0) }
        #expect(try Self.roundTrip(results) == results)
        let failed = TrialResult(trial: SearchTrial(round: 2, index: 3, values: [SearchAssignment(name: "n", value: .integer(7))]), status: .failed,
                                 maxEpochs: 4, seconds: 1, space: ["n=int:1:9"], arguments: ["--n", "7"], error: "exit 1: \"boom\"")
        #expect(try Self.roundTrip([failed]) == [failed])
    }

    @Test("Merging the shards' files gives the same summary as the search run unsharded", arguments: [2, 3, 5])
    func mergeEqualsUnsharded(shards: Int) throws {
        let list = Self.space.randomTrials(count: 24, seed: 11)
        let whole = SearchSummary(results: try Self.roundTrip(list.map { Self.fakeRun($0) }))
        // Each shard runs its part, in its own order, into its own file; the files are merged in any order.
        let files = try (0..<shards).reversed().map { i in
            try Self.roundTrip(try SearchShard(parsing: "\(i)/\(shards)").select(list).reversed().map { Self.fakeRun($0) })
        }
        let merged = SearchSummary(results: SearchSummary.merge(files))
        #expect(merged == whole)
        #expect(merged.table(top: 10) == whole.table(top: 10))
        #expect(merged.results.count == 24)
        // A shard's file given twice (a resubmitted array task) counts once.
        #expect(SearchSummary(results: SearchSummary.merge(files + [files[0]])) == whole)
        // One shard alone is not the whole search.
        #expect(SearchSummary(results: files[0]) != whole)
    }

    @Test("Trials rank by validation loss; diverged ones are counted, not ranked; a later success replaces a failure")
    func ranking() throws {
        let results = Self.space.randomTrials(count: 40, seed: 2).map { Self.fakeRun($0) }
        let summary = SearchSummary(results: results)
        let scores = summary.ranked.map { $0.validationLoss! }
        #expect(scores == scores.sorted())
        #expect(summary.divergedCount == results.filter { $0.status == .diverged }.count && summary.divergedCount > 0)
        #expect(summary.ranked.count + summary.divergedCount == 40)
        var failure = results[0]
        failure.status = .failed
        #expect(SearchSummary.merge([[failure], [results[0]]]) == [results[0]])
        #expect(SearchSummary.merge([[results[0]], [failure]]) == [results[0]])
        #expect(summary.table(top: 3).split(separator: "\n").count == 4)
    }

    @Test("The edge warning fires when the best value lies in the outer 10% of its range, and only then")
    func edgeWarning() throws {
        let space = try SearchSpace(parsing: ["lr=log:1e-5:1e-1", "dropout=uniform:0:0.5"])
        func result(lr: Double, dropout: Double, loss: Double, index: Int) -> TrialResult {
            let trial = SearchTrial(round: 1, index: index, values: [SearchAssignment(name: "lr", value: .real(lr)),
                                                                    SearchAssignment(name: "dropout", value: .real(dropout))])
            return TrialResult(trial: trial, status: .finished, validationLoss: loss, maxEpochs: 5, seconds: 1,
                               space: space.specifications, arguments: trial.arguments)
        }
        // The best lr, 1.5e-5, is 4% of the way up from 1e-5 in ln x; dropout 0.25 is in the middle.
        let lowEdge = SearchSummary(results: [result(lr: 1.5e-5, dropout: 0.25, loss: 0.1, index: 0), result(lr: 1e-3, dropout: 0.49, loss: 0.5, index: 1)])
        #expect(lowEdge.edgeWarnings.map(\.parameter.name) == ["lr"])
        #expect(lowEdge.edgeWarnings.first?.side == .low)
        #expect(lowEdge.edgeWarnings.first!.description.contains("below"))
        // The best dropout, 0.48, is at 96% of [0, 0.5].
        let highEdge = SearchSummary(results: [result(lr: 1e-3, dropout: 0.48, loss: 0.1, index: 0), result(lr: 1.5e-5, dropout: 0.25, loss: 0.5, index: 1)])
        #expect(highEdge.edgeWarnings.map(\.parameter.name) == ["dropout"])
        #expect(highEdge.edgeWarnings.first?.side == .high)
        // 1e-4 is 25% up in ln x (though 0.09% up in x): no warning — the check is on the log scale.
        let inside = SearchSummary(results: [result(lr: 1e-4, dropout: 0.1, loss: 0.1, index: 0)])
        #expect(inside.edgeWarnings.isEmpty)
    }

    @Test("Refinement narrows every range around the best trials, at least halving it, and keeps the best inside")
    func refinement() throws {
        let list = Self.space.randomTrials(count: 40, seed: 4)
        let results = list.map { Self.fakeRun($0) }
        let best = SearchSummary.top(results, fraction: 0.2)
        let finished = results.filter { $0.status == .finished }.count
        #expect(best.count == Int((0.2 * Double(finished)).rounded(.up)) && best.count >= 2)
        #expect(best.allSatisfy { $0.status == .finished })
        let next = Self.space.refined(around: best.map(\.trial.values), within: Self.space)
        guard case let .logUniform(low, high) = next.parameters[0].distribution,
              case let .choice(layers) = next.parameters[1].distribution,
              case let .uniform(dLow, dHigh) = next.parameters[2].distribution else { Issue.record("kinds changed: \(next)"); return }
        let bestLR = best[0].trial.value(of: "lr")!.number!
        #expect(low <= bestLR && bestLR <= high)
        #expect(log(high / low) <= log(1e-1 / 1e-5) / 2 * 1.01)
        #expect(layers.contains("64,64"))
        #expect(dLow >= 0 && dHigh <= 0.5 && dHigh - dLow <= 0.25 * 1.01)
        // The optimum (lr 1e-3) is nearer the refined range than a coarse draw would be.
        #expect(low < 1e-3 * 10 && high > 1e-3 / 10)
    }

    @Test("A results file cut mid-line reads without its partial last record; a bad line elsewhere is an error naming it")
    func partialFile() throws {
        let results = Self.space.randomTrials(count: 3, seed: 1).map { Self.fakeRun($0) }
        let text = results.map { $0.jsonLine + "\n" }.joined()
        #expect(try TrialResult.records(inText: text + String(results[0].jsonLine.prefix(40)), file: "t.jsonl") == results)
        #expect(throws: SearchError.self) { try TrialResult.records(inText: "{\"round\": 1}\n" + text, file: "t.jsonl") }
        do {
            _ = try TrialResult.records(inText: text + "garbage\n", file: "t.jsonl")
        } catch {
            #expect("\(error)".hasPrefix("t.jsonl:4:"))
        }
    }
}
