import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `descent landscape` and `descent compare` with lbfgs and newton, run as processes.
@Suite("descent landscape and compare with lbfgs and newton")
struct SecondOrderCLITests {
    typealias S = CLITestSupport

    @Test("landscape --optimizers sgd,lbfgs,newton: CSV rows, SVG paths and legend entries, table rows for each")
    func landscape() throws {
        let directory = try S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try DescentBinary.run([
            "landscape", "--function", "rosenbrock", "--start", "-1.2,1", "--optimizers", "sgd,lbfgs,newton",
            "--lr", "0.001", "--damping", "0.01", "--steps", "100", "--plot", "paths.svg", "--csv", "paths.csv",
        ], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let parser = XMLParser(data: try Data(contentsOf: directory.appendingPathComponent("paths.svg")))
        let counter = LandscapeCommandTests.SVGCounter()
        parser.delegate = counter
        #expect(parser.parse())
        #expect(counter.classes["path.trajectory"] == 3 && counter.classes["g.legend-entry"] == 3)
        #expect(counter.trajectoryTitles.map { String($0.prefix(while: { $0 != " " })) } == ["sgd", "lbfgs", "newton"])
        #expect(counter.trajectoryTitles.last?.contains("δ 0.01") == true, "\(counter.trajectoryTitles)")
        let rows = try String(contentsOf: directory.appendingPathComponent("paths.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        for name in ["lbfgs", "newton"] {
            let mine = rows.filter { $0[0] == name }
            #expect(mine.map { Int($0[1]) } == (0..<mine.count).map { $0 }, "\(name): steps 0, 1, … in order")
            #expect(mine.count >= 2 && mine.count <= 101)
            let last = try #require(mine.last)
            #expect(abs(Double(last[2])! - 1) < 1e-5 && abs(Double(last[3])! - 1) < 1e-5, "\(name) ended at \(last)")
        }
        let table = result.stdout.split(separator: "\n")
        #expect(table.contains { $0.hasPrefix("lbfgs ") } && table.contains { $0.hasPrefix("newton ") })
        // L-BFGS refuses noise, naming the flag.
        let noisy = try DescentBinary.run(["landscape", "--optimizers", "lbfgs", "--noise", "0.1"])
        #expect(noisy.status == 64 && noisy.stderr.contains("--noise") && noisy.stdout.isEmpty, "\(noisy.stderr)")
    }

    @Test("compare --optimizers sgd,lbfgs: per seed both start from the same initial loss; one history row per epoch")
    func compareSharedInitialization() throws {
        let directory = try S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let history = directory.appendingPathComponent("runs.csv").path
        let result = try DescentBinary.run(["compare", S.example("iris.csv"), "--optimizers", "sgd,lbfgs", "--seeds", "2",
                                            "--epochs", "3", "--layers", "8", "--history", history,
                                            "--plot", directory.appendingPathComponent("race.svg").path, "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try S.lastJSONObject(result.stdout)
        let entries = try #require(json["optimizers"] as? [[String: Any]])
        #expect(entries.map { $0["optimizer"] as? String } == ["sgd", "lbfgs"])
        #expect(entries.last?["lr"] as? Double == 1)
        var initial: [Int: [Double]] = [:], final: [String: Double] = [:]
        for entry in entries {
            for run in try #require(entry["runs"] as? [[String: Any]]) {
                initial[try #require(run["seed"] as? Int), default: []].append(try #require(run["initial_loss"] as? Double))
                if run["seed"] as? Int == 0 { final[entry["optimizer"] as? String ?? ""] = run["final_train_loss"] as? Double }
            }
        }
        #expect(initial.keys.sorted() == [0, 1])
        for (seed, losses) in initial { #expect(losses.count == 2 && losses[0] == losses[1], "seed \(seed): \(losses)") }
        #expect(initial[0] != initial[1], "different seeds should start differently")
        #expect((final["lbfgs"] ?? .infinity) < (initial[0]?.first ?? 0), "lbfgs should lower the loss: \(final)")
        let rows = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.filter { $0.hasPrefix("lbfgs,") }.count == 2 * 4)
    }

    @Test("compare refuses newton above the memory limit and lbfgs with dropout, before racing")
    func compareRefusals() throws {
        let large = try DescentBinary.run(["compare", S.example("iris.csv"), "--optimizers", "sgd,newton", "--layers", "1000,1000",
                                           "--seeds", "1", "--epochs", "1"])
        #expect(large.status == 64 && large.stderr.contains("newton") && large.stderr.contains("needs"), "\(large.stderr)")
        #expect(large.stdout.isEmpty)
        let dropout = try DescentBinary.run(["compare", S.example("iris.csv"), "--optimizers", "lbfgs", "--dropout", "0.2",
                                             "--seeds", "1", "--epochs", "1"])
        #expect(dropout.status == 64 && dropout.stderr.contains("dropout"), "\(dropout.stderr)")
    }
}
