import ArgumentParser
import Descent

/// The flags of `descent search --slurm`: submit the study as Slurm jobs.
struct SearchSlurmOptions: ParsableArguments {
    @Flag(help: "Submit the study to Slurm with sbatch: each round a job array of --shards tasks, a merge-and-refine job between rounds, a final merge job. Prints the job ids.")
    var slurm = false

    @Option(help: "--slurm: shards per round, one array task each (default 4).")
    var shards: Int?

    @Option(name: .customLong("sbatch-arg"), parsing: .unconditionalSingleValue, help: ArgumentHelp("--slurm: an sbatch option for every job, like --sbatch-arg=--partition=gpu (repeat for each).", valueName: "arg"))
    var sbatchArguments: [String] = []

    @Option(help: "--slurm: each job's time limit (sbatch --time: MM, HH:MM:SS, D-HH:MM …); checked against the trial times measured so far.")
    var time: String?

    @Flag(help: "--slurm: wait until the study's jobs have left the queue; exit 0 when every trial has a record and none failed, 1 otherwise.")
    var wait = false

    @Option(help: "Continue the study in this directory: with --slurm, submit only what is missing (the shards with trials not recorded, later rounds, the final merge); without, run it here.")
    var resume: String?

    /// Checks the flags' values and combinations.
    func check(resume: Bool) throws {
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1, got \(shards)") }
        if !slurm {
            let given = [(shards != nil, "--shards"), (!sbatchArguments.isEmpty, "--sbatch-arg"), (time != nil, "--time"), (wait, "--wait")]
            if let flag = given.first(where: \.0)?.1 { throw ValidationError("\(flag) belongs to --slurm; add --slurm to submit the study to Slurm") }
        }
        if let time, SlurmStudyJobs.seconds(ofTimeLimit: time) == nil {
            throw ValidationError("--time '\(time)' is not a Slurm time: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS, like 30 or 2:00:00")
        }
        if resume && shards != nil { throw ValidationError("--resume DIR keeps the study's own shard count; drop --shards") }
    }
}
