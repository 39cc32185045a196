import ArgumentParser
import Descent
import Foundation

/// `descent search shard DIR --round K --shard I/N`: one shard of one round of a study (what a
/// Slurm array task runs).
struct SearchShardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shard",
        abstract: "Run one shard of one round of a study directory (what each task of a --slurm job array runs).",
        usage: "descent search shard <directory> --round <k> --shard <i/n> [<options>]",
        discussion: """
        Reads DIR/study.json and round K's space (DIR/round-K/space.json for K ≥ 2, written by `descent search refine`), \
        then trains the shard's trials that have no record yet, appending each to DIR/round-K/trials-I-of-N.jsonl. \
        SIGTERM (Slurm's warning before a kill) ends the running trial with its checkpoint written; run again, the \
        shard continues that trial from its checkpoint and skips the finished ones.

        Exit codes: 0 every trial of the shard finished; 1 a trial failed, none finished, or round K's space is not known \
        (round K−1 incomplete); 143/130 stopped by SIGTERM/SIGINT.

        Example:
          descent search shard search-wine --round 2 --shard 3/4
        """
    )

    @Argument(help: "The study directory.")
    var directory: String

    @Option(help: "The round to run.")
    var round: Int

    @Option(help: "The shard, i/n.")
    var shard: String

    @Option(help: "Trials to run at once, each a process.")
    var jobs = 1

    @Option(help: "The job's time limit in seconds: after its first trial the shard warns when the rest will not fit.")
    var timeLimit: Int?

    @Flag(help: "No per-trial lines.")
    var quiet = false

    func validate() throws {
        guard round >= 1 else { throw ValidationError("--round must be at least 1, got \(round)") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        _ = try parsedShard()
    }

    func parsedShard() throws -> SearchShard {
        do { return try SearchShard(parsing: shard) } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        try reportingErrors {
            Interrupt.install()
            let study = SearchStudyDirectory(path: directory)
            let plan = try study.readPlan()
            let shard = try parsedShard()
            guard round <= plan.rounds, shard.count == plan.shards else {
                throw CLIUsageError(description: "\(study.path) has \(Plural.count(plan.rounds, "round")) of \(Plural.count(plan.shards, "shard")); "
                    + "--round \(round) --shard \(shard.index)/\(shard.count) is not one of them")
            }
            var summary = try SearchSummaryOptions.parse([])
            summary.top = 5
            try SearchRun(settings: SearchRunSettings(plan: plan, jobs: jobs, quiet: quiet, summary: summary, shard: shard, resultsPath: "",
                                                      study: study, onlyRound: round, timeLimit: timeLimit.map(Double.init))).execute()
        }
    }
}

/// `descent search refine DIR --round K`: merges round K's shards and writes round K+1's space.
struct SearchRefineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refine",
        abstract: "Merge round K of a study and write round K+1's ranges (the merge-and-refine job of --slurm).",
        discussion: """
        Reads every shard's records of round K; when every trial of the round has one, narrows each range around the \
        best fifth of the round's finished trials (the rule of a local --refine run) and writes DIR/round-(K+1)/space.json. \
        Exit codes: 0 written (or already there); 1 round K has trials without a record (listed, with their shards) or none finished.

        Example:
          descent search refine search-wine --round 1
        """
    )

    @Argument(help: "The study directory.")
    var directory: String

    @Option(help: "The round to merge.")
    var round: Int

    func run() throws {
        try reportingErrors {
            let study = SearchStudyDirectory(path: directory)
            let plan = try study.readPlan()
            guard round >= 1, round < plan.rounds else {
                throw CLIUsageError(description: "--round \(round): \(study.path) has \(Plural.count(plan.rounds, "round")), so rounds 1…\(max(1, plan.rounds - 1)) can be refined")
            }
            var missing: [Int] = []
            if let next = try study.refine(round: round, plan: plan, missing: &missing) {
                try StandardOutput.line("round \(round + 1): " + next.specifications.map { "--param \($0)" }.joined(separator: " "))
                return
            }
            if missing.isEmpty {
                Diagnostics.print("descent: round \(round) of \(study.path): no trial finished, so there is nothing to refine around")
            } else {
                let shards = Set(missing.map { $0 % plan.shards }).sorted().map { "\($0)/\(plan.shards)" }
                Diagnostics.print("descent: round \(round) of \(study.path) is incomplete: \(Plural.count(missing.count, "trial")) without a record "
                    + "(\(TextExcerpt.list(missing.map(String.init), count: 10)); shard\(shards.count == 1 ? "" : "s") \(shards.joined(separator: ", "))); "
                    + "`descent search --slurm --resume \(study.path)` runs them")
            }
            throw ExitCode(ExitStatus.failure)
        }
    }
}

