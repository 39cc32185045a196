import ArgumentParser
import Descent
import Foundation

/// `descent search --slurm`: writes the study's job scripts, submits them with sbatch in order with
/// their dependencies, prints the job ids, and with --wait waits for them and reads the outcome
/// from the study's files.
struct SlurmSubmission {
    let study: SearchStudyDirectory
    let plan: SearchStudyPlan
    let options: SearchSlurmOptions
    let json: Bool

    /// Submits what the study still needs (everything, for a new study); throws `ExitCode` 1 when
    /// sbatch fails or, with --wait, when the study did not succeed.
    func run(resume: Bool) throws {
        try study.create()
        let status = try SearchStudyStatus(directory: study)
        let running = status.progress.flatMap { round in round.running.map { "round \(round.round) trial \($0)" } }
        if resume && !running.isEmpty {
            Diagnostics.print("descent: warning: \(study.path) says \(TextExcerpt.list(running, count: 5)) still running; if those jobs live, "
                + "their trials will run twice (the records stay correct: one per trial). Check with squeue")
        }
        let jobs = SlurmStudyJobs.jobs(status: status)
        checkTime(jobs: jobs)
        let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).path
        let limit = options.time.flatMap(SlurmStudyJobs.seconds(ofTimeLimit:))
        var ids: [String: String] = [:]
        for var job in jobs {
            let script = (study.jobsDirectory as NSString).appendingPathComponent("\(job.name).sbatch")
            try AtomicFile.write(SlurmStudyJobs.script(for: job, study: study, shards: plan.shards, executable: executable, timeLimit: limit), to: script)
            var words = ["--parsable"]
            if let array = job.arraySpecification { words.append("--array=\(array)") }
            let dependencies = job.after.compactMap { dependency in ids[dependency.job].map { "\(dependency.condition):\($0)" } }
            if !dependencies.isEmpty { words.append("--dependency=" + dependencies.joined(separator: ",")) }
            if let time = options.time { words.append("--time=\(time)") }
            words += options.sbatchArguments + [script]
            let id = try Self.sbatch(words)
            ids[job.name] = id
            job.jobID = id
            try SearchResultsFile.appendLine(try SearchStudyDirectory.json(job), to: study.submissionsPath)
            try StandardOutput.line(json ? try SearchStudyDirectory.json(job) : "\(id)  \(job.name)\(job.arraySpecification.map { " (array \($0))" } ?? "")  "
                + SlurmStudyJobs.describe(job) + (dependencies.isEmpty ? "" : "; after \(dependencies.joined(separator: ","))"))
        }
        if !json { Diagnostics.print("descent: progress: descent search status \(study.path); logs in \(study.logsDirectory)") }
        guard options.wait else { return }
        try waitForJobs(Set(ids.values))
        let final = try SearchStudyStatus(directory: study)
        try StandardOutput.line(json ? try SearchStudyDirectory.json(final) : SearchStatusText(status: final).text)
        if !final.succeeded {
            Diagnostics.print("descent: the study in \(study.path) did not finish every trial; `descent search --slurm --resume \(study.path)` runs what is missing")
            throw ExitCode(ExitStatus.failure)
        }
    }

    /// Warns when a shard's expected time (from the trials finished so far) exceeds --time.
    func checkTime(jobs: [SlurmJob]) {
        guard let time = options.time, let limit = SlurmStudyJobs.seconds(ofTimeLimit: time) else { return }
        let records = (1...plan.rounds).flatMap { (try? study.records(round: $0)) ?? [] }
        var checked = false
        for job in jobs where job.kind == .shards {
            guard let round = job.round, let expected = SlurmStudyJobs.expectedShardSeconds(round: round, plan: plan, records: records) else { continue }
            checked = true
            if expected > Double(limit) {
                Diagnostics.print("descent: warning: --time \(time) (\(limit) s) is shorter than a round-\(round) shard is expected to take "
                    + "(\(Int(expected.rounded(.up))) s, from the slowest trial so far); trials cut off by the limit are resumed by "
                    + "`descent search --slurm --resume \(study.path)`")
            }
        }
        if !checked {
            Diagnostics.print("descent: note: no trial has finished yet to check --time \(time) against; each shard checks it after its first trial (see its log)")
        }
    }

    /// Runs sbatch with `words`; returns the job id it prints (`--parsable`: `ID` or `ID;CLUSTER`).
    static func sbatch(_ words: [String]) throws -> String {
        let result = try SlurmCommand.run("sbatch", words)
        guard result.status == 0, let id = result.output.split(separator: ";").first.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }),
              !id.isEmpty, id.allSatisfy(\.isNumber)
        else {
            Diagnostics.print("descent: sbatch \(words.joined(separator: " ")) failed (exit \(result.status)): \(SlurmCommand.excerpt(result.error))")
            throw ExitCode(ExitStatus.failure)
        }
        return id
    }

    /// Polls `squeue` every 2 s until none of `ids` (job or array ids) is queued or running.
    func waitForJobs(_ ids: Set<String>) throws {
        var failures = 0
        while true {
            if Interrupt.requested {
                Diagnostics.print("descent: stopped waiting (\(Interrupt.signalName)); the jobs go on: descent search status \(study.path)")
                throw ExitCode(Interrupt.exitStatus)
            }
            let result = try SlurmCommand.run("squeue", ["-h", "-o", "%F"])
            if result.status != 0 {
                failures += 1
                if failures >= 5 {
                    Diagnostics.print("descent: squeue failed 5 times (exit \(result.status)): \(SlurmCommand.excerpt(result.error))")
                    throw ExitCode(ExitStatus.failure)
                }
            } else {
                failures = 0
                let queued = Set(result.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
                if queued.isDisjoint(with: ids) { return }
            }
            Thread.sleep(forTimeInterval: 2)
        }
    }
}

/// Runs a Slurm command and collects its output.
enum SlurmCommand {
    /// The last non-empty line of `text`, at most 200 characters: what a message quotes of a tool's error.
    static func excerpt(_ text: String) -> String {
        let line = text.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }).map(String.init) ?? "(no message)"
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }

    /// `name` (found on PATH) with `arguments`: exit status, standard output and standard error.
    static func run(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            Diagnostics.print("descent: cannot run \(name): \(error); is Slurm installed here (a login node)?")
            throw ExitCode(ExitStatus.failure)
        }
        let (output, errorData) = ChildOutput.collect(process, out: out, err: err)
        let status = process.terminationStatus
        if status == 127 {
            Diagnostics.print("descent: \(name) not found on PATH; is Slurm installed here (a login node)?")
            throw ExitCode(ExitStatus.failure)
        }
        return (status, String(decoding: output, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}
