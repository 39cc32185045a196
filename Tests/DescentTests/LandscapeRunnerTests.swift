import Descent
import Foundation
import Linalg
import Testing

/// The runner's mechanics (same optimizer code as training, stops, divergence, seeded noise) and
/// its outputs (CSV, JSON, table, option parsing).
@Suite("Landscape runner and reports")
struct LandscapeRunnerTests {
    static func configuration(_ kind: OptimizerKind, lr: Double) -> OptimizerConfiguration {
        var configuration = OptimizerConfiguration.defaults(for: kind)
        configuration.learningRate = lr
        return configuration
    }

    @Test("the runner drives the Optim implementations: its path equals stepping Adam by hand")
    func sameOptimizerCode() throws {
        let rosenbrock = RosenbrockFunction()
        let run = try LandscapeRunner.run(rosenbrock, from: SIMD2(-1.2, 1), configuration: Self.configuration(.adam, lr: 0.05),
                                          settings: LandscapeSettings(steps: 40, tolerance: 0))
        var adam = Adam<Double>(learningRate: 0.05)
        let path = OptimizerTestSupport.run(&adam, from: [-1.2, 1], steps: 40) { p in
            let g = rosenbrock.gradient(at: SIMD2(p[0], p[1]))
            return [g.x, g.y]
        }
        #expect(run.points.map { [$0.point.x, $0.point.y] } == path)
        #expect(run.points.map(\.step) == Array(0...40))
    }

    @Test("a run stops at the tolerance (at the start too) and records the step count")
    func tolerance() throws {
        let quadratic = try TestFunctions.named("quadratic")
        let atMinimum = try LandscapeRunner.run(quadratic, from: .zero, configuration: Self.configuration(.sgd, lr: 0.1),
                                                settings: LandscapeSettings(steps: 100, tolerance: 1e-6))
        #expect(atMinimum.points.count == 1 && atMinimum.stop == .tolerance && atMinimum.stepsToTolerance == 0)
        // SGD lr 0.4 on 0.1x² + 2y²: ‖∇f‖ is dominated by 0.2·5·0.92ᵏ, below 1e-6 after ⌈ln(1e-6)/ln(0.92)⌉ steps.
        let run = try LandscapeRunner.run(quadratic, from: SIMD2(-5, -2), configuration: Self.configuration(.sgd, lr: 0.4),
                                          settings: LandscapeSettings(steps: 1000, tolerance: 1e-6))
        #expect(run.stop == .tolerance)
        #expect(run.stepsToTolerance == Int((1e-6).logValue(base: 0.92).rounded(.up)))
        #expect(run.final.gradientNorm < 1e-6 && run.points[run.points.count - 2].gradientNorm >= 1e-6)
    }

    @Test("divergence is a recorded result, not a crash: too large a step, and an overflow")
    func divergence() throws {
        let quadratic = try TestFunctions.named("quadratic")
        // lr 1: y is multiplied by 1 − 4 = −3 per step and leaves |y| ≤ 10⁶ after ⌈ln(5·10⁵)/ln 3⌉ = 12 steps.
        let run = try LandscapeRunner.run(quadratic, from: SIMD2(-5, -2), configuration: Self.configuration(.sgd, lr: 1),
                                          settings: LandscapeSettings(steps: 1000))
        #expect(run.diverged && run.stepsTaken == 12 && run.stepsToTolerance == nil)
        #expect(abs(run.final.point.y) > 1e6 && abs(run.points[11].point.y) <= 1e6)
        #expect(run.endCurvature != nil)
        let overflow = try LandscapeRunner.run(RosenbrockFunction(), from: SIMD2(-1.2, 1), configuration: Self.configuration(.sgd, lr: 0.1),
                                               settings: LandscapeSettings(steps: 1000, escapeRadius: .infinity))
        #expect(overflow.diverged && overflow.stepsTaken < 1000)
        guard case let .diverged(reason) = overflow.stop else { Issue.record("expected divergence"); return }
        #expect(reason.contains("non-finite") || reason.contains("overflowed"))
        #expect(LandscapeCSV.text([overflow]).split(separator: "\n").count == overflow.points.count + 1)
    }

    @Test("noise is seeded: the same seed repeats a run exactly, another seed does not, σ = 0 ignores the seed")
    func seededNoise() throws {
        let taco = try TacoShellFunction(kappa: 10)
        func run(_ noise: Double, _ seed: UInt64) throws -> [SIMD2<Double>] {
            try LandscapeRunner.run(taco, from: taco.defaultStart, configuration: Self.configuration(.momentum, lr: 0.05),
                                    settings: LandscapeSettings(steps: 50, tolerance: 0, noise: noise, seed: seed)).points.map(\.point)
        }
        #expect(try run(0.3, 7) == run(0.3, 7))
        #expect(try run(0.3, 7) != run(0.3, 8))
        #expect(try run(0, 7) == run(0, 8))
        #expect(try run(0.3, 7) != run(0, 7))
    }

