import Foundation
import Testing
@testable import Descent

@Suite("Search studies: exact JSON records, plans, rounds refined from files, status, Slurm jobs")
struct SearchStudyTests {
    /// Doubles a text round trip gets wrong when it is not exact: a sum with a long expansion,
    /// subnormals down to the smallest, the largest finite, and neighbours of 1.
    static let hardDoubles: [Double] = [0.1 + 0.2, Double("1e-310")!, Double.leastNonzeroMagnitude, 1.7976931348623157e308, 1.0.nextUp, 1.0.nextDown,
                                        -2.2250738585072014e-308, 123456789.12345679, 1 / 3]

    static func trial(_ x: Double, index: Int = 0) -> TrialResult {
        TrialResult(trial: SearchTrial(round: 1, index: index, values: [SearchAssignment(name: "lr", value: .real(x)),
                                                                         SearchAssignment(name: "batch-size", value: .integer(16)),
                                                                         SearchAssignment(name: "layers", value: .choice("64,64"))]),
                    status: .finished, validationLoss: x, validationAccuracy: x, trainingLoss: -x, epochs: 3, bestEpoch: 2, maxEpochs: 5,
                    seconds: x, space: ["lr=log:1e-320:1.7976931348623157e308", "batch-size=int:8:32", "layers=choice:32|64,64"],
                    arguments: ["--lr", "\(x)"], provenance: TrialProvenance(dataSHA256: String(repeating: "a", count: 64), dataFile: "wine.csv"))
    }

    @Test("A trial record's doubles survive JSONEncoder → text → JSONDecoder bit for bit, in values and metrics")
    func doublesRoundTripExactly() throws {
        for x in Self.hardDoubles {
            let record = Self.trial(x)
            let back = try TrialResult(jsonLine: record.jsonLine)
            #expect(back == record, "\(x): \(record.jsonLine)")
            #expect(back.validationLoss?.bitPattern == x.bitPattern)
            #expect(back.trial.value(of: "lr")?.number?.bitPattern == x.bitPattern)
        }
    }

    @Test("train's summary line decodes exactly with JSONDecoder, whatever its other keys")
    func trainSummaryDecodes() throws {
        for x in Self.hardDoubles {
            let line = #"{"type": "summary", "status": "finished", "epochs": 7, "steps": 70, "parameters": 99, "best_epoch": 5, "#
                + #""train_loss": \#(x), "train_accuracy": 1, "val_loss": \#(x), "val_accuracy": 0.5, "model": null}"#
            let record = try #require(TrainOutput.summary(inOutput: [#"{"type": "epoch", "epoch": 1}"#, Substring(line)]))
            #expect(record.validation?.loss.bitPattern == x.bitPattern && record.train?.loss.bitPattern == x.bitPattern)
            #expect(record.epochs == 7 && record.bestEpoch == 5 && record.validation?.accuracy == 0.5)
        }
        #expect(TrainOutput.summary(inOutput: [#"{"epoch": 1}"#]) == nil)
        #expect(TrainOutput.epochLineCount(inOutput: [#"{"epoch": 1}"#, #"{"type": "epoch", "epoch": 2}"#, #"{"type": "summary"}"#, "x"]) == 2)
    }

    @Test("Every key of a trial line is present, null where there is no value, with type \"trial\"; a line without type (v0.1) still reads")
    func recordKeys() throws {
        var record = Self.trial(0.5)
        record.validationLoss = nil
        record.validationAccuracy = .nan
        record.provenance = nil
        let object = try #require(try JSONSerialization.jsonObject(with: Data(record.jsonLine.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "trial")
        for key in ["val_loss", "val_accuracy", "error", "data_sha256", "data_file", "descent_version", "cv_folds", "cv_metric", "val_loss_se"] {
            #expect(object[key] is NSNull, "\(key) in \(record.jsonLine)")
        }
        #expect(object.count == 21)
        let old = #"{"round": 1, "trial": 0, "params": {"n": 3}, "status": "finished", "val_loss": 0.5, "max_epochs": 2, "space": ["n=int:1:5"], "arguments": []}"#
        #expect(try TrialResult(jsonLine: old).validationLoss == 0.5)
        #expect(throws: SearchError.self) { try TrialResult(jsonLine: old.replacingOccurrences(of: "\"round\"", with: "\"type\": \"summary\", \"round\"")) }
    }