/// `descent search finish DIR`: the final merge of a study.
struct SearchFinishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finish",
        abstract: "Merge every round of a study: summary, scatter plot and best configuration (the final job of --slurm).",
        usage: "descent search finish <directory> [<options>]",
        discussion: """
        Writes DIR/summary.json (the object of `descent search --json`), DIR/summary.txt (the table), DIR/search.svg \
        (the scatter) and DIR/best.json (the best trial's record and its `descent train` command), and prints the table. \
        With trials run with --folds K, --prefer smaller|larger PARAM (or the --prefer the study was started with, stored \
        in DIR/study.json) also names the tied trial with the smallest or largest PARAM, as a local search does. \
        Exit codes: 0 every trial of every round has a record and none failed; 1 otherwise (what is there is still written).

        Example:
          descent search finish search-wine
          descent search finish search-wine --prefer smaller layers
        """
    )

    @Argument(help: "The study directory.")
    var directory: String

    @Option(help: "Trials shown in the summary table.")
    var top = 10

    @Option(parsing: .upToNextOption, help: ArgumentHelp(
        "Among the trials tied with the best (mean CV score within its standard error), choose the one with the smallest or largest PARAM (the one-standard-error rule). Values: smaller, larger. Default: the study's own --prefer.",
        valueName: "smaller|larger PARAM"))
    var prefer: [String] = []

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
        try SearchSummaryOptions.validatePrefer(prefer)
    }

    func run() throws {
        try reportingErrors {
            let study = SearchStudyDirectory(path: directory)
            let plan = try study.readPlan()
            let records = try (1...plan.rounds).flatMap { try study.records(round: $0) }.filter { $0.provenance == plan.provenance }
            let summary = SearchSummary(results: records)
            let report = SearchReport(summary: summary, top: top, json: false, plot: study.plotPath, source: study.path,
                                      title: "descent search \(URL(fileURLWithPath: plan.data).lastPathComponent)",
                                      preference: SearchPreference(values: prefer) ?? plan.preference)
            let chosen = try report.choice()
            try AtomicFile.write(report.jsonText(chosen) + "\n", to: study.summaryPath)
            try AtomicFile.write(report.text(chosen) + "\n", to: study.summaryTextPath)
            if let best = summary.best {
                let record = SearchBestRecord(trial: best, command: ["descent", "train", plan.data] + best.arguments)
                try AtomicFile.write(try SearchStudyDirectory.json(record, pretty: true) + "\n", to: study.bestPath)
            }
            try report.emit()
            let status = try SearchStudyStatus(directory: study)
            if !status.succeeded {
                Diagnostics.print("descent: \(study.path): " + SearchStatusText(status: status).problems.joined(separator: "; "))
                throw ExitCode(ExitStatus.failure)
            }
        }
    }
}

/// `descent search status DIR`: a study's progress from its files.
struct SearchStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a study's progress from its files: trials done, running and failed per round, the best so far.",
        discussion: """
        Reads only the study directory (no scheduler is asked): per round, whether its ranges are known yet, the trials \
        finished, diverged, failed, running (by the shards' running files) and missing; then the best trial so far. \
        Exit codes: 0 the study is complete with no failed trial; 1 not (yet).

        Example:
          descent search status search-wine
          descent search status search-wine --json
        """
    )

    @Argument(help: "The study directory.")
    var directory: String

    @Flag(help: "The status as one JSON object ({\"type\": \"search_status\", …}).")
    var json = false

    func run() throws {
        try reportingErrors {
            let status = try SearchStudyStatus(directory: SearchStudyDirectory(path: directory))
            try StandardOutput.line(json ? try SearchStudyDirectory.json(status) : SearchStatusText(status: status).text)
            if !status.succeeded { throw ExitCode(ExitStatus.failure) }
        }
    }
}
