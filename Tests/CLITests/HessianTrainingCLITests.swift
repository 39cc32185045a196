import Foundation
import Testing

@Suite("descent train: curvature tracking and second-order methods")
struct HessianTrainingCLITests {
    typealias S = CLITestSupport

    static func column(_ name: String, in path: String) throws -> [String] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let index = try #require(lines[0].firstIndex(of: Substring(name)))
        return lines.dropFirst().map { String($0[index]) }
    }

    @Test("--curvature-every 1 puts a finite λmax in every history row and a third panel with 2/lr in the SVG")
    func curvatureEveryEpoch() throws {
        let directory = try S.temporaryDirectory()
        let history = directory.appendingPathComponent("h.csv").path, plot = directory.appendingPathComponent("c.svg").path
        let result = try DescentBinary.run(["train", S.example("iris.csv"), "--layers", "16", "--optimizer", "momentum", "--lr", "0.05",
                                            "--epochs", "4", "--curvature-every", "1", "--history", history, "--plot", plot])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lambdas = try Self.column("lambda_max", in: history)
        #expect(lambdas.count == 4)
        for text in lambdas {
            let value = try #require(Double(text))
            #expect(value.isFinite && value > 0)
        }
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        #expect(svg.contains("Sharpness") && svg.contains("2/lr") && svg.contains("(2+2μ)/lr"))
        #expect(result.stderr.contains("λmax"))
    }

    @Test("--curvature-every 2 measures only even epochs; a resumed run records the same history as an uninterrupted one")
    func curvatureResume() throws {
        let directory = try S.temporaryDirectory()
        let common = ["--layers", "8", "--optimizer", "sgd", "--lr", "0.1", "--no-early-stopping", "--curvature-every", "2",
                      "--curvature-min", "--curvature-trace", "--seed", "7", "--quiet"]
        let whole = directory.appendingPathComponent("whole.csv").path
        let first = try DescentBinary.run(["train", S.example("iris.csv"), "--epochs", "6", "--history", whole] + common)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let model = directory.appendingPathComponent("part.safetensors").path
        let part = try DescentBinary.run(["train", S.example("iris.csv"), "--epochs", "3", "--out", model] + common)
        #expect(part.status == 0, "stderr: \(part.stderr)")
        let resumed = directory.appendingPathComponent("resumed.csv").path
        let rest = try DescentBinary.run(["train", "--resume", model, "--epochs", "6", "--history", resumed, "--quiet"])
        #expect(rest.status == 0, "stderr: \(rest.stderr)")
        #expect(try S.historyWithoutTiming(whole) == S.historyWithoutTiming(resumed))
        #expect(try Self.column("lambda_max", in: whole).map(\.isEmpty) == [true, false, true, false, true, false])
        #expect(try Self.column("lambda_min", in: whole).filter { !$0.isEmpty }.count == 3)
    }

    @Test("--optimizer lbfgs (full batch) reaches validation accuracy ≥ 0.9 on iris")
    func lbfgsIris() throws {
        let result = try DescentBinary.run(["train", S.example("iris.csv"), "--layers", "16", "--optimizer", "lbfgs", "--epochs", "10", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let summary = try S.lastJSONObject(result.stdout)
        #expect(try #require(summary["val_accuracy"] as? Double) >= 0.9)
    }

    @Test("--optimizer newton converges on a small linear regression; refuses batch norm and --damping elsewhere")
    func newtonLinearRegression() throws {
        let directory = try S.temporaryDirectory()
        var rows = ["x1,x2,y"]
        for i in 0..<40 {
            let a = Double(i % 7) / 3 - 1, b = Double((i * 5) % 11) / 5 - 1
            rows.append("\(a),\(b),\(2 * a - 3 * b + 0.5)")
        }
        let data = try S.write(rows.joined(separator: "\n") + "\n", "linear.csv", in: directory)
        let result = try DescentBinary.run(["train", data, "--layers", "", "--optimizer", "newton", "--epochs", "2", "--no-early-stopping", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let summary = try S.lastJSONObject(result.stdout)
        #expect(try #require(summary["train_loss"] as? Double) < 1e-8)
        #expect(try #require(summary["val_r2"] as? Double) > 0.999999)
        let batchNorm = try DescentBinary.run(["train", data, "--layers", "4", "--batch-norm", "--optimizer", "newton", "--epochs", "1"])
        #expect(batchNorm.status == 64 && batchNorm.stderr.contains("batch norm"))
        let damping = try DescentBinary.run(["train", data, "--optimizer", "adam", "--damping", "0.1", "--epochs", "1"])
        #expect(damping.status == 64 && damping.stderr.contains("--damping"))
        let unknown = try DescentBinary.run(["train", data, "--optimizer", "bfgs", "--epochs", "1"])
        #expect(unknown.status == 64 && unknown.stderr.contains("lbfgs"))
    }
}
