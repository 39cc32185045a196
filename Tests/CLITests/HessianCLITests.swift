import Foundation
import Testing

@Suite("descent hessian")
struct HessianCLITests {
    typealias S = CLITestSupport

    /// A small iris model (4 → 16 → 3: 131 parameters) trained for 5 epochs, and its folder.
    static func trainedModel() throws -> (model: String, directory: URL) {
        let directory = try S.temporaryDirectory()
        let model = directory.appendingPathComponent("iris.safetensors").path
        let result = try DescentBinary.run(["train", S.example("iris.csv"), "--layers", "16", "--epochs", "5", "--out", model, "--quiet"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return (model, directory)
    }

    static func hessianJSON(_ arguments: [String]) throws -> [String: Any] {
        let result = try DescentBinary.run(["hessian"] + arguments + ["--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try S.lastJSONObject(result.stdout)
    }

    static func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(a), abs(b), 1e-300) }

    @Test("--json carries the issue's keys; the spectrum file holds every eigenvalue and agrees with λmax, λmin and the trace")
    func jsonAndSpectrum() throws {
        let (model, directory) = try Self.trainedModel()
        let spectrumPath = directory.appendingPathComponent("eigenvalues.csv").path
        let plotPath = directory.appendingPathComponent("spectrum.svg").path
        let json = try Self.hessianJSON([model, S.example("iris.csv"), "--spectrum", spectrumPath, "--plot", plotPath])
        #expect(json["parameters"] as? Int == 131)
        #expect(json["rows"] as? Int == 150)
        #expect(json["mode"] as? String == "evaluation")
        for key in ["lambda_max", "lambda_min", "condition_number", "negative_eigenvalues", "trace"] { #expect(json.keys.contains(key), "missing \(key)") }
        let lambdaMax = try #require(json["lambda_max"] as? Double), lambdaMin = try #require(json["lambda_min"] as? Double)
        let trace = try #require(json["trace"] as? Double)
        #expect(lambdaMax > 0 && lambdaMax > lambdaMin)
        let negative = try #require(json["negative_eigenvalues"] as? Int)
        let nearZero = try #require(json["near_zero_eigenvalues"] as? Int), positive = try #require(json["positive_eigenvalues"] as? Int)
        #expect(negative + nearZero + positive == 131)
        let asymmetry = try #require(json["asymmetry"] as? Double)
        #expect(asymmetry < 1e-12)
        let values = try String(contentsOfFile: spectrumPath, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { Double($0.split(separator: ",")[1])! }
        #expect(values.count == 131)
        #expect(values == values.sorted())
        // The same text in both files; Foundation's JSONSerialization on Linux is not always correctly
        // rounded (off by an ulp at times), so compare to a few ulps, not bit for bit.
        #expect(Self.relative(values.last!, lambdaMax) < 1e-15 && Self.relative(values.first!, lambdaMin) < 1e-15)
        #expect(Self.relative(values.reduce(0, +), trace) < 1e-10)
        #expect(values.filter { $0 < 0 }.count >= negative)
        #expect(try String(contentsOfFile: plotPath, encoding: .utf8).contains("<svg"))
    }

    @Test("--top 3 (Lanczos) matches the top and bottom of the full dsyevd spectrum to 1e-8 relative, with small residuals")
    func topAgreesWithFull() throws {
        let (model, directory) = try Self.trainedModel()
        let spectrumPath = directory.appendingPathComponent("eigenvalues.csv").path
        _ = try Self.hessianJSON([model, S.example("iris.csv"), "--spectrum", spectrumPath])
        let values = try String(contentsOfFile: spectrumPath, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { Double($0.split(separator: ",")[1])! }
        let top = try Self.hessianJSON([model, S.example("iris.csv"), "--top", "3"])
        #expect(top["method"] as? String == "lanczos")
        let largest = try #require(top["largest"] as? [[String: Any]]), smallest = try #require(top["smallest"] as? [[String: Any]])
        #expect(largest.count == 3 && smallest.count == 3)
        for (rank, pair) in largest.enumerated() {
            let value = try #require(pair["value"] as? Double)
            #expect(Self.relative(value, values[values.count - 1 - rank]) < 1e-8, "largest #\(rank + 1): \(value) vs \(values[values.count - 1 - rank])")
            #expect(try #require(pair["residual"] as? Double) < 1e-6)
        }
        let bottom = try #require(smallest.first?["value"] as? Double)
        #expect(Self.relative(bottom, values[0]) < 1e-8, "λmin \(bottom) vs \(values[0])")
    }

    @Test("--trace: Hutchinson's estimate lies within 3 standard errors of the exact trace")
    func hutchinsonTrace() throws {
        let (model, _) = try Self.trainedModel()
        let json = try Self.hessianJSON([model, S.example("iris.csv"), "--trace", "--trace-samples", "200", "--seed", "1"])
        // Unbiased: over seeds 0…9 the z-scores were 0.04 −0.23 −0.66 3.06 −0.12 −0.76 0.74 0.44 0.0 −0.07 (seed 3 the 1-in-300 tail).
        let exact = try #require(json["trace"] as? Double)
        let estimate = try #require(json["trace_estimate"] as? Double), error = try #require(json["trace_standard_error"] as? Double)
        #expect(error > 0 && error.isFinite)
        #expect(abs(estimate - exact) <= 3 * error, "estimate \(estimate) ± \(error), exact \(exact)")
    }

    @Test("--max-params 10 refuses with exit 64, naming the memory needed and --top")
    func memoryGuard() throws {
        let (model, _) = try Self.trainedModel()
        let result = try DescentBinary.run(["hessian", model, S.example("iris.csv"), "--max-params", "10"])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("131 parameters") && result.stderr.contains("137288 bytes"), "\(result.stderr)")
        #expect(result.stderr.contains("--top"))
        let top = try DescentBinary.run(["hessian", model, S.example("iris.csv"), "--max-params", "10", "--top", "2"])
        #expect(top.status == 0, "stderr: \(top.stderr)")
    }

    @Test("--samples takes a seeded subset; --density plots the SLQ density")
    func samplesAndDensity() throws {
        let (model, directory) = try Self.trainedModel()
        let a = try Self.hessianJSON([model, S.example("iris.csv"), "--samples", "40", "--seed", "2"])
        let b = try Self.hessianJSON([model, S.example("iris.csv"), "--samples", "40", "--seed", "2"])
        let c = try Self.hessianJSON([model, S.example("iris.csv"), "--samples", "40", "--seed", "5"])
        #expect(a["rows"] as? Int == 40)
        #expect(a["lambda_max"] as? Double == b["lambda_max"] as? Double)
        #expect(a["lambda_max"] as? Double != c["lambda_max"] as? Double)
        let plot = directory.appendingPathComponent("density.svg").path
        let result = try DescentBinary.run(["hessian", model, S.example("iris.csv"), "--top", "2", "--density", "--plot", plot])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("evaluation mode"))
        #expect(try String(contentsOfFile: plot, encoding: .utf8).contains("stochastic Lanczos quadrature"))
    }

    @Test("--function: Rosenbrock at (1,1), Beale at (3, 0.5), Himmelblau at (3, 2) and the saddle x² − y² against closed forms")
    func testFunctions() throws {
        // Rosenbrock: H = [[802, −400], [−400, 200]], λ = 501 ± √250601.
        let rosenbrock = try Self.hessianJSON(["--function", "rosenbrock", "--at", "1,1"])
        let root = 250_601.0.squareRoot()
        #expect(Self.relative(try #require(rosenbrock["condition_number"] as? Double), (501 + root) / (501 - root)) < 1e-12)
        #expect(Self.relative(try #require(rosenbrock["condition_number"] as? Double), 2508.0096) < 1e-7)
        #expect(rosenbrock["trace"] as? Double == 1002)
        let text = try DescentBinary.run(["hessian", "--function", "rosenbrock", "--at", "1,1"])
        #expect(text.stdout.contains("2508.0096"))
        // At a zero-residual minimum of Σ rᵢ², H = 2·Σ ∇rᵢ∇rᵢᵀ.
        func check(_ name: String, _ point: String, xx: Double, xy: Double, yy: Double) throws {
            let json = try Self.hessianJSON(["--function", name, "--at", point])
            let mean = (xx + yy) / 2, radius = (((xx - yy) / 2) * ((xx - yy) / 2) + xy * xy).squareRoot()
            #expect(Self.relative(try #require(json["lambda_max"] as? Double), mean + radius) < 1e-12, "\(name)")
            #expect(Self.relative(try #require(json["lambda_min"] as? Double), mean - radius) < 1e-12, "\(name)")
            #expect(json["negative_eigenvalues"] as? Int == 0)
        }
        try check("beale", "3,0.5", xx: 3.15625, xy: -11.4375, yy: 46.125)
        try check("himmelblau", "3,2", xx: 74, xy: 20, yy: 34)
        let saddle = try Self.hessianJSON(["--function", "saddle", "--at", "0,0"])
        #expect(saddle["negative_eigenvalues"] as? Int == 1)
        #expect(saddle["lambda_max"] as? Double == 2 && saddle["lambda_min"] as? Double == -2)
        #expect(saddle["condition_number"] as? Double == 1)
        #expect(saddle["trace"] as? Double == 0)
        let taco = try Self.hessianJSON(["--function", "taco", "--kappa", "100", "--angle", "30", "--at", "0,0"])
        #expect(Self.relative(try #require(taco["condition_number"] as? Double), 100) < 1e-12)
    }

    @Test("Bad combinations are usage errors naming the flag")
    func usage() throws {
        let noPoint = try DescentBinary.run(["hessian", "--function", "rosenbrock"])
        #expect(noPoint.status == 64 && noPoint.stderr.contains("--at"))
        let both = try DescentBinary.run(["hessian", "m.safetensors", "d.csv", "--full", "--top", "2"])
        #expect(both.status == 64 && both.stderr.contains("--top"))
        let unknown = try DescentBinary.run(["hessian", "--function", "banana", "--at", "1,1"])
        #expect(unknown.status == 64 && unknown.stderr.contains("rosenbrock"))
    }
}
