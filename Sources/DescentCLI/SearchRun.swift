import ArgumentParser
import Descent
import Foundation

/// One `descent search` run: the rounds, their trial lists, the trials not yet in the results file
/// run `--jobs` at a time, then the summary.
struct SearchRun {
    let command: SearchRunCommand

    /// Runs it; throws `ExitCode` 130 on Ctrl-C (after the summary of what finished), 1 when no
    /// trial finished or some failed.
    func execute() throws {
        let space = try command.space()
        let shard = try command.parsedShard()
        try ResourceCheck.search(space, command: command)
        guard FileManager.default.isReadableFile(atPath: command.data) else {
            throw DataError.unreadableFile(path: command.data, reason: FileManager.default.fileExists(atPath: command.data) ? "permission denied" : "no such file")
        }
        let resultsPath = command.results ?? shard.map { "trials-\($0.index)-of-\($0.count).jsonl" } ?? "trials.jsonl"
        try OutputCheck.verify(outputs: [("--results", resultsPath), ("--plot", command.summary.plot)], inputs: [("DATA", command.data)])
        var launcher = TrialLauncher(command: command)
        try launcher.check(trials(in: space, round: 1), epochs: command.epochs)  // before the results file is created
        let provenance = try SearchStudy.provenance(of: command.data)
        launcher.provenance = provenance
        let file: SearchResultsFile
        do {
            file = try SearchResultsFile(path: resultsPath)
        } catch let error as SearchError {
            Diagnostics.print("descent: \(error)")
            throw ExitCode(ExitStatus.data)
        }
        try SearchStudy.checkSameInputs(file.existing, current: provenance, resultsPath: resultsPath, data: command.data)
        var done: [TrialKey: TrialResult] = [:]
        for record in SearchSummary.merge([file.existing]) where record.status != .failed { done[record.key] = record }
        let launcherForKeys = launcher

        var planned: [TrialResult] = []
        var roundSpace = space
        var interrupted = false
        for round in 1...(1 + command.refine) {
            let epochs = command.epochs << (round - 1)
            let list = trials(in: roundSpace, round: round)
            let mine = shard?.select(list) ?? list
            try launcher.check(mine, epochs: epochs)
            let key = { (trial: SearchTrial) in
                TrialKey(round: trial.round, index: trial.index, arguments: launcherForKeys.arguments(for: trial, epochs: epochs), provenance: provenance)
            }
            let pending = mine.filter { done[key($0)] == nil }
            if !command.quiet, let note = SearchStudy.settingsNote(mine.map(key), existing: file.existing, resultsPath: resultsPath) {
                Diagnostics.print("descent: \(note)")
            }
            if !command.quiet {
                let part = shard.map { ", shard \($0.index)/\($0.count)" } ?? ""
                let skipped = mine.count - pending.count
                Diagnostics.print("descent: round \(round): \(mine.count) of \(list.count) \(command.strategy.rawValue) trial\(list.count == 1 ? "" : "s")\(part), up to \(Plural.count(epochs, "epoch")), "
                    + "\(command.jobs) at once\(skipped > 0 ? "; \(skipped) already in \(resultsPath)" : "")")
                Diagnostics.print("descent:   " + roundSpace.specifications.map { "--param \($0)" }.joined(separator: " "))
            }
            let outcome = try runTrials(pending, epochs: epochs, space: roundSpace.specifications, launcher: launcher, file: file, total: mine.count,
                                        already: mine.count - pending.count)
            for result in outcome.results { done[result.key] = result }
            let roundResults = mine.compactMap { done[key($0)] }
            planned += roundResults
            if outcome.interrupted {
                interrupted = true
                break
            }
            if round <= command.refine {
                let best = SearchSummary.top(roundResults, fraction: 0.2)
                guard !best.isEmpty else {
                    Diagnostics.print("descent: round \(round): no trial finished, so there is nothing to refine around; stopping")
                    break
                }
                roundSpace = roundSpace.refined(around: best.map(\.trial.values), within: space)
            }
        }
        // Failed trials of this run are in `planned` only if they failed now; show them in the counts.
        let summary = SearchSummary(results: planned)
        try SearchReport(summary: summary, top: command.summary.top, json: command.summary.json, plot: command.summary.plot,
                         source: resultsPath, title: "descent search \(URL(fileURLWithPath: command.data).lastPathComponent)").emit()
        if interrupted {
            Diagnostics.print("descent: interrupted by \(Interrupt.signalName); \(Plural.count(summary.results.count, "trial")) recorded in \(resultsPath); the same command continues the search")
            throw ExitCode(Interrupt.exitStatus)
        }
        if summary.ranked.isEmpty || summary.failedCount > 0 { throw ExitCode(ExitStatus.failure) }
    }

    /// The trial list of `round` over `space`: the grid, or `--trials` random draws.
    func trials(in space: SearchSpace, round: Int) -> [SearchTrial] {
        command.strategy == .grid
            ? space.gridTrials(pointsPerParameter: command.gridPoints ?? space.gridPoints(forTrials: command.trials), round: round)
            : space.randomTrials(count: command.trials, seed: command.seed, round: round)
    }

    /// What running a round's pending trials gave.
    struct RoundOutcome {
        var results: [TrialResult]
        var interrupted: Bool
    }

    /// Runs `trials` `--jobs` at a time, appending each result to `file` as it ends and reporting it.
    func runTrials(_ trials: [SearchTrial], epochs: Int, space: [String], launcher: TrialLauncher, file: SearchResultsFile,
                   total: Int, already: Int) throws -> RoundOutcome {
        let state = RoundState(progress: ProgressBar(enabled: !command.quiet && !command.summary.json), total: total, done: already)
        let quiet = command.quiet
        let watcher = SignalWatcher()
        watcher.start()
        defer { watcher.stop() }
        SearchPool.run(count: trials.count, jobs: command.jobs) { position in
            if Interrupt.requested {
                state.update { $0.interrupted = true }
                return false
            }
            let trial = trials[position]
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
