import ArgumentParser
import Descent
import Foundation

/// How one search process takes part in a search: the plan, and where its records go.
struct SearchRunSettings {
    /// The trials of every round.
    var plan: SearchStudyPlan
    /// Trials at once.
    var jobs: Int
    /// No per-trial lines.
    var quiet: Bool
    /// What the summary shows and writes.
    var summary: SearchSummaryOptions
    /// This process's share of each round's list (nil: all of it).
    var shard: SearchShard?
    /// The results file, without a study directory.
    var resultsPath: String
    /// The study directory, when records go to its round files.
    var study: SearchStudyDirectory?
    /// Only this round (a job of a cluster run); nil: every round from the first.
    var onlyRound: Int?
    /// The job's time limit in seconds: after the first trial, a warning when the rest will not fit.
    var timeLimit: Double? = nil

    /// Where the summary says the records are.
    var source: String { study?.path ?? resultsPath }
}

/// One `descent search` run: the rounds, their trial lists, the trials not yet recorded run
/// `--jobs` at a time, then the summary. With a study directory, round K+1's space comes from the
/// files of round K (all shards), so a shard can go on to the next round once the others are done.
struct SearchRun {
    let settings: SearchRunSettings

    /// Runs it; throws `ExitCode` 130/143 on a signal (after the summary of what finished), 1 when no
    /// trial finished or some failed.
    func execute() throws {
        let plan = settings.plan
        let space = try plan.originalSpace()
        guard FileManager.default.isReadableFile(atPath: plan.data) else {
            throw DataError.unreadableFile(path: plan.data, reason: FileManager.default.fileExists(atPath: plan.data) ? "permission denied" : "no such file")
        }
        var launcher = TrialLauncher(plan: plan, jobs: settings.jobs)
        try launcher.check(plan.trials(in: space, round: 1), epochs: plan.epochs)  // before any file is created
        let provenance = try SearchStudy.provenance(of: plan.data)
        if settings.study != nil, provenance != plan.provenance {
            throw CLIUsageError(description: "\(plan.data) changed since the study began (sha256 \(provenance.dataSHA256.prefix(12))… instead of "
                + "\(plan.dataSHA256.prefix(12))…); its records are not results for this file: start a new study directory")
        }
        launcher.provenance = provenance
        let store = try SearchRecordStore(settings: settings, provenance: provenance)
        var done: [TrialKey: TrialResult] = [:]
        for record in store.existing where record.status != .failed { done[record.key] = record }
        if let study = settings.study { launcher.checkpoint = { study.checkpointPath(round: $0.round, index: $0.index) } }

        var planned: [TrialResult] = []
        var roundSpace = space
        var interrupted = false
        var previous: [TrialResult] = []
        for round in settings.onlyRound.map({ [$0] }) ?? Array(1...plan.rounds) {
            if round > 1 {
                guard let next = try self.space(round: round, current: roundSpace, after: previous) else { break }
                roundSpace = next
            }
            let epochs = plan.epochs(round: round)
            let list = plan.trials(in: roundSpace, round: round)
            let mine = settings.shard?.select(list) ?? list
            try launcher.check(mine, epochs: epochs)
            let key = { (trial: SearchTrial) in plan.key(for: trial, provenance: provenance) }
            let pending = mine.filter { done[key($0)] == nil }
            announce(round: round, list: list, mine: mine, pending: pending, space: roundSpace, keys: mine.map(key), store: store)
            let file = try store.file(round: round)
            let marker = settings.study.map { study in
                RunningMarker(path: study.runningPath(round: round, shard: settings.shard ?? SearchShard(index: 0, count: 1)!),
                              round: round, shard: settings.shard ?? SearchShard(index: 0, count: 1)!)
            }
            let outcome = try runTrials(pending, epochs: epochs, space: roundSpace.specifications, launcher: launcher, file: file,
                                        total: mine.count, already: mine.count - pending.count, marker: marker)
            for result in outcome.results { done[result.key] = result }
            let roundResults = mine.compactMap { done[key($0)] }
            planned += roundResults
            previous = roundResults
            if outcome.interrupted {
                interrupted = true
                break
            }
        }
        try finish(planned: planned, interrupted: interrupted)
    }

