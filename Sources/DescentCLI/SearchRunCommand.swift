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
        Any `descent train` flag can be searched with --param NAME=SPEC, which passes --NAME VALUE to each trial:
          lr=log:1e-5:1e-1          log-uniform: exp(U(ln a, ln b)), the same share of trials per decade (scale parameters)
          dropout=uniform:0:0.5     uniform on [a, b)
          batch-size=int:16:128     uniform over the integers a…b
          layers=choice:32|64,64    one of the values (| separates them); choice:true|false searches a bare flag
        Every other train flag after DATA passes through to every trial unchanged (--optimizer sgd --patience 5 …);
        every trial uses the same --seed, so trials differ only in the searched values.

        Each trial trains with early stopping and is appended to --results as one JSON line the moment it ends
        (parameters, best validation loss and accuracy, epochs, seconds, diverged or not), so a killed search keeps
        its finished trials and the same command run again skips them. The summary ranks the trials by validation
        loss, warns when the best value of a parameter lies near the edge of its range, and prints the narrower
        ranges of a next round; --plot draws validation accuracy against each parameter.

        --refine R adds R coarse-to-fine rounds: each narrows every range around the best fifth of the previous
        round's trials and doubles --epochs. --jobs K runs K trials at once as processes (OpenBLAS threads are
        divided among them). --shard i/n runs only trials i, i+n, i+2n, … of the same deterministic list, so n
        machines (a Slurm job array) share one search; `descent search merge` then summarizes their files.

        Ctrl-C or SIGTERM is passed on to the running trials (the search says which it waits for) and the finished
        trials are kept; a second signal stops them at once.

        Exit codes (the table of `descent --help`): 1 no trial finished or some failed; 64 also for a --param
        whose trials cannot fit in memory; 130/143 after Ctrl-C/SIGTERM.

        Examples:
          descent search examples/iris.csv --trials 20 --epochs 30 --param lr=log:1e-4:1e-1 --param weight-decay=log:1e-6:1e-2 --plot search.svg
          descent search data.csv --strategy grid --trials 16 --param lr=log:1e-4:1e-1 --param layers=choice:32|64,64 --optimizer sgd --momentum 0.9
          descent search data.csv --trials 30 --refine 2 --jobs 2 --param lr=log:1e-5:1e-1 --param dropout=uniform:0:0.5
          descent search data.csv --trials 200 --shard $SLURM_ARRAY_TASK_ID/8 --results trials-$SLURM_ARRAY_TASK_ID.jsonl --param lr=log:1e-5:1e-1
          descent search merge trials-*.jsonl --plot search.svg
        """
    )

    @Argument(help: "The CSV file to train on (first, before any pass-through train flag).")
    var data: String

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

    @Option(help: "Run only trials i, i+n, i+2n, … of the list (0 ≤ i < n), for a job array.")
    var shard: String?

    @Option(help: "Trials to run at once, each a process.")
    var jobs = 1

    @Option(help: "The results file, one JSON line per trial; finished trials in it are skipped when their data file's content, Descent version and train flags match (a file of other data is refused: give each study its own). Default trials.jsonl, or trials-i-of-n.jsonl with --shard.")
    var results: String?

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
        if try parsedShard() != nil && refine > 0 {
            throw ValidationError("--refine cannot be combined with --shard: a round's ranges come from every trial of the round before. "
                + "Run the coarse round sharded, `descent search merge` the files, and search again with the ranges it suggests")
        }
    }

    func run() throws {
        try reportingErrors {
            Interrupt.install()
            try SearchRun(command: self).execute()
        }
    }
}

/// How the trials of a round are chosen.
enum SearchStrategy: String, ExpressibleByArgument, CaseIterable {
    case random, grid
}
