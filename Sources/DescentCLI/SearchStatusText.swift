import Descent
import Foundation

/// `descent search status` for people: one line per round, the best trial, what is wrong.
struct SearchStatusText {
    let status: SearchStudyStatus

    /// The lines.
    var text: String {
        var lines = ["study \(status.directory): \(Plural.count(status.rounds, "round")) of \(Plural.count(status.shards, "shard"))"]
        for round in status.progress {
            guard round.spaceKnown else {
                lines.append("round \(round.round): waiting for round \(round.round - 1) (its ranges come from it)")
                continue
            }
            var parts = ["\(round.finished + round.diverged + round.failed)/\(round.planned) recorded: \(round.finished) finished"]
            if round.diverged > 0 { parts.append("\(round.diverged) diverged") }
            if round.failed > 0 { parts.append("\(round.failed) failed") }
            if !round.running.isEmpty { parts.append("\(round.running.count) running (\(TextExcerpt.list(round.running.map(String.init), count: 8)))") }
            let waiting = round.missing.filter { !round.running.contains($0) }
            if !waiting.isEmpty { parts.append("\(waiting.count) not started") }
            if let best = round.bestScore { parts.append("best \(String(format: "%.4f", best))") }
            lines.append("round \(round.round): " + parts.joined(separator: ", "))
        }
        if let best = status.best {
            let values = best.trial.values.map { "\($0.name)=\(SearchSummary.short($0.value))" }.joined(separator: " ")
            lines.append("best so far: round \(best.trial.round) trial \(best.trial.index), score \(String(format: "%.4f", best.score ?? .nan)), \(values)")
        }
        lines.append(status.succeeded ? "complete" : "not complete: " + problems.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }

    /// What keeps the study from being complete, in words.
    var problems: [String] {
        var result: [String] = []
        for round in status.progress {
            if !round.spaceKnown { result.append("round \(round.round) has not started"); continue }
            if !round.missing.isEmpty {
                let shards = round.shardsWithMissingTrials(count: status.shards).map { "\($0)/\(status.shards)" }
                result.append("round \(round.round) lacks \(Plural.count(round.missing.count, "trial")) (shard\(shards.count == 1 ? "" : "s") \(shards.joined(separator: ", ")))")
            }
            if round.failed > 0 {
                result.append("round \(round.round) has \(Plural.count(round.failed, "failed trial")) (\(TextExcerpt.list(round.failedTrials.map(String.init), count: 8)))")
            }
        }
        if status.best == nil { result.append("no trial finished") }
        return result
    }
}