    /// Round `round`'s space (round ≥ 2): from the study's files when there is a study (nil, said
    /// why, when the round before is incomplete), else `current` narrowed around `previous`, this
    /// run's records of the round before.
    func space(round: Int, current: SearchSpace, after previous: [TrialResult]) throws -> SearchSpace? {
        let plan = settings.plan
        guard let study = settings.study else {
            guard let next = current.nextRound(after: previous, within: try plan.originalSpace()) else {
                Diagnostics.print("descent: round \(round - 1): no trial finished, so there is nothing to refine around; stopping")
                return nil
            }
            return next
        }
        var missing: [Int] = []
        if let next = try study.refine(round: round - 1, plan: plan, missing: &missing) { return next }
        if missing.isEmpty {
            Diagnostics.print("descent: round \(round - 1): no trial finished, so there is nothing to refine around; stopping")
        } else {
            let shards = Set(missing.map { $0 % plan.shards }).sorted()
            Diagnostics.print("descent: round \(round) waits for round \(round - 1): \(Plural.count(missing.count, "trial")) without a record yet "
                + "(\(TextExcerpt.list(missing.map(String.init), count: 8)); shard\(shards.count == 1 ? "" : "s") "
                + "\(shards.map { "\($0)/\(plan.shards)" }.joined(separator: ", "))); run them, then this command again")
        }
        if settings.onlyRound != nil { throw ExitCode(ExitStatus.failure) }
        return nil
    }

    /// The round's heading on standard error: which trials, how many already recorded, the ranges.
    func announce(round: Int, list: [SearchTrial], mine: [SearchTrial], pending: [SearchTrial], space: SearchSpace,
                  keys: [TrialKey], store: SearchRecordStore) {
        guard !settings.quiet else { return }
        if let note = SearchStudy.settingsNote(keys, existing: store.existing, resultsPath: settings.source) {
            Diagnostics.print("descent: \(note)")
        }
        let part = settings.shard.map { ", shard \($0.index)/\($0.count)" } ?? ""
        let skipped = mine.count - pending.count
        Diagnostics.print("descent: round \(round): \(mine.count) of \(list.count) \(settings.plan.strategy.rawValue) trial\(list.count == 1 ? "" : "s")\(part), "
            + "up to \(Plural.count(settings.plan.epochs(round: round), "epoch")), \(settings.jobs) at once"
            + (skipped > 0 ? "; \(skipped) already in \(settings.source)" : ""))
        Diagnostics.print("descent:   " + space.specifications.map { "--param \($0)" }.joined(separator: " "))
    }

    /// The summary of this run's trials, then the exit status.
    func finish(planned: [TrialResult], interrupted: Bool) throws {
        let summary = SearchSummary(results: planned)
        try SearchReport(summary: summary, top: settings.summary.top, json: settings.summary.json, plot: settings.summary.plot,
                         source: settings.source, title: "descent search \(URL(fileURLWithPath: settings.plan.data).lastPathComponent)",
                         preference: settings.summary.preference).emit()
        if interrupted {
            Diagnostics.print("descent: interrupted by \(Interrupt.signalName); \(Plural.count(summary.results.count, "trial")) recorded in \(settings.source); "
                + "the same command continues the search (an interrupted trial continues from its checkpoint in a study directory)")
            throw ExitCode(Interrupt.exitStatus)
        }
        if summary.ranked.isEmpty || summary.failedCount > 0 { throw ExitCode(ExitStatus.failure) }
    }

    /// What running a round's pending trials gave.
    struct RoundOutcome {
        var results: [TrialResult]
        var interrupted: Bool
    }

