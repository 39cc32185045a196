import ArgumentParser
import Descent
import Foundation

/// What keys a search study: the data file's content, the Descent version and the train flags.
/// A results file is reused only for the same data and version; records made with other flags
/// are left alone (and said so) while fresh trials run.
enum SearchStudy {
    /// The data file's SHA-256 (streamed) and this Descent's version.
    static func provenance(of data: String) throws -> TrialProvenance {
        switch SHA256.hex(ofFileAt: data) {
        case let .success(hash): return TrialProvenance(dataSHA256: hash, dataFile: URL(fileURLWithPath: data).lastPathComponent)
        case let .failure(failure): throw DataError.unreadableFile(path: failure.path, reason: failure.reason)
        }
    }

    /// Refuses (exit 64) a results file holding records of other data or another Descent version,
    /// saying what differs and how to start a separate study.
    static func checkSameInputs(_ existing: [TrialResult], current: TrialProvenance, resultsPath: String, data: String) throws {
        let foreign = existing.filter { $0.provenance != current }
        guard let first = foreign.first else { return }
        let stem = URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent
        Diagnostics.print("descent: \(resultsPath) holds \(foreign.count) of \(existing.count) trial records made from other inputs than this search: "
                          + current.differences(from: first.provenance).joined(separator: "; "))
        Diagnostics.print("descent: they are not results for \(data); give this study its own file with --results (e.g. --results trials-\(stem).jsonl), or move \(resultsPath) away")
        throw ExitCode(ExitStatus.usage)
    }

    /// "3 records in trials.jsonl were made with other train flags (first: --epochs 10 instead of --epochs 20); they are not reused",
    /// for records of the round's trials (same round and position) whose flags differ; nil when there are none.
    static func settingsNote(_ keys: [TrialKey], existing: [TrialResult], resultsPath: String) -> String? {
        let planned = Dictionary(keys.map { (PositionKey(round: $0.round, index: $0.index), $0.arguments) }, uniquingKeysWith: { a, _ in a })
        let differing = existing.filter { record in
            planned[PositionKey(round: record.trial.round, index: record.trial.index)].map { $0 != record.arguments } ?? false
        }
        guard let first = differing.first, let now = planned[PositionKey(round: first.trial.round, index: first.trial.index)] else { return nil }
        return "\(differing.count) \(differing.count == 1 ? "record" : "records") in \(resultsPath) were made with other train flags "
            + "(first: \(flagDifference(old: first.arguments, new: now))); they are not reused, fresh trials run"
    }

    /// The first place two argument lists differ: "--epochs 10 instead of --epochs 20".
    static func flagDifference(old: [String], new: [String]) -> String {
        var index = 0
        while index < min(old.count, new.count), old[index] == new[index] { index += 1 }
        let start = index > 0 && !(index < old.count && old[index].hasPrefix("--")) && old[index - 1].hasPrefix("--") ? index - 1 : index
        func piece(_ list: [String]) -> String {
            let text = start < list.count ? list[start..<min(list.count, start + 2)].joined(separator: " ") : "nothing"
            return text.count > TextExcerpt.limit ? String(text.prefix(TextExcerpt.limit)) + "…" : text
        }
        return piece(old) + " instead of " + piece(new)
    }

    /// Refuses (exit 64) to merge records of different data or Descent versions: lists each group
    /// (its data, version, record count and files).
    static func checkMergeable(_ records: [[TrialResult]], files: [String]) throws {
        var groups: [TrialProvenance?: (count: Int, files: [String])] = [:]
        var order: [TrialProvenance?] = []
        for (file, list) in zip(files, records) {
            for record in list {
                if groups[record.provenance] == nil { order.append(record.provenance) }
                groups[record.provenance, default: (0, [])].count += 1
                if groups[record.provenance]?.files.last != file { groups[record.provenance]?.files.append(file) }
            }
        }
        guard order.count > 1 else { return }
        Diagnostics.print("descent: these files hold the results of \(order.count) different studies, which cannot be ranked together:")
        for provenance in order.prefix(10) {
            let group = groups[provenance]!
            let what = provenance?.summary ?? "unknown data (records written by an older Descent, without a data hash)"
            Diagnostics.print("descent:   \(group.count) records of \(what) in \(TextExcerpt.list(group.files, count: 5))")
        }
        Diagnostics.print("descent: merge the files of one study at a time")
        throw ExitCode(ExitStatus.usage)
    }

    /// A trial's round and position.
    private struct PositionKey: Hashable {
        var round: Int
        var index: Int
    }
}

extension SearchStudy {
    /// Starts or continues the study in `study` with `plan`: writes `study.json` when there is
    /// none; refuses (exit 64) a directory holding another plan, saying what differs.
    static func begin(_ study: SearchStudyDirectory, plan: SearchStudyPlan) throws {
        guard FileManager.default.fileExists(atPath: study.planPath) else { return try study.writePlan(plan) }
        let existing = try study.readPlan()
        guard existing != plan else { return }
        let fields: [(String, Bool)] = [("data", existing.data != plan.data || existing.dataSHA256 != plan.dataSHA256),
                                        ("--param", existing.space != plan.space), ("--strategy", existing.strategy != plan.strategy),
                                        ("--trials", existing.trials != plan.trials), ("--grid-points", existing.gridPoints != plan.gridPoints),
                                        ("--epochs", existing.epochs != plan.epochs), ("--seed", existing.seed != plan.seed),
                                        ("--rounds/--refine", existing.rounds != plan.rounds), ("--shards/--shard", existing.shards != plan.shards),
                                        ("the train flags", existing.trainArguments != plan.trainArguments)]
        let differing = fields.filter(\.1).map(\.0)
        throw CLIUsageError(description: "\(study.path) holds another study (its \(differing.joined(separator: ", ")) differ\(differing.count == 1 ? "s" : "")); "
            + "continue it with --resume \(study.path), or give this search its own --study directory")
    }
}
