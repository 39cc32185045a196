import Foundation

/// One Slurm job of a study: a round's job array (one task per shard), the merge-and-refine job
/// between two rounds, or the final merge. Printed (`--json`) and kept in `jobs/submitted.jsonl`.
public struct SlurmJob: Sendable, Equatable, Codable {
    /// What the job does.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// `descent search shard DIR --round K --shard $SLURM_ARRAY_TASK_ID/N`, one array task per shard.
        case shards
        /// `descent search refine DIR --round K`: merges round K and writes round K+1's space.
        case refine
        /// `descent search finish DIR`: summary, scatter and best configuration.
        case final
    }

    /// "slurm_job".
    public var type = "slurm_job"
    /// `round-K`, `refine-K` or `final`: the script's name and what dependencies refer to.
    public var name: String
    /// What it does.
    public var kind: Kind
    /// The round it runs or refines (nil for the final merge).
    public var round: Int?
    /// The array's task ids, the shards it runs (nil unless `kind` is shards).
    public var tasks: [Int]?
    /// The jobs it waits for, by name, with the condition: `afterany` after a round's array (a
    /// failed shard does not stop the merge, which reports it), `afterok` after a refine job.
    public var after: [SlurmDependency]
    /// The job id sbatch gave (nil before submission).
    public var jobID: String?

    enum CodingKeys: String, CodingKey { case type, name, kind, round, tasks, after, jobID = "job_id" }

    /// Creates a job.
    public init(name: String, kind: Kind, round: Int?, tasks: [Int]? = nil, after: [SlurmDependency] = [], jobID: String? = nil) {
        self.name = name
        self.kind = kind
        self.round = round
        self.tasks = tasks
        self.after = after
        self.jobID = jobID
    }

    /// The `--array` value: `0-3`, or `1,3` for some shards.
    public var arraySpecification: String? {
        guard let tasks, let first = tasks.first, let last = tasks.last else { return nil }
        return tasks == Array(first...last) && tasks.count > 1 ? "\(first)-\(last)" : tasks.map(String.init).joined(separator: ",")
    }
}

/// A dependency on another job of the same submission.
public struct SlurmDependency: Sendable, Equatable, Codable {
    /// `afterok` or `afterany`.
    public var condition: String
    /// The job's name.
    public var job: String

    /// Creates one.
    public init(_ condition: String, _ job: String) {
        self.condition = condition
        self.job = job
    }
}

/// The jobs and scripts that run (or finish) a study on Slurm.
public enum SlurmStudyJobs {
    /// The jobs still to run for a study in the state `status`, in submission order: from the first
    /// round with trials missing or failed, its array over those trials' shards (all shards when its space is
    /// not known yet, after a refine job), then for each later round a refine job (afterany the
    /// round before) and an array (afterok the refine), and the final merge (afterany the last
    /// array). A complete study gets the final merge alone.
    public static func jobs(status: SearchStudyStatus) -> [SlurmJob] {
        var jobs: [SlurmJob] = []
        let all = Array(0..<max(1, status.shards))
        var last: String?
        if let first = status.progress.first(where: { !$0.isDone })?.round {
            for round in first...status.rounds {
                let progress = status.progress[round - 1]
                var after: [SlurmDependency] = []
                if round > first || !progress.spaceKnown {
                    let refine = SlurmJob(name: "refine-\(round - 1)", kind: .refine, round: round - 1,
                                          after: last.map { [SlurmDependency("afterany", $0)] } ?? [])
                    jobs.append(refine)
                    after = [SlurmDependency("afterok", refine.name)]
                }
                let tasks = round == first && progress.spaceKnown ? progress.shardsWithMissingTrials(count: status.shards) : all
                jobs.append(SlurmJob(name: "round-\(round)", kind: .shards, round: round, tasks: tasks, after: after))
                last = "round-\(round)"
            }
        }
        jobs.append(SlurmJob(name: "final", kind: .final, round: nil, after: last.map { [SlurmDependency("afterany", $0)] } ?? []))
        return jobs
    }