    /// Runs `trials` `--jobs` at a time, appending each result to `file` as it ends and reporting it.
    func runTrials(_ trials: [SearchTrial], epochs: Int, space: [String], launcher: TrialLauncher, file: SearchResultsFile,
                   total: Int, already: Int, marker: RunningMarker?) throws -> RoundOutcome {
        let state = RoundState(progress: ProgressBar(enabled: !settings.quiet && !settings.summary.json), total: total, done: already)
        let quiet = settings.quiet
        defer { marker?.remove() }
        let watcher = SignalWatcher()
        watcher.start()
        defer { watcher.stop() }
        SearchPool.run(count: trials.count, jobs: settings.jobs) { position in
            if Interrupt.requested {
                state.update { $0.interrupted = true }
                return false
            }
            let trial = trials[position]
            marker?.started(trial.index)
            defer { marker?.ended(trial.index) }
            switch launcher.run(trial, epochs: epochs, space: space) {
            case .interrupted:
                state.update { $0.interrupted = true }
                return false
            case let .rejected(status, message):
                state.update { $0.rejected = (status, message) }
                return false
            case let .result(result):
                var writeError: Error?
                do { try file.append(result) } catch { writeError = error }
                state.update { round in
                    round.results.append(result)
                    round.done += 1
                    round.best = min(round.best ?? .infinity, result.score ?? .infinity)
                    round.progress.clear()
                    if !quiet { Diagnostics.print(SearchReport.line(result, done: round.done, total: round.total)) }
                    if round.results.count == 1, let warning = timeWarning(first: result, trials: trials.count) { Diagnostics.print(warning) }
                    if let best = round.best, best.isFinite {
                        round.progress.update(done: round.done, total: round.total, label: "trials, best \(String(format: "%.4f", best))")
                    }
                    if let writeError { round.writeError = writeError }
                }
                return writeError == nil
            }
        }
        let final = state.snapshot()
        final.progress.clear()
        if let writeError = final.writeError { throw writeError }
        if let (status, message) = final.rejected {
            Diagnostics.print(message.isEmpty ? "descent: descent train failed with exit \(status)" : message)
            Diagnostics.print("descent: the trial's `descent train` stopped with exit \(status); every trial would, so the search stops")
            throw ExitCode(status)
        }
        return RoundOutcome(results: final.results, interrupted: final.interrupted || Interrupt.requested)
    }
}

extension SearchRun {
    /// With a time limit: a warning when the first trial's time × the trials to run (at --jobs at
    /// once) exceeds it. Nil when it fits or there is no limit.
    func timeWarning(first: TrialResult, trials: Int) -> String? {
        guard let limit = settings.timeLimit else { return nil }
        let expected = first.seconds * (Double(trials) / Double(max(1, settings.jobs))).rounded(.up)
        guard expected > limit else { return nil }
        return "descent: warning: the first trial took \(String(format: "%.1f", first.seconds)) s, so the \(Plural.count(trials, "trial")) of this shard "
            + "need about \(Int(expected.rounded(.up))) s, more than the job's time limit (\(Int(limit)) s); the trials past the limit are stopped "
            + "with their checkpoints and continued by a resume (descent search --slurm --resume DIR)"
    }
}

/// The mutable state of a round, shared by the worker threads under a lock.
private final class RoundState: @unchecked Sendable {
    struct Value {
        var progress: ProgressBar
        var total: Int
        var done: Int
        var results: [TrialResult] = []
        var best: Double?
        var interrupted = false
        var rejected: (Int32, String)?
        var writeError: Error?
    }

    private let lock = NSLock()
    private var value: Value

    init(progress: ProgressBar, total: Int, done: Int) {
        value = Value(progress: progress, total: total, done: done)
    }

    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&value) } }

    func snapshot() -> Value { lock.withLock { value } }
}

/// While a round runs: on the first SIGINT or SIGTERM, passes the signal on to the running trials
/// and says on standard error what the search waits for (a second signal stops at once).
private final class SignalWatcher: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true

    /// Starts watching on its own thread (polling every 50 ms: the signal handler only sets a flag).
    func start() {
        Thread {
            while self.isRunning {
                if Interrupt.requested {
                    let pids = Interrupt.forwardToChildren()
                    if !pids.isEmpty {
                        Diagnostics.print("descent: \(Interrupt.signalName): no new trials; passed it on to the \(Plural.count(pids.count, "running trial")) "
                            + "(pid \(pids.map(String.init).joined(separator: ", "))) and waiting for \(pids.count == 1 ? "it" : "them") to stop; "
                            + "send it again to stop at once")
                    }
                    return
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }.start()
    }

    /// Stops watching.
    func stop() { lock.withLock { running = false } }

    private var isRunning: Bool { lock.withLock { running } }
}
