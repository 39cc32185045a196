import Foundation

/// The files of a search study, all under one directory that every job of a cluster run shares:
///
/// ```
/// study.json                          the plan (SearchStudyPlan)
/// round-K/space.json                  round K's space (K ≥ 2), computed from round K−1's records
/// round-K/trials-I-of-N.jsonl         shard I's records of round K (JSON Lines, one per trial)
/// round-K/running-I-of-N.json         shard I's running trial, while it runs
/// checkpoints/round-K-trial-T.*       an interrupted trial's model and resume state
/// jobs/*.sbatch, jobs/submitted.jsonl the job scripts and what was submitted
/// logs/                               the jobs' standard output and error
/// summary.json, summary.txt, search.svg, best.json    what the final merge writes
/// ```
///
/// Everything a job needs is read from these files, so a shard of round K+1 can run on any machine
/// that sees the directory, and `descent search status` needs no scheduler.
public struct SearchStudyDirectory: Sendable, Equatable {
    /// The directory.
    public var path: String

    /// A study in `path`.
    public init(path: String) { self.path = path }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// `study.json`.
    public var planPath: String { file("study.json") }
    /// `round-K`.
    public func roundDirectory(_ round: Int) -> String { file("round-\(round)") }
    /// `round-K/space.json`.
    public func spacePath(round: Int) -> String { file("round-\(round)/space.json") }
    /// `round-K/trials-I-of-N.jsonl`.
    public func resultsPath(round: Int, shard: SearchShard) -> String { file("round-\(round)/trials-\(shard.index)-of-\(shard.count).jsonl") }
    /// `round-K/running-I-of-N.json`.
    public func runningPath(round: Int, shard: SearchShard) -> String { file("round-\(round)/running-\(shard.index)-of-\(shard.count).json") }
    /// `checkpoints/round-K-trial-T.safetensors` (its resume state lies beside it).
    public func checkpointPath(round: Int, index: Int) -> String { file("checkpoints/round-\(round)-trial-\(index).safetensors") }
    /// `jobs`.
    public var jobsDirectory: String { file("jobs") }
    /// `logs`.
    public var logsDirectory: String { file("logs") }
    /// `jobs/submitted.jsonl`: one line per submitted job.
    public var submissionsPath: String { file("jobs/submitted.jsonl") }
    /// `summary.json`, the final merge's summary object.
    public var summaryPath: String { file("summary.json") }
    /// `summary.txt`, the same as text.
    public var summaryTextPath: String { file("summary.txt") }
    /// `search.svg`, the scatter.
    public var plotPath: String { file("search.svg") }
    /// `best.json`, the best trial's record and its train command.
    public var bestPath: String { file("best.json") }

    /// Creates the directory and its subdirectories.
    public func create() throws(FileError) {
        for directory in [path, file("checkpoints"), jobsDirectory, logsDirectory] {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw FileError.cannotWrite(path: directory, reason: "cannot create the directory: \(error.localizedDescription)")
            }
        }
    }

    /// Reads `study.json`.
    public func readPlan() throws -> SearchStudyPlan {
        guard let data = FileManager.default.contents(atPath: planPath) else {
            throw FileError.cannotRead(path: planPath, reason: FileManager.default.fileExists(atPath: planPath) ? "unreadable" : "no such file (not a study directory?)")
        }
        do {
            return try JSONDecoder().decode(SearchStudyPlan.self, from: data)
        } catch {
            throw SearchError.malformedResult(file: planPath, line: 1, reason: "not a study plan: \(error)")
        }
    }

    /// Writes `study.json` (creating the directories).
    public func writePlan(_ plan: SearchStudyPlan) throws {
        try create()
        try AtomicFile.write(try Self.json(plan, pretty: true) + "\n", to: planPath)
    }

    /// Every record of round `round`, from all its shards' files, merged (see ``SearchSummary/merge(_:)``).
    public func records(round: Int) throws -> [TrialResult] {
        let directory = roundDirectory(round)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix("trials-") && $0.hasSuffix(".jsonl") }.sorted()
        let files = try names.map { name -> [TrialResult] in
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else { throw FileError.cannotRead(path: path, reason: "read failed") }
            return try TrialResult.records(inText: String(decoding: data, as: UTF8.self), file: path)
        }
        return SearchSummary.merge(files)
    }

    /// Round `round`'s space: the plan's for round 1, `round-K/space.json` after; nil when it has
    /// not been computed (round K−1 is not complete).
    public func space(round: Int, plan: SearchStudyPlan) throws -> SearchSpace? {
        if round == 1 { return try plan.originalSpace() }
        guard let data = FileManager.default.contents(atPath: spacePath(round: round)) else { return nil }
        do {
            return try SearchSpace(parsing: try JSONDecoder().decode(SearchRoundSpace.self, from: data).space)
        } catch {
            throw SearchError.malformedResult(file: spacePath(round: round), line: 1, reason: "not a round space: \(error)")
        }
    }

    /// The trials of round `round` that are running now, by their shards' `running-*.json` files
    /// (a shard killed with SIGKILL leaves its file: a trial listed here may have died).
    public func running(round: Int) -> [SearchRunningTrial] {
        let directory = roundDirectory(round)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix("running-") }.sorted()
        return names.compactMap { name in
            FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name))
                .flatMap { try? JSONDecoder().decode(SearchRunningTrial.self, from: $0) }
        }
    }

    /// `value` as JSON text: keys sorted (the same bytes in every process), slashes unescaped.
    public static func json<T: Encodable>(_ value: T, pretty: Bool = false) throws -> String {
        guard pretty else { return try JSONLine.encode(value) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// `round-K/space.json`: round K's space and where it came from.
public struct SearchRoundSpace: Sendable, Equatable, Codable {
    /// "round_space".
    public var type = "round_space"
    /// The round it is the space of.
    public var round: Int
    /// Its parameters as written (`lr=log:0.00507:0.0494`).
    public var space: [String]
    /// How many records of the round before it was computed from.
    public var fromTrials: Int

    enum CodingKeys: String, CodingKey { case type, round, space, fromTrials = "from_trials" }

    /// Creates one.
    public init(round: Int, space: [String], fromTrials: Int) {
        self.round = round
        self.space = space
        self.fromTrials = fromTrials
    }
}

/// `round-K/running-I-of-N.json`: the trials a shard is training now.
public struct SearchRunningTrial: Sendable, Equatable, Codable {
    /// "running".
    public var type = "running"
    /// The round.
    public var round: Int
    /// The positions in the round's list of the trials it trains now.
    public var trials: [Int]
    /// The shard's index and count.
    public var shard: Int, shards: Int
    /// The host and process id of the shard.
    public var host: String, pid: Int32

    /// Creates one.
    public init(round: Int, trials: [Int], shard: SearchShard, host: String, pid: Int32) {
        self.round = round
        self.trials = trials
        self.shard = shard.index
        shards = shard.count
        self.host = host
        self.pid = pid
    }
}