    /// The batch script of `job`: its log in `logs/` (appended, so a resubmission keeps the first
    /// run's), one CPU per task, cancelled when a dependency can never be met, OpenBLAS threads
    /// from the task's CPUs, and `exec` of `executable` so Slurm's signals reach the search itself.
    /// With `timeLimit` (seconds, the jobs' --time), a shard warns in its log when its first trial
    /// says the shard will not fit.
    public static func script(for job: SlurmJob, study: SearchStudyDirectory, shards: Int, executable: String, timeLimit: Int? = nil) -> String {
        let log = (study.logsDirectory as NSString).appendingPathComponent(job.kind == .shards ? "\(job.name)-shard-%a.log" : "\(job.name)-%j.log")
        let command: String
        switch job.kind {
        case .shards: command = "search shard \(quoted(study.path)) --round \(job.round ?? 1) --shard \"${SLURM_ARRAY_TASK_ID}/\(shards)\""
            + (timeLimit.map { " --time-limit \($0)" } ?? "")
        case .refine: command = "search refine \(quoted(study.path)) --round \(job.round ?? 1)"
        case .final: command = "search finish \(quoted(study.path))"
        }
        return """
        #!/bin/bash
        # Written by `descent search --slurm` for the study in \(study.path): \(describe(job)).
        #SBATCH --job-name=descent-\(job.name)
        #SBATCH --output=\(log)
        #SBATCH --open-mode=append
        #SBATCH --cpus-per-task=1
        #SBATCH --kill-on-invalid-dep=yes
        export DESCENT_THREADS="${SLURM_CPUS_PER_TASK:-1}"
        exec \(quoted(executable)) \(command)

        """
    }

    /// What `job` does, in words.
    public static func describe(_ job: SlurmJob) -> String {
        switch job.kind {
        case .shards: return "round \(job.round ?? 1), one array task per shard"
        case .refine: return "merge round \(job.round ?? 1) and compute round \((job.round ?? 1) + 1)'s ranges"
        case .final: return "merge every round: summary, scatter plot and best configuration"
        }
    }

    /// `text` quoted for bash: inside single quotes, each `'` written as `'\''`.
    public static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Seconds of a Slurm time limit: `MM`, `MM:SS`, `HH:MM:SS`, `D-HH`, `D-HH:MM`, `D-HH:MM:SS`;
    /// nil for anything else (and for `UNLIMITED`).
    public static func seconds(ofTimeLimit text: String) -> Int? {
        var days = 0
        var clock = Substring(text)
        if let dash = text.firstIndex(of: "-") {
            guard let d = Int(text[..<dash]), d >= 0 else { return nil }
            days = d
            clock = text[text.index(after: dash)...]
        }
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.isEmpty, parts.count <= 3, parts.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
        let p = parts.map { $0! }
        let hms: (Int, Int, Int)
        if text.contains("-") {
            hms = p.count == 1 ? (p[0], 0, 0) : p.count == 2 ? (p[0], p[1], 0) : (p[0], p[1], p[2])
        } else {
            hms = p.count == 1 ? (0, p[0], 0) : p.count == 2 ? (0, p[0], p[1]) : (p[0], p[1], p[2])
        }
        return ((days * 24 + hms.0) * 60 + hms.1) * 60 + hms.2
    }

    /// The time a shard of round `round` is expected to need, from the study's finished records:
    /// the slowest seconds per epoch trained so far × the round's epoch budget × the trials per
    /// shard (⌈planned/shards⌉). Nil before any trial has finished.
    public static func expectedShardSeconds(round: Int, plan: SearchStudyPlan, records: [TrialResult]) -> Double? {
        let rates = records.compactMap { record -> Double? in
            guard let epochs = record.epochs, epochs > 0, record.seconds > 0 else { return nil }
            return record.seconds / Double(epochs)
        }
        guard let slowest = rates.max() else { return nil }
        let perShard = (plan.trials + plan.shards - 1) / max(1, plan.shards)
        return slowest * Double(plan.epochs(round: round)) * Double(perShard)
    }
}
