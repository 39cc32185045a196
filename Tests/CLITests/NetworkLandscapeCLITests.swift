import Foundation
import Testing

/// `descent landscape MODEL DATA` and `--line`, run as a process on a small model of wine.
@Suite("descent landscape (network)")
struct NetworkLandscapeCLITests {
    /// Trains a 13-8-3 model on wine for a few epochs into `directory` and returns its path.
    static func model(_ name: String, optimizer: String, in directory: URL, batchNorm: Bool = false) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let result = try DescentBinary.run(["train", CLITestSupport.example("wine.csv"), "--layers", "8", "--activation", "tanh", "--epochs", "15", "--optimizer", optimizer,
                                            "--seed", "4", "--out", path, "--quiet"] + (batchNorm ? ["--batch-norm"] : []))
        guard result.status == 0 else { throw CLITestFailure(message: "train failed: \(result.stderr)") }
        return path
    }

    @Test("The grid's origin is descent evaluate's loss (1e-6 relative); along hessian directions the second difference is λ₁ (1e-3)")
    func originAndCurvature() throws {
        let directory = try CLITestSupport.temporaryDirectory()
        let model = try Self.model("m.safetensors", optimizer: "sgd", in: directory)
        let data = CLITestSupport.example("wine.csv")
        let evaluate = try DescentBinary.run(["evaluate", model, data, "--json"])
        let expected = try #require(try CLITestSupport.lastJSONObject(evaluate.stdout)["loss"] as? Double)
        let run = try DescentBinary.run(["landscape", model, data, "--directions", "hessian", "--resolution", "5", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try CLITestSupport.lastJSONObject(run.stdout)
        #expect(json["type"] as? String == "network_landscape")
        let grid = try #require(json["loss"] as? [[Double]])
        #expect(grid.count == 5 && grid[2].count == 5)
        #expect(abs(grid[2][2] - expected) <= 1e-6 * expected, "origin \(grid[2][2]) vs evaluate \(expected)")
        let eigenvalues = try #require(json["eigenvalues"] as? [Double])
        let secondDifference = try #require(json["second_difference"] as? Double)
        #expect(abs(secondDifference - eigenvalues[0]) <= 1e-3 * eigenvalues[0])
        #expect(json["models"] is NSNull && json["normalization"] is NSNull, "absent values are null, not omitted")
    }

    @Test("CSV a,b,loss,accuracy is the same byte for byte with 1 and 2 threads; BatchNorm statistics recomputed")
    func csvIndependentOfThreads() throws {
        let directory = try CLITestSupport.temporaryDirectory()
        let model = try Self.model("bn.safetensors", optimizer: "adam", in: directory, batchNorm: true)
        let data = CLITestSupport.example("wine.csv")
        var texts: [String] = []
        for threads in ["1", "2"] {
            let csv = directory.appendingPathComponent("grid\(threads).csv").path
            let run = try DescentBinary.run(["landscape", model, data, "--resolution", "4", "--threads", threads, "--csv", csv, "--seed", "9"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("recomputed"))
            texts.append(try String(contentsOfFile: csv, encoding: .utf8))
        }
        #expect(texts[0] == texts[1])
        let lines = texts[0].split(separator: "\n")
        #expect(lines.first == "a,b,loss,accuracy" && lines.count == 17)
    }

    @Test("--line writes t with training and validation loss; the ends are the two models")
    func line() throws {
        let directory = try CLITestSupport.temporaryDirectory()
        let a = try Self.model("a.safetensors", optimizer: "sgd", in: directory), b = try Self.model("b.safetensors", optimizer: "adam", in: directory)
        let data = CLITestSupport.example("wine.csv")
        let plot = directory.appendingPathComponent("line.svg").path
        let run = try DescentBinary.run(["landscape", data, "--line", a, b, "--validation", data, "--range", "0,1", "--resolution", "3",
                                         "--plot", plot, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try CLITestSupport.lastJSONObject(run.stdout)
        #expect(json["type"] as? String == "network_interpolation")
        let points = try #require(json["points"] as? [[String: Any]])
        let expectedB = try #require(try CLITestSupport.lastJSONObject(try DescentBinary.run(["evaluate", b, data, "--json"]).stdout)["loss"] as? Double)
        let last = try #require((points.last?["validation"] as? [String: Any])?["loss"] as? Double)
        #expect(abs(last - expectedB) <= 1e-6 * expectedB)
        #expect(try String(contentsOfFile: plot, encoding: .utf8).contains("<svg"))
    }

    @Test("Bad network flags exit 64 and name the flag", arguments: [
        (["--resolution", "1"], "--resolution"), (["--threads", "0"], "--threads"), (["--range", "2,1"], "--range"),
        (["--directions", "nonsense"], "--directions"), (["--normalization", "row"], "--normalization"),
        (["--line", "only-one.safetensors"], "--line"), (["--validation", "v.csv"], "--validation"), (["--eps", "1e-7"], "--eps"),
    ])
    func badFlags(arguments: [String], flag: String) throws {
        let directory = try CLITestSupport.temporaryDirectory()
        let model = try Self.model("m.safetensors", optimizer: "sgd", in: directory)
        let run = try DescentBinary.run(["landscape", model, CLITestSupport.example("wine.csv")] + arguments)
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains(flag), "\(run.stderr)")
    }

    @Test("Network flags without MODEL DATA exit 64")
    func networkFlagsNeedFiles() throws {
        let run = try DescentBinary.run(["landscape", "--function", "rosenbrock", "--directions", "hessian"])
        #expect(run.status == 64 && run.stderr.contains("MODEL.safetensors DATA.csv"), "\(run.stderr)")
    }
}

/// `descent train --subspace-k` and `--sharpness`.
@Suite("descent train: subspace and sharpness")
struct TrainSharpnessCLITests {
    @Test("--curvature-every 2 --subspace-k 5: history columns on measured epochs; --sharpness: the summary's JSON fields")
    func subspaceAndSharpness() throws {
        let directory = try CLITestSupport.temporaryDirectory()
        let history = directory.appendingPathComponent("h.csv").path
        let run = try DescentBinary.run(["train", CLITestSupport.example("wine.csv"), "--layers", "6", "--epochs", "4", "--optimizer", "sgd",
                                         "--lr", "0.05", "--curvature-every", "2", "--subspace-k", "5", "--history", history,
                                         "--sharpness", "--sharpness-eps", "1e-3", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let share = try #require(header.firstIndex(of: "subspace_fraction")), saddle = try #require(header.firstIndex(of: "saddle_index"))
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows[0][share].isEmpty && rows[1][share].isEmpty == false, "measured after epochs 2 and 4 only")
        #expect((Double(rows[1][share]) ?? -1) >= 0 && (Double(rows[1][share]) ?? 2) <= 1)
        #expect(Int(rows[3][saddle]).map { (0...5).contains($0) } == true)
        let summary = try CLITestSupport.lastJSONObject(run.stdout)
        let sharpness = try #require(summary["sharpness"] as? [String: Any])
        let gap = try #require(sharpness["generalization_gap"] as? Double)
        let train = try #require(sharpness["training_loss"] as? Double), validation = try #require(sharpness["validation_loss"] as? Double)
        #expect(abs(gap - (validation - train)) <= 1e-12)
        #expect((sharpness["lambda_max"] as? Double ?? 0) > 0 && (sharpness["trace_se"] as? Double ?? 0) > 0)
        #expect((sharpness["epsilon_sharpness"] as? Double ?? -1) >= 0)
    }

    @Test("Bad flags exit 64 naming the flag", arguments: [
        (["--subspace-k", "3"], "--curvature-every"), (["--curvature-every", "1", "--subspace-k", "0"], "--subspace-k"),
        (["--sharpness-eps", "1e-3"], "--sharpness"), (["--sharpness", "--sharpness-eps", "0"], "--sharpness-eps"),
        (["--sharpness", "--sharpness-samples", "0"], "--sharpness-samples"),
    ])
    func badFlags(arguments: [String], flag: String) throws {
        let run = try DescentBinary.run(["train", CLITestSupport.example("wine.csv"), "--epochs", "1"] + arguments)
        #expect(run.status == 64 && run.stderr.contains(flag), "\(arguments): \(run.stderr)")
    }
}

/// `descent compare --sharpness` and `--batch-sizes`.
@Suite("descent compare: sharpness and batch sizes")
struct CompareSharpnessCLITests {
    @Test("--batch-sizes 8,64 --sharpness: one entry per size, each run's sharpness in the JSON, the gap = validation − training")
    func batchSizesWithSharpness() throws {
        let directory = try CLITestSupport.temporaryDirectory()
        let plot = directory.appendingPathComponent("race.svg").path
        let run = try DescentBinary.run(["compare", CLITestSupport.example("wine.csv"), "--optimizers", "sgd", "--batch-sizes", "8,64",
                                         "--layers", "6", "--seeds", "2", "--epochs", "3", "--lr", "0.05", "--sharpness",
                                         "--sharpness-trace-samples", "10", "--plot", plot, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try CLITestSupport.lastJSONObject(run.stdout)
        let entries = try #require(json["optimizers"] as? [[String: Any]])
        #expect(entries.map { $0["name"] as? String } == ["sgd b8", "sgd b64"])
        #expect(entries.map { $0["batch_size"] as? Int } == [8, 64])
        #expect(json["batch_sizes"] as? [Int] == [8, 64] && json["sharpness_epsilon"] as? Double == 1e-3)
        for entry in entries {
            #expect((entry["lambda_max"] as? [String: Any])?["count"] as? Int == 2)
            for run in try #require(entry["runs"] as? [[String: Any]]) {
                let sharpness = try #require(run["sharpness"] as? [String: Any])
                let gap = try #require(sharpness["generalization_gap"] as? Double)
                let validation = try #require(sharpness["validation_loss"] as? Double), train = try #require(sharpness["training_loss"] as? Double)
                #expect(abs(gap - (validation - train)) <= 1e-12 && run["generalization_gap"] as? Double == gap)
            }
        }
        #expect(try String(contentsOfFile: plot, encoding: .utf8).contains("Sharpness vs generalization gap"))
    }

    @Test("Bad flags exit 64 naming the flag", arguments: [
        (["--batch-sizes", "8,x"], "--batch-sizes"), (["--batch-sizes", "8,8"], "--batch-sizes"), (["--batch-sizes", "0"], "--batch-sizes"),
        (["--optimizers", "sgd,lbfgs", "--batch-sizes", "8,16"], "--batch-sizes"), (["--sharpness-eps", "1e-3"], "--sharpness"),
        (["--sharpness", "--sharpness-eps", "-1"], "--sharpness-eps"),
    ])
    func badFlags(arguments: [String], flag: String) throws {
        let run = try DescentBinary.run(["compare", CLITestSupport.example("wine.csv"), "--epochs", "1"] + arguments)
        #expect(run.status == 64 && run.stderr.contains(flag), "\(arguments): \(run.stderr)")
    }
}

/// `descent landscape MODEL DATA --directions MODEL2`: the plane through θ*, MODEL2 and θ₀.
@Suite("descent landscape (network): the plane through the initial weights")
struct NetworkLandscapeInitialCLITests {
    @Test("θ* at (0,0) and MODEL2 at (1,0) give evaluate's losses; θ₀ is labelled with the seed")
    func planeThroughInitialWeights() throws {
        let directory = try CLITestSupport.temporaryDirectory()
        let a = try NetworkLandscapeCLITests.model("a.safetensors", optimizer: "sgd", in: directory)
        let b = try NetworkLandscapeCLITests.model("b.safetensors", optimizer: "adam", in: directory)
        let data = CLITestSupport.example("wine.csv")
        let run = try DescentBinary.run(["landscape", a, data, "--directions", b, "--range", "-0.5,1.5", "--resolution", "5", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try CLITestSupport.lastJSONObject(run.stdout)
        #expect(json["models"] as? [String] == [b, "θ₀ (seed 4)"])
        let grid = try #require(json["loss"] as? [[Double]])
        for (path, value) in [(a, grid[1][1]), (b, grid[1][3])] {
            let expected = try #require(try CLITestSupport.lastJSONObject(try DescentBinary.run(["evaluate", path, data, "--json"]).stdout)["loss"] as? Double)
            #expect(abs(value - expected) <= 1e-6 * expected, "\(path): \(value) vs evaluate \(expected)")
        }
    }

    @Test("A model trained with --init-from is refused with exit 65 naming the file")
    func initFromRefused() throws {
        let directory = try CLITestSupport.temporaryDirectory()
        let base = try NetworkLandscapeCLITests.model("base.safetensors", optimizer: "sgd", in: directory)
        let tuned = directory.appendingPathComponent("tuned.safetensors").path
        let train = try DescentBinary.run(["train", CLITestSupport.example("wine.csv"), "--layers", "8", "--activation", "tanh", "--epochs", "3",
                                           "--init-from", base, "--out", tuned, "--quiet"])
        #expect(train.status == 0, "\(train.stderr)")
        let run = try DescentBinary.run(["landscape", tuned, CLITestSupport.example("wine.csv"), "--directions", base, "--resolution", "3"])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr.contains(tuned) && run.stderr.contains("--init-from"), "\(run.stderr)")
    }
}
