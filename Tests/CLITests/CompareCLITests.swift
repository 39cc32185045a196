import Foundation
import Testing

@Suite("descent compare and descent bench")
struct CompareCLITests {
    typealias S = CLITestSupport

    static let optimizers = ["sgd", "momentum", "adagrad", "rmsprop", "adam"]

    /// A 3-seed race on iris, JSON and history.
    static func race(epochs: Int = 3, extra: [String] = []) throws -> (json: [String: Any], history: [[String]], directory: URL) {
        let directory = try S.temporaryDirectory()
        let history = directory.appendingPathComponent("runs.csv").path
        let result = try DescentBinary.run(["compare", S.example("iris.csv"), "--optimizers", optimizers.joined(separator: ","),
                                            "--seeds", "3", "--seed", "4", "--epochs", String(epochs), "--target-loss", "0.9",
                                            "--history", history, "--plot", directory.appendingPathComponent("race.svg").path,
                                            "--json"] + extra)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try S.lastJSONObject(result.stdout)
        let rows = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (json, rows, directory)
    }

    @Test("Per seed every optimizer starts from the same loss; seeds differ; one history row per optimizer, seed and epoch")
    func sharedInitialization() throws {
        let (json, rows, directory) = try Self.race()
        let entries = try #require(json["optimizers"] as? [[String: Any]])
        #expect(entries.map { $0["optimizer"] as? String } == Self.optimizers)
        var initial: [Int: Set<Double>] = [:], initialValidation: [Int: Set<Double>] = [:]
        for entry in entries {
            let runs = try #require(entry["runs"] as? [[String: Any]])
            #expect(runs.count == 3)
            for run in runs {
                let seed = try #require(run["seed"] as? Int)
                initial[seed, default: []].insert(try #require(run["initial_loss"] as? Double))
                initialValidation[seed, default: []].insert(try #require(run["initial_val_loss"] as? Double))
            }
        }
        #expect(initial.keys.sorted() == [4, 5, 6])
        for seed in [4, 5, 6] {
            #expect(initial[seed]?.count == 1, "seed \(seed): initial losses \(initial[seed] ?? [])")
            #expect(initialValidation[seed]?.count == 1, "seed \(seed): initial validation losses \(initialValidation[seed] ?? [])")
        }
        #expect(Set(initial.values.compactMap(\.first)).count == 3, "different seeds should start differently")

        // History: header, then (epochs + 1) rows per optimizer and seed, each key once.
        let header = try #require(rows.first)
        #expect(Array(header.prefix(5)) == ["optimizer", "seed", "epoch", "lr", "train_loss"])
        let body = rows.dropFirst()
        #expect(body.count == Self.optimizers.count * 3 * 4)
        let keys = body.map { "\($0[0])/\($0[1])/\($0[2])" }
        #expect(Set(keys).count == keys.count)
        for optimizer in Self.optimizers {
            for seed in ["4", "5", "6"] {
                #expect(body.filter { $0[0] == optimizer && $0[1] == seed }.map { $0[2] } == ["0", "1", "2", "3"])
            }
        }
        // Epoch 0 rows of a seed agree across optimizers in every metric (columns after epoch and lr).
        for seed in ["4", "5", "6"] {
            let starts = Set(body.filter { $0[1] == seed && $0[2] == "0" }.map { $0[4...].joined(separator: ",") })
            #expect(starts.count == 1, "seed \(seed): \(starts)")
        }
        let svg = try String(contentsOf: directory.appendingPathComponent("race.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
        for optimizer in Self.optimizers { #expect(svg.contains(optimizer)) }
    }

    @Test("The JSON has every field, at the top, per optimizer and per run")
    func jsonFields() throws {
        let (json, _, _) = try Self.race(epochs: 2)
        for key in ["data", "task", "precision", "epochs", "batch_size", "seeds", "target_loss", "threads", "openblas_core",
                    "history", "plot", "optimizers", "batch_sizes", "sharpness_epsilon", "paired_tests"] {
            #expect(json[key] != nil, "top level lacks \(key)")
        }
        #expect(json["type"] as? String == "race")
        let quantities = ["final_train_loss", "final_val_loss", "final_train_accuracy", "final_val_accuracy", "best_val_accuracy",
                          "epochs_to_target", "seconds_to_target", "ms_per_step", "samples_per_second"]
        for entry in try #require(json["optimizers"] as? [[String: Any]]) {
            for key in ["optimizer", "lr", "lr_source", "lr_trials", "runs_diverged", "runs"] + quantities {
                #expect(entry[key] != nil, "\(entry["optimizer"] ?? "?") lacks \(key)")
            }
            #expect(entry["lr_source"] as? String == "default")
            let loss = try #require(entry["final_val_loss"] as? [String: Any])
            for key in ["mean", "std", "median", "min", "max", "count"] { #expect(loss[key] is NSNumber, "final_val_loss lacks \(key)") }
            #expect(loss["count"] as? Int == 3)
            for run in try #require(entry["runs"] as? [[String: Any]]) {
                for key in ["seed", "initial_loss", "initial_val_loss", "epochs", "steps", "seconds", "diverged", "divergence"] + quantities {
                    #expect(run[key] != nil, "run lacks \(key)")
                }
                #expect(run["epochs"] as? Int == 2)
                #expect(run["sharpness"] is NSNull, "a run without --sharpness has \"sharpness\": null, never an absent key")
                #expect((run["final_train_loss"] as? Double).map { $0.isFinite && $0 > 0 } == true)
            }
        }
    }

    @Test("A race's run is the same run as descent train with that optimizer and seed (timing aside)")
    func sameAsTrain() throws {
        let directory = try S.temporaryDirectory()
        let racePath = directory.appendingPathComponent("race.csv").path, trainPath = directory.appendingPathComponent("train.csv").path
        let race = try DescentBinary.run(["compare", S.example("iris.csv"), "--optimizers", "nesterov,adam", "--lr", "adam=0.01",
                                          "--seeds", "2", "--epochs", "4", "--batch-size", "16", "--history", racePath, "--quiet"])
        #expect(race.status == 0, "stderr: \(race.stderr)")
        let train = try DescentBinary.run(["train", S.example("iris.csv"), "--optimizer", "adam", "--lr", "0.01", "--seed", "1",
                                           "--epochs", "4", "--batch-size", "16", "--no-early-stopping", "--history", trainPath, "--quiet"])
        #expect(train.status == 0, "stderr: \(train.stderr)")
        let trained = try S.historyWithoutTiming(trainPath).split(separator: "\n").dropFirst().map(String.init)
        let raced = try S.historyWithoutTiming(racePath).split(separator: "\n")
            .filter { $0.hasPrefix("adam,1,") && !$0.hasPrefix("adam,1,0,") }
            .map { String($0.dropFirst("adam,1,".count)) }
        #expect(trained.count == 4)
        #expect(raced == trained)
    }

    @Test("--tune-lr tries log-spaced rates and keeps one of them; --lr given is not tuned")
    func tuning() throws {
        let result = try DescentBinary.run(["compare", S.example("iris.csv"), "--optimizers", "sgd,adam", "--lr", "adam=0.002",
                                            "--tune-lr", "3", "--tune-epochs", "1", "--seeds", "1", "--epochs", "1", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let entries = try #require(try S.lastJSONObject(result.stdout)["optimizers"] as? [[String: Any]])
        let sgd = try #require(entries.first), adam = try #require(entries.last)
        #expect(sgd["lr_source"] as? String == "tuned")
        let trials = try #require(sgd["lr_trials"] as? [[String: Any]])
        let rates = trials.compactMap { $0["lr"] as? Double }
        #expect(rates.count == 3)
        // 0.01·10^−1.5, 0.01, 0.01·10^1.5
        #expect(abs(rates[0] - 0.01 * pow(10, -1.5)) < 1e-12 && abs(rates[1] - 0.01) < 1e-12 && abs(rates[2] - 0.01 * pow(10, 1.5)) < 1e-12)
        #expect(rates.contains(try #require(sgd["lr"] as? Double)))
        #expect(adam["lr_source"] as? String == "given" && adam["lr"] as? Double == 0.002)
    }

    @Test("Bad flags are usage errors naming the flag", arguments: [
        (["--optimizers", "sgd,bfgs"], "--optimizers"), (["--optimizers", "sgd,sgd"], "--optimizers"),
        (["--lr", "adam=0.1"], "--lr"), (["--lr", "sgd:0.1"], "--lr"), (["--seeds", "0"], "--seeds"),
        (["--tune-lr", "3", "--val-split", "0"], "--tune-lr"),
    ])
    func badFlags(arguments: [String], flag: String) throws {
        let result = try DescentBinary.run(["compare", S.example("iris.csv"), "--optimizers", "sgd"] + arguments)
        #expect(result.status == 64, "\(arguments): status \(result.status)")
        #expect(result.stderr.contains(flag), "\(arguments): \(result.stderr)")
    }

    @Test("bench --json --quick: every field present and finite")
    func bench() throws {
        let result = try DescentBinary.run(["bench", "--json", "--quick", "--threads", "1"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try S.lastJSONObject(result.stdout)
        #expect(json["threads"] as? Int == 1)
        #expect((json["openblas_core"] as? String)?.isEmpty == false)
        #expect(json["architecture"] as? [Int] == [784, 256, 256, 10])
        func finite(_ object: [String: Any], _ keys: [String], _ what: String) {
            for key in keys {
                let value = object[key] as? Double
                #expect(value?.isFinite == true && value! > 0, "\(what): \(key) = \(String(describing: object[key]))")
            }
        }
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.count == 4)  // float and double × batches 16, 64
        #expect(Set(steps.compactMap { $0["precision"] as? String }) == ["float", "double"])
        for step in steps {
            finite(step, ["step_ms", "step_ms_min", "gemm_ms", "gemm_ms_min", "blas_efficiency", "samples_per_second", "step_gflops",
                          "gemm_gflops", "gradient_ms", "hvp_ms", "hvp_over_two_gradients"], "step")
        }
        let triad = try #require(json["triad"] as? [[String: Any]])
        #expect(triad.count == 2)
        for entry in triad { finite(entry, ["ms", "gb_per_s"], "triad") }
        let updates = try #require(json["updates"] as? [[String: Any]])
        #expect(updates.count == 14)
        for update in updates { finite(update, ["ms", "gb_per_s", "fraction_of_triad", "bytes_per_parameter", "parameters"], "update") }
        let csv = try #require(json["csv"] as? [String: Any])
        finite(csv, ["rows", "columns", "bytes", "parse_ms", "parse_mb_per_s", "dataset_ms", "dataset_mb_per_s"], "csv")
    }

    @Test("bench rejects a bad architecture, naming the flag")
    func benchBadFlag() throws {
        let result = try DescentBinary.run(["bench", "--architecture", "784,0,10"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--architecture"))
    }
}
