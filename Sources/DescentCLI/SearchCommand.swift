import ArgumentParser

/// `descent search`: hyperparameter search over `descent train` flags, and `descent search merge`
/// to combine the shards of one search run on several machines.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Random or grid hyperparameter search over any train flag: coarse to fine, in parallel, sharded across machines.",
        discussion: """
        `descent search DATA …` runs the search (the `run` subcommand, the default); `descent search merge A.jsonl B.jsonl …` \
        summarizes the result files of its shards as one search; `descent search status DIR` shows a study's \
        progress; `shard`, `refine` and `finish` are the jobs `--slurm` submits. See `descent search run --help` for the flags and examples.
        """,
        subcommands: [SearchRunCommand.self, SearchMergeCommand.self, SearchStatusCommand.self, SearchShardCommand.self,
                      SearchRefineCommand.self, SearchFinishCommand.self],
        defaultSubcommand: SearchRunCommand.self
    )
}
