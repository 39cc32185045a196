import ArgumentParser
import Descent
import Foundation

/// Where a search's records are read and appended: one results file, or a study directory's file
/// per round for this shard. `existing` holds every record already there (all shards' in a study),
/// so a rerun or resume skips what finished anywhere.
final class SearchRecordStore {
    let settings: SearchRunSettings
    /// The records already written.
    let existing: [TrialResult]
    private var files: [Int: SearchResultsFile] = [:]
    private let single: SearchResultsFile?

    /// Opens the store; refuses (exit 64) a results file of other data or another Descent version.
    init(settings: SearchRunSettings, provenance: TrialProvenance) throws {
        self.settings = settings
        do {
            if let study = settings.study {
                single = nil
                existing = try (1...max(1, settings.plan.rounds)).flatMap { try study.records(round: $0) }
            } else {
                let file = try SearchResultsFile(path: settings.resultsPath)
                single = file
                existing = file.existing
            }
        } catch let error as SearchError {
            Diagnostics.print("descent: \(error)")
            throw ExitCode(ExitStatus.data)
        }
        try SearchStudy.checkSameInputs(existing, current: provenance, resultsPath: settings.source, data: settings.plan.data)
    }

    /// The file round `round`'s records are appended to.
    func file(round: Int) throws -> SearchResultsFile {
        if let single { return single }
        if let open = files[round] { return open }
        guard let study = settings.study else { preconditionFailure("a store has a file or a study") }
        let shard = settings.shard ?? SearchShard(index: 0, count: 1)!
        do {
            try FileManager.default.createDirectory(atPath: study.roundDirectory(round), withIntermediateDirectories: true)
        } catch {
            throw FileError.cannotWrite(path: study.roundDirectory(round), reason: "cannot create the directory: \(error.localizedDescription)")
        }
        let file = try SearchResultsFile(path: study.resultsPath(round: round, shard: shard))
        files[round] = file
        return file
    }
}

/// `round-K/running-I-of-N.json` while a shard trains: which trials run now, for `search status`.
/// Removed when the round's trials end; a write that fails is said once on standard error (the
/// file only informs, the records are elsewhere).
final class RunningMarker: @unchecked Sendable {
    private let path: String
    private let round: Int
    private let shard: SearchShard
    private let lock = NSLock()
    private var trials: [Int] = []
    private var warned = false

    init(path: String, round: Int, shard: SearchShard) {
        self.path = path
        self.round = round
        self.shard = shard
    }

    /// Trial `index` started.
    func started(_ index: Int) { lock.withLock { trials.append(index); write() } }

    /// Trial `index` ended.
    func ended(_ index: Int) { lock.withLock { trials.removeAll { $0 == index }; write() } }

    /// Removes the file.
    func remove() { lock.withLock { _ = unlink(path) } }

    private func write() {
        do {
            let record = SearchRunningTrial(round: round, trials: trials.sorted(), shard: shard,
                                            host: ProcessInfo.processInfo.hostName, pid: getpid())
            try AtomicFile.write(try SearchStudyDirectory.json(record) + "\n", to: path)
        } catch where !warned {
            warned = true
            Diagnostics.print("descent: warning: \(path): cannot write the running trials (\(error)); search status will not show them")
        } catch {}
    }
}