    /// A plan over two rounds of 6 trials in 3 shards, in a fresh directory.
    static func study() throws -> (SearchStudyDirectory, SearchStudyPlan) {
        let directory = SearchStudyDirectory(path: FileManager.default.temporaryDirectory.appendingPathComponent("study-\(UUID().uuidString)").path)
        let plan = SearchStudyPlan(data: "/data/wine.csv", dataSHA256: String(repeating: "b", count: 64), space: ["lr=log:1e-4:1e-1", "n=int:1:9"],
                                   trials: 6, epochs: 4, seed: 9, rounds: 2, shards: 3, trainArguments: ["--threads", "1"])
        try directory.writePlan(plan)
        return (directory, plan)
    }

    /// A deterministic stand-in for training: loss (log10 lr + 2.5)² + n/100.
    static func run(_ trial: SearchTrial, plan: SearchStudyPlan, space: SearchSpace) -> TrialResult {
        let lr = trial.value(of: "lr")!.number!, n = trial.value(of: "n")!.number!
        let loss = pow(log10(lr) + 2.5, 2) + n / 100
        return TrialResult(trial: trial, status: .finished, validationLoss: loss, epochs: 4, maxEpochs: plan.epochs(round: trial.round), seconds: 1,
                           space: space.specifications, arguments: plan.arguments(for: trial, epochs: plan.epochs(round: trial.round)),
                           provenance: plan.provenance)
    }

    @Test("Round 2 refined from the shards' files equals the local refinement; status counts and missing shards follow the files")
    func roundsFromFiles() throws {
        let (directory, plan) = try Self.study()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        #expect(try directory.readPlan() == plan)
        let space = try plan.originalSpace()
        let list = plan.trials(in: space, round: 1)
        let results = list.map { Self.run($0, plan: plan, space: space) }
        try FileManager.default.createDirectory(atPath: directory.roundDirectory(1), withIntermediateDirectories: true)
        // Shards 0 and 2 only: round 1 is incomplete.
        for index in [0, 2] {
            let shard = SearchShard(index: index, count: 3)!
            let text = shard.select(list).map { Self.run($0, plan: plan, space: space).jsonLine + "\n" }.joined()
            try text.write(toFile: directory.resultsPath(round: 1, shard: shard), atomically: true, encoding: .utf8)
        }
        var missing: [Int] = []
        #expect(try directory.refine(round: 1, plan: plan, missing: &missing) == nil)
        #expect(missing == [1, 4])
        var status = try SearchStudyStatus(directory: directory)
        #expect(status.progress[0].missing == [1, 4] && status.progress[0].finished == 4 && !status.progress[1].spaceKnown)
        #expect(status.progress[0].shardsWithMissingTrials(count: 3) == [1])
        #expect(SlurmStudyJobs.jobs(status: status).map(\.name) == ["round-1", "refine-1", "round-2", "final"])
        #expect(SlurmStudyJobs.jobs(status: status).first?.tasks == [1])

        let shard1 = SearchShard(index: 1, count: 3)!
        try shard1.select(list).map { Self.run($0, plan: plan, space: space).jsonLine + "\n" }.joined()
            .write(toFile: directory.resultsPath(round: 1, shard: shard1), atomically: true, encoding: .utf8)
        let next = try #require(try directory.refine(round: 1, plan: plan, missing: &missing))
        #expect(next == space.nextRound(after: results, within: space))
        #expect(try directory.space(round: 2, plan: plan) == next)
        status = try SearchStudyStatus(directory: directory)
        #expect(status.progress[0].isComplete && status.progress[1].spaceKnown && status.progress[1].missing == Array(0..<6))
        #expect(status.best?.trial == SearchSummary(results: results).best?.trial)
        let jobs = SlurmStudyJobs.jobs(status: status)
        #expect(jobs.map(\.name) == ["round-2", "final"] && jobs[0].tasks == [0, 1, 2] && jobs[0].after.isEmpty)
        #expect(jobs[1].after == [SlurmDependency("afterany", "round-2")])
    }

