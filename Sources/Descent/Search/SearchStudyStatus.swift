import Foundation

/// Where one round of a study stands, from its files: how many of its trials have records of each
/// status, which are running, which are missing.
public struct SearchRoundProgress: Sendable, Equatable, Codable {
    /// The round.
    public var round: Int
    /// Whether its space is known (round 1 always; round K once round K−1 is complete and merged).
    public var spaceKnown: Bool
    /// The trials of its list (0 while the space is unknown).
    public var planned: Int
    /// Records with status finished, diverged and failed.
    public var finished: Int, diverged: Int, failed: Int
    /// Positions of the trials a shard trains now (from the running files).
    public var running: [Int]
    /// Positions of the trials without a record (running ones included), in order.
    public var missing: [Int]
    /// Positions of the trials whose record says failed (rerun by a resume), in order.
    public var failedTrials: [Int]
    /// The best score (validation loss, or training loss without validation) of its finished trials.
    public var bestScore: Double?

    enum CodingKeys: String, CodingKey {
        case round, spaceKnown = "space_known", planned, finished, diverged, failed, running, missing, failedTrials = "failed_trials"
        case bestScore = "best_score"
    }

    /// Every trial of the list has a record (failed ones included): the next round can be computed.
    public var isComplete: Bool { spaceKnown && missing.isEmpty }

    /// Every trial has a record and none failed: nothing of this round to run again.
    public var isDone: Bool { isComplete && failedTrials.isEmpty }

    /// Shards (of `count`) that have trials without a record or with a failed one: what a resume
    /// must run again.
    public func shardsWithMissingTrials(count: Int) -> [Int] {
        Array(Set((missing + failedTrials).map { $0 % max(1, count) })).sorted()
    }
}

/// A study's state from its directory alone: each round's progress and the best trial so far.
public struct SearchStudyStatus: Sendable, Equatable, Codable {
    /// "search_status".
    public var type = "search_status"
    /// The study directory.
    public var directory: String
    /// Rounds in the plan, and shards per round.
    public var rounds: Int, shards: Int
    /// Each round, first to last.
    public var progress: [SearchRoundProgress]
    /// The best finished trial of all rounds.
    public var best: TrialResult?

    enum CodingKeys: String, CodingKey { case type, directory, rounds, shards, progress, best }

    /// Every round has a record for every trial.
    public var isComplete: Bool { progress.allSatisfy(\.isComplete) }

    /// Every round is complete and no trial failed: the study succeeded.
    public var succeeded: Bool { isComplete && progress.allSatisfy { $0.failed == 0 } && best != nil }

    /// Reads the status of the study in `directory`.
    public init(directory: SearchStudyDirectory) throws {
        let plan = try directory.readPlan()
        self.directory = directory.path
        rounds = plan.rounds
        shards = plan.shards
        var all: [TrialResult] = []
        progress = try (1...max(1, plan.rounds)).map { round in
            let records = try directory.records(round: round)
            all += records
            return try Self.progress(round: round, plan: plan, directory: directory, records: records)
        }
        best = SearchSummary(results: all).best
    }

    /// Round `round`'s progress from its records.
    static func progress(round: Int, plan: SearchStudyPlan, directory: SearchStudyDirectory, records: [TrialResult]) throws -> SearchRoundProgress {
        let running = directory.running(round: round).flatMap(\.trials).sorted()
        let mine = records.filter { $0.provenance == plan.provenance }
        var progress = SearchRoundProgress(round: round, spaceKnown: false, planned: 0, finished: 0, diverged: 0, failed: 0,
                                           running: running, missing: [], failedTrials: [], bestScore: nil)
        guard let space = try directory.space(round: round, plan: plan) else { return progress }
        let list = plan.trials(in: space, round: round)
        let byKey = Dictionary(mine.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        progress.spaceKnown = true
        progress.planned = list.count
        for trial in list {
            guard let record = byKey[plan.key(for: trial, provenance: plan.provenance)] else {
                progress.missing.append(trial.index)
                continue
            }
            switch record.status {
            case .finished: progress.finished += 1
            case .diverged: progress.diverged += 1
            case .failed:
                progress.failed += 1
                progress.failedTrials.append(trial.index)
            }
            if let score = record.score { progress.bestScore = min(progress.bestScore ?? score, score) }
        }
        return progress
    }
}

extension SearchStudyDirectory {
    /// Round `round`'s records that belong to the plan's list, one per trial in list order, when
    /// every trial has one (nil otherwise, with the missing positions in `missing`).
    public func completeRecords(round: Int, plan: SearchStudyPlan, missing: inout [Int]) throws -> [TrialResult]? {
        guard let space = try space(round: round, plan: plan) else { return nil }
        let records = try self.records(round: round)
        let byKey = Dictionary(records.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        var result: [TrialResult] = []
        missing = []
        for trial in plan.trials(in: space, round: round) {
            if let record = byKey[plan.key(for: trial, provenance: plan.provenance)] { result.append(record) } else { missing.append(trial.index) }
        }
        return missing.isEmpty ? result : nil
    }

    /// Computes round `round + 1`'s space from round `round`'s records and writes it to
    /// `round-(K+1)/space.json` (the same bytes whoever computes it); returns it. Nil when round
    /// `round` is incomplete (`missing` lists its trials without a record) or no trial of it finished.
    @discardableResult
    public func refine(round: Int, plan: SearchStudyPlan, missing: inout [Int]) throws -> SearchSpace? {
        if let known = try space(round: round + 1, plan: plan) { return known }
        guard let records = try completeRecords(round: round, plan: plan, missing: &missing),
              let current = try space(round: round, plan: plan),
              let next = current.nextRound(after: records, within: try plan.originalSpace())
        else { return nil }
        try FileManager.default.createDirectory(atPath: roundDirectory(round + 1), withIntermediateDirectories: true)
        let record = SearchRoundSpace(round: round + 1, space: next.specifications, fromTrials: records.count)
        try AtomicFile.write(try Self.json(record) + "\n", to: spacePath(round: round + 1))
        return next
    }
}

/// `best.json`: the best trial of a study and the `descent train` command that trains it.
public struct SearchBestRecord: Sendable, Equatable, Codable {
    /// "search_best".
    public var type = "search_best"
    /// The trial's record.
    public var trial: TrialResult
    /// `descent train DATA FLAGS…`, word by word.
    public var command: [String]

    /// Creates one.
    public init(trial: TrialResult, command: [String]) {
        self.trial = trial
        self.command = command
    }
}
