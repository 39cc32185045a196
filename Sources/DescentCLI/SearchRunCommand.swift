import ArgumentParser
import Descent
import Foundation

/// `descent search run` (the default of `descent search`): trains one `descent train` process per
/// trial and summarizes the results.
struct SearchRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Search hyperparameters: train one model per trial, rank them by validation loss.",
        discussion: """
        Any `descent train` flag can be searched with --param NAME=SPEC, which passes --NAME VALUE to each \
        trial:
          lr=log:1e-5:1e-1        log-uniform: exp(U(ln a, ln b)), the same share of
                                  trials per decade (scale parameters)
          dropout=uniform:0:0.5   uniform on [a, b)
          batch-size=int:16:128   uniform over the integers a…b
          layers=choice:32|64,64  one of the values (| separates them);
                                  choice:true|false searches a bare flag

        Every other train flag after DATA passes through to every trial unchanged (--optimizer sgd --patience 5 …); \
        every trial uses the same --seed, so trials differ only in the searched values.

        Each trial trains with early stopping and is appended to --results as one JSON line the moment it ends \
        (parameters, best validation loss and accuracy, epochs, seconds, diverged or not), so a killed search keeps \
        its finished trials and the same command run again skips them. The summary ranks the trials by validation \
        loss, warns when the best value of a parameter lies near the edge of its range, and prints the narrower \
        ranges of a next round; --plot draws validation accuracy against each parameter.

        With --folds K (passed to every trial) a trial is ranked by its mean cross-validated log-loss (RMSE for \
        regression), shown with its standard error; trials within one standard error of the best are marked tied, and \
        --prefer smaller|larger PARAM names the tied trial with the smallest or largest PARAM (the one-standard-error rule).

        --refine R (or --rounds R+1) adds R coarse-to-fine rounds: each narrows every range around the best fifth of \
        the previous round's trials and doubles --epochs. --jobs K runs K trials at once as processes (OpenBLAS threads \
        are divided among them). --shard i/n runs only trials i, i+n, i+2n, … of the same deterministic list, so n \
        machines share one search; `descent search merge` then summarizes their files. With --study DIR the records go \
        to a study directory (a file per round and shard) and round K+1's ranges come from the files of round K, so \
        --refine works with --shard.

        --slurm submits the study to Slurm: a job array of --shards tasks per round, a merge-and-refine job between \
        rounds, a final merge writing DIR/summary.json, DIR/search.svg and DIR/best.json. `descent search status DIR` \
        shows its progress; --slurm --resume DIR submits only what is missing.

        Ctrl-C or SIGTERM is passed on to the running trials (the search says which it waits for) and the finished \
        trials are kept; a second signal stops them at once. In a study directory a stopped trial keeps its checkpoint \
        and continues from it when the search runs again.

        Exit codes (the table of `descent --help`): 1 no trial finished or some failed (--slurm: sbatch failed, or \
        with --wait the study did not record every trial); 64 also for a --param whose trials cannot fit in memory; \
        130/143 after Ctrl-C/SIGTERM.

        Examples:
          descent search examples/iris.csv --trials 20 --epochs 30 \\
            --param lr=log:1e-4:1e-1 --param weight-decay=log:1e-6:1e-2 \\
            --plot search.svg
          descent search data.csv --strategy grid --trials 16 \\
            --param lr=log:1e-4:1e-1 --param layers=choice:32|64,64 --optimizer sgd \\
            --momentum 0.9
          descent search data.csv --trials 30 --refine 2 --jobs 2 \\
            --param lr=log:1e-5:1e-1 --param dropout=uniform:0:0.5
          descent search data.csv --trials 200 --shard $SLURM_ARRAY_TASK_ID/8 \\
            --results trials-$SLURM_ARRAY_TASK_ID.jsonl --param lr=log:1e-5:1e-1
          descent search merge trials-*.jsonl --plot search.svg
          descent search data.csv --trials 64 --rounds 2 --param lr=log:1e-5:1e-1 \\
            --slurm --shards 8 --study search-data --time 2:00:00
          descent search --slurm --resume search-data --wait
        """
    )

    @Argument(help: "The CSV file to train on (first, before any pass-through train flag; not with --resume).")
    var data: String?

    @Option(name: .customLong("param"), help: "A parameter to search, NAME=log:A:B, uniform:A:B, int:A:B or choice:X|Y (repeat for each).")
    var parameters: [String] = []

    @Option(help: "Trials per round (random), or the grid's approximate size (grid).")
    var trials = 20

    @Option(help: "random (default) or grid.")
    var strategy: SearchStrategy = .random

    @Option(help: "grid: values per numeric parameter (default: as many as --trials allows, at least 2).")
    var gridPoints: Int?

    @Option(help: "Epochs per trial in the first round (an upper bound: early stopping is on); each refine round doubles it.")
    var epochs = 30

    @Option(help: "Seed of the trial list, and the --seed of every trial.")
    var seed: UInt64 = 0

    @Option(help: "Coarse-to-fine rounds after the first, each narrowing the ranges and doubling the epochs.")
    var refine = 0

    @Option(help: "Rounds in all, the first included (--rounds R is --refine R−1).")
    var rounds: Int?

    @Option(help: "Run only trials i, i+n, i+2n, … of the list (0 ≤ i < n), for a job array.")
    var shard: String?

    @Option(help: "Trials to run at once, each a process.")
    var jobs = 1

    @Option(help: "The results file, one JSON line per trial; finished trials in it are skipped when their data file's content, Descent version and train flags match (a file of other data is refused: give each study its own). Default trials.jsonl, or trials-i-of-n.jsonl with --shard.")
    var results: String?

    @Option(help: "Keep the study in this directory: its plan, one results file per round and shard, trial checkpoints, job scripts and logs. Needed by --shard with --refine (a round's ranges come from the files of the round before); default with --slurm: search-DATASTEM.")
    var study: String?

    @OptionGroup(title: "Slurm") var cluster: SearchSlurmOptions

    @OptionGroup(title: "Summary") var summary: SearchSummaryOptions

    @Flag(help: "No per-trial lines or progress bar.")
    var quiet = false

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Any other `descent train` flag, passed to every trial.", valueName: "train-flags"))
    var trainArguments: [String] = []

    /// The flags a trial may not be given: they would make trials overwrite each other's files or
    /// hide their summary from the search.
    static let reservedFlags = ["out", "history", "plot", "resume", "json", "quiet"]

    /// The parsed space; `validate()` has checked it.
    func space() throws -> SearchSpace {
        do {
            return try SearchSpace(parsing: parameters)
        } catch {
            throw ValidationError(ErrorAdvice.message(for: error))
        }
    }

    /// The parsed shard, if any.
    func parsedShard() throws -> SearchShard? {
        do {
            return try shard.map(SearchShard.init(parsing:))
        } catch {
            throw ValidationError(ErrorAdvice.message(for: error))
        }
    }

    func validate() throws {
        if cluster.resume != nil {
            guard data == nil, parameters.isEmpty else {
                throw ValidationError("--resume DIR continues the study saved in DIR with its own data and --param ranges; give neither")
            }
            return try cluster.check(resume: true)
        }
        guard data != nil else { throw ValidationError("give the CSV file to search on, like descent search examples/iris.csv --param lr=log:1e-4:1e-1") }
        guard !parameters.isEmpty else { throw ValidationError("give at least one --param NAME=SPEC to search, like --param lr=log:1e-5:1e-1") }
        let space = try space()
        for parameter in space.parameters where Self.reservedFlags.contains(parameter.name) {
            throw ValidationError("--param \(parameter.name): --\(parameter.name) cannot be searched (each trial's files and output belong to the search)")
        }
        for word in trainArguments where word.hasPrefix("--") {
            let name = String(word.dropFirst(2).prefix { $0 != "=" })
            if Self.reservedFlags.contains(name) {
                throw ValidationError("--\(name) cannot pass through to the trials of a search (use the search's --results and --plot)")
            }
        }
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1, got \(trials)") }
        if let gridPoints, gridPoints < 1 { throw ValidationError("--grid-points must be at least 1, got \(gridPoints)") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
        guard refine >= 0 else { throw ValidationError("--refine must be ≥ 0, got \(refine)") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let rounds, rounds < 1 { throw ValidationError("--rounds must be at least 1, got \(rounds)") }
        if let rounds, refine > 0, rounds != refine + 1 {
            throw ValidationError("--rounds \(rounds) and --refine \(refine) disagree (--rounds R is --refine R−1); give one of them")
        }
        if try parsedShard() != nil && totalRounds > 1 && study == nil {
            throw ValidationError("--refine with --shard needs --study DIR, a directory every shard sees: round K+1's ranges come from the records of every shard of round K")
        }
        if cluster.slurm && shard != nil {
            throw ValidationError("--slurm submits every shard itself (--shards N); --shard i/n is for running one shard by hand")
        }
        try cluster.check(resume: false)
    }

    /// Rounds in all: --rounds, or 1 + --refine.
    var totalRounds: Int { rounds ?? refine + 1 }

    func run() throws {
        try reportingErrors {
            Interrupt.install()
            if let directory = cluster.resume {
                let study = SearchStudyDirectory(path: cluster.slurm ? URL(fileURLWithPath: directory).standardizedFileURL.path : directory)
                let plan = try study.readPlan()
                if cluster.slurm {
                    try SlurmSubmission(study: study, plan: plan, options: cluster, json: summary.json).run(resume: true)
                } else {
                    try SearchRun(settings: settings(plan: plan, study: study)).execute()
                }
                return
            }
            let plan = try makePlan()
            let study = (study ?? (cluster.slurm ? "search-\(URL(fileURLWithPath: plan.data).deletingPathExtension().lastPathComponent)" : nil))
                .map { SearchStudyDirectory(path: cluster.slurm ? URL(fileURLWithPath: $0).standardizedFileURL.path : $0) }
            if let study { try SearchStudy.begin(study, plan: plan) }
            if cluster.slurm, let study {
                try SlurmSubmission(study: study, plan: plan, options: cluster, json: summary.json).run(resume: false)
            } else {
                try SearchRun(settings: settings(plan: plan, study: study)).execute()
            }
        }
    }

    /// The study plan of these flags (the data file hashed, its path made absolute).
    func makePlan() throws -> SearchStudyPlan {
        guard let data else { throw CLIUsageError(description: "give the CSV file to search on (or --resume DIR)") }
        let space = try space()
        try ResourceCheck.search(space, command: self)
        guard FileManager.default.isReadableFile(atPath: data) else {
            throw DataError.unreadableFile(path: data, reason: FileManager.default.fileExists(atPath: data) ? "permission denied" : "no such file")
        }
        let provenance = try SearchStudy.provenance(of: data)
        return SearchStudyPlan(data: URL(fileURLWithPath: data).standardizedFileURL.path, dataSHA256: provenance.dataSHA256,
                               space: space.specifications, strategy: strategy, trials: trials, gridPoints: gridPoints, epochs: epochs,
                               seed: seed, rounds: totalRounds, shards: try parsedShard()?.count ?? cluster.shards ?? (cluster.slurm ? 4 : 1),
                               trainArguments: trainArguments, preference: summary.preference)
    }

    /// How this process runs `plan`.
    func settings(plan: SearchStudyPlan, study: SearchStudyDirectory?) throws -> SearchRunSettings {
        let shard = try parsedShard()
        let resultsPath = results ?? shard.map { "trials-\($0.index)-of-\($0.count).jsonl" } ?? "trials.jsonl"
        var outputs: [(String, String?)] = [("--plot", summary.plot)]
        if study == nil { outputs.append(("--results", resultsPath)) }
        try OutputCheck.verify(outputs: outputs, inputs: [("DATA", plan.data)])
        return SearchRunSettings(plan: plan, jobs: jobs, quiet: quiet, summary: summary, shard: shard, resultsPath: resultsPath,
                                 study: study, onlyRound: nil)
    }
}

extension SearchStrategy: ExpressibleByArgument {}