    @Test("A failed trial counts as recorded for refinement but its shard is submitted again by a resume")
    func failedTrialsRerun() throws {
        let (directory, plan) = try Self.study()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let space = try plan.originalSpace()
        try FileManager.default.createDirectory(atPath: directory.roundDirectory(1), withIntermediateDirectories: true)
        for index in 0..<3 {
            let shard = SearchShard(index: index, count: 3)!
            let text = shard.select(plan.trials(in: space, round: 1)).map { trial -> String in
                var result = Self.run(trial, plan: plan, space: space)
                if trial.index == 4 { (result.status, result.validationLoss, result.error) = (.failed, nil, "exit 1: boom") }
                return result.jsonLine + "\n"
            }.joined()
            try text.write(toFile: directory.resultsPath(round: 1, shard: shard), atomically: true, encoding: .utf8)
        }
        let status = try SearchStudyStatus(directory: directory)
        #expect(status.progress[0].isComplete && !status.progress[0].isDone && status.progress[0].failedTrials == [4])
        #expect(!status.succeeded)
        let jobs = SlurmStudyJobs.jobs(status: status)
        #expect(jobs.map(\.name) == ["round-1", "refine-1", "round-2", "final"] && jobs[0].tasks == [1])
    }

    @Test("A fresh study's jobs: arrays, afterany merge-and-refine, afterok next round, final merge; the script execs the shard")
    func freshJobs() throws {
        let (directory, plan) = try Self.study()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let jobs = SlurmStudyJobs.jobs(status: try SearchStudyStatus(directory: directory))
        #expect(jobs.map(\.name) == ["round-1", "refine-1", "round-2", "final"])
        #expect(jobs[0].arraySpecification == "0-2" && jobs[2].arraySpecification == "0-2")
        #expect(jobs[1].after == [SlurmDependency("afterany", "round-1")] && jobs[2].after == [SlurmDependency("afterok", "refine-1")])
        let script = SlurmStudyJobs.script(for: jobs[0], study: directory, shards: plan.shards, executable: "/opt/it's/descent", timeLimit: 600)
        #expect(script.contains("exec '/opt/it'\\''s/descent' search shard '\(directory.path)' --round 1 --shard \"${SLURM_ARRAY_TASK_ID}/3\" --time-limit 600"))
        #expect(script.contains("#SBATCH --kill-on-invalid-dep=yes"))
    }

    @Test("Slurm time limits read in every form sbatch takes", arguments: [
        ("30", 1800), ("1:30", 90), ("2:00:00", 7200), ("1-0", 86400), ("1-2:03", 93780), ("1-2:03:04", 93784),
    ])
    func timeLimits(text: String, seconds: Int) {
        #expect(SlurmStudyJobs.seconds(ofTimeLimit: text) == seconds)
    }

    @Test("Bad time limits are refused", arguments: ["", "x", "1:2:3:4", "-1", "1-", "UNLIMITED"])
    func badTimeLimits(text: String) {
        #expect(SlurmStudyJobs.seconds(ofTimeLimit: text) == nil)
    }
}

@Suite("A study plan's --prefer")
struct SearchStudyPlanPreferenceTests {
    @Test("--prefer round-trips through study.json; a plan written before it existed decodes with none")
    func roundTrip() throws {
        let plan = SearchStudyPlan(data: "/d.csv", dataSHA256: "ab", space: ["lr=log:1e-3:1e-1"], trials: 4, epochs: 6, seed: 1, rounds: 1,
                                   shards: 2, trainArguments: ["--folds", "3"], preference: SearchPreference(side: .larger, parameter: "wd"))
        let text = try JSONLine.encode(plan)
        #expect(text.contains("\"prefer\":{\"parameter\":\"wd\",\"side\":\"larger\"}"))
        #expect(try JSONDecoder().decode(SearchStudyPlan.self, from: Data(text.utf8)) == plan)
        var old = plan
        old.preference = nil
        let oldText = try JSONLine.encode(old)
        #expect(!oldText.contains("prefer"))
        #expect(try JSONDecoder().decode(SearchStudyPlan.self, from: Data(oldText.utf8)).preference == nil)
        #expect(SearchPreference(values: ["smaller", "layers"]) == SearchPreference(side: .smaller, parameter: "layers"))
        #expect(SearchPreference(values: ["fewer", "layers"]) == nil && SearchPreference(values: ["smaller"]) == nil)
    }
}