    @Test("invalid settings and optimizer settings throw typed errors")
    func invalidSettings() throws {
        let function = RosenbrockFunction()
        #expect(throws: LandscapeError.self) {
            try LandscapeRunner.run(function, from: .zero, configuration: Self.configuration(.sgd, lr: 0.1), settings: LandscapeSettings(steps: -1))
        }
        #expect(throws: LandscapeError.self) {
            try LandscapeRunner.run(function, from: .zero, configuration: Self.configuration(.sgd, lr: 0.1), settings: LandscapeSettings(noise: -1))
        }
        #expect(throws: OptimizerError.self) {
            try LandscapeRunner.run(function, from: .zero, configuration: Self.configuration(.sgd, lr: -1), settings: LandscapeSettings())
        }
    }

    @Test("Method selection: a common rate, per-optimizer rates, both; number lists")
    func optimizerSelection() throws {
        let defaults = OptimizerSelection.methods([.sgd, .adam]).compactMap(\.configuration)
        #expect(defaults.map(\.kind) == [.sgd, .adam] && defaults.map(\.learningRate) == [0.01, 0.001])
        #expect(OptimizerSelection.methods([.sgd, .adam], rates: LearningRateChoice(common: 0.2)).map(\.learningRate) == [0.2, 0.2])
        #expect(OptimizerSelection.methods([.sgd, .adam], rates: LearningRateChoice(byName: [.adam: 0.1])).map(\.learningRate) == [0.01, 0.1])
        #expect(OptimizerSelection.methods([.sgd, .momentum, .adam], rates: LearningRateChoice(common: 0.3, byName: [.adam: 0.1]))
            .map(\.learningRate) == [0.3, 0.3, 0.1])
        #expect(OptimizerSelection.methods([.nesterov]).first?.configuration?.momentum == 0.9)
        #expect(try NumberList.parse("-1.2, 1", count: 2, flag: "start", meaning: "x,y") == [-1.2, 1])
        #expect(throws: LandscapeError.self) { try NumberList.parse("1,2,3", count: 2, flag: "start", meaning: "x,y") }
        #expect(throws: LandscapeError.self) { try NumberList.parse("1,nan", count: 2, flag: "start", meaning: "x,y") }
    }

    @Test("CSV: the header, one row per point, step 0 the start")
    func csv() throws {
        let quadratic = try TestFunctions.named("quadratic")
        let experiment = try LandscapeExperiment(function: quadratic, start: SIMD2(-5, -2),
                                                 configurations: [Self.configuration(.sgd, lr: 0.4), Self.configuration(.momentum, lr: 0.1)],
                                                 settings: LandscapeSettings(steps: 3, tolerance: 0))
        let lines = LandscapeCSV.text(experiment.runs).split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + 4 + 4)
        #expect(lines[0] == "optimizer,step,x,y,f,grad_norm")
        #expect(lines[1] == "sgd,0,-5.0,-2.0,10.5,\(Landscape.norm(SIMD2(-1, -8)))")
        // One step of SGD: (−5·0.92, −2·(−0.6)) = (−4.6, 1.2).
        let row = lines[2].split(separator: ",")
        #expect(row[0] == "sgd" && row[1] == "1" && abs(Double(row[2])! - -4.6) < 1e-14 && abs(Double(row[3])! - 1.2) < 1e-14)
        #expect(lines[5].hasPrefix("momentum,0,"))
    }

    @Test("JSON parses and carries the runs, the curvature at start and end, null for what does not exist")
    func json() throws {
        let experiment = try LandscapeExperiment(function: SaddleFunction(), start: SIMD2(1, 1e-3),
                                                 configurations: [Self.configuration(.sgd, lr: 0.1), Self.configuration(.adam, lr: 0.1)],
                                                 settings: LandscapeSettings(steps: 20, tolerance: 0))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(LandscapeJSON.text(experiment).utf8)) as? [String: Any])
        #expect(object["function"] as? String == "saddle")
        let start = try #require(object["start_curvature"] as? [String: Any])
        #expect(start["eigenvalues"] as? [Double] == [-2, 2])
        #expect(start["condition_number"] as? Double == 1 && start["negative_eigenvalues"] as? Int == 1)
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(runs.map { $0["optimizer"] as? String } == ["sgd", "adam"])
        #expect(runs[0]["distance_to_minimum"] is NSNull && runs[0]["steps_to_tolerance"] is NSNull)
        #expect(runs[0]["steps"] as? Int == 20 && runs[0]["stopped"] as? String == "steps" && runs[0]["diverged"] as? Bool == false)
        let final = try #require(runs[0]["final"] as? [String: Any])
        // SGD lr 0.1 on x² − y²: x·0.8²⁰, y·1.2²⁰.
        #expect(abs((final["x"] as? Double ?? 0) - Foundation.pow(0.8, 20.0)) < 1e-15)
        #expect(abs((final["y"] as? Double ?? 0) - 1e-3 * Foundation.pow(1.2, 20.0)) < 1e-15)
        #expect((runs[1]["settings"] as? [String: Any])?["lr"] as? String == "0.1")
    }

    @Test("the table names the function, the start's spectrum and one row per optimizer")
    func table() throws {
        let experiment = try LandscapeExperiment(function: try TacoShellFunction(kappa: 100), start: SIMD2(-5, 1.5),
                                                 configurations: [Self.configuration(.sgd, lr: 0.012), Self.configuration(.adam, lr: 0.1)],
                                                 settings: LandscapeSettings(steps: 5000))
        let text = LandscapeTable.text(experiment)
        #expect(text.contains("taco: f(x, y) = ½(u² + 100·v²)"))
        #expect(text.contains("eigenvalues 1, 100 (condition number 100, 0 negative)"))
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("sgd ") || $0.hasPrefix("adam ") }
        #expect(rows.count == 2)
        #expect(experiment.runs[0].stepsToTolerance != nil && rows[0].contains(" \(experiment.runs[0].stepsToTolerance!) "))
    }

    @Test("the contour grid samples f at x[i], y[j] across the box")
    func grid() {
        let grid = LandscapeGrid(function: RosenbrockFunction(), box: PlotBox(xMin: -2, xMax: 2, yMin: -1, yMax: 3), columns: 5, rows: 3)
        #expect(grid.x == [-2, -1, 0, 1, 2] && grid.y == [-1, 1, 3])
        #expect(grid.values[1][3] == 0) // (1, 1)
        #expect(grid.values[0][0] == 9 + 100 * 25) // (−2, −1): (1 + 2)² + 100(−1 − 4)²
    }
}
