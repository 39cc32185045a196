import Descent
import Foundation
import Linalg
import Testing

/// L-BFGS and damped Newton in the landscape runner: the claims of the lecture about second-order
/// steps, measured on the test functions.
@Suite("Landscape second-order methods")
struct LandscapeSecondOrderTests {
    static func newton(damping: Double = 0, lr: Double = 1) -> TrainingMethod {
        .secondOrder(SecondOrderSettings(method: .newton, learningRate: lr, damping: damping))
    }

    static let lbfgs = TrainingMethod.secondOrder(SecondOrderSettings(method: .lbfgs))

    /// p − (H + δI)⁻¹g by Cramer's rule, independent of LAPACK.
    static func newtonStep(_ function: any TestFunction, at p: SIMD2<Double>, damping: Double, gradient: SIMD2<Double>? = nil) -> SIMD2<Double> {
        let h = function.hessian(at: p), g = gradient ?? function.gradient(at: p)
        let a = h.xx + damping, b = h.xy, d = h.yy + damping
        let det = a * d - b * b
        return p - SIMD2((d * g.x - b * g.y) / det, (a * g.y - b * g.x) / det)
    }

    @Test("Newton lands on a quadratic's minimum in one step (A⁻¹ applied exactly), for any SPD matrix and linear term")
    func newtonOneStepOnQuadratic() throws {
        let quadratic = try QuadraticFunction(a: 3, b: 1.5, c: 1.5, d: 1, linear: SIMD2(-2, 5))
        let run = try LandscapeRunner.run(quadratic, from: SIMD2(4, -3), method: Self.newton(), settings: LandscapeSettings(steps: 50, tolerance: 1e-10))
        #expect(run.stop == .tolerance && run.stepsToTolerance == 1 && run.evaluations == 1, "\(run.stop), \(run.stepsTaken) steps")
        // Ap = −b: A = [[3, 1.5], [1.5, 1]], det 0.75, A⁻¹ = [[1, −1.5], [−1.5, 3]]/0.75, −b = (2, −5).
        let minimum: SIMD2<Double> = SIMD2(9.5 / 0.75, -18 / 0.75)
        #expect(abs(run.final.point.x - minimum.x) < 1e-9 && abs(run.final.point.y - minimum.y) < 1e-9, "\(run.final.point) vs \(minimum)")
        // With damping it no longer lands in one step: the δI shortens the step.
        let damped = try LandscapeRunner.run(quadratic, from: SIMD2(4, -3), method: Self.newton(damping: 0.5), settings: LandscapeSettings(steps: 1, tolerance: 1e-10))
        #expect(damped.stop == .stepLimit)
    }

    @Test("damped Newton's first step on Rosenbrock is p − (H + δI)⁻¹∇f, and it reaches (1, 1) from (−1.2, 1) in few steps")
    func newtonRosenbrock() throws {
        let rosenbrock = RosenbrockFunction(), start = SIMD2(-1.2, 1.0)
        let first = try LandscapeRunner.run(rosenbrock, from: start, method: Self.newton(damping: 0.01), settings: LandscapeSettings(steps: 1, tolerance: 0))
        let expected = Self.newtonStep(rosenbrock, at: start, damping: 0.01)
        #expect(abs(first.final.point.x - expected.x) < 1e-12 && abs(first.final.point.y - expected.y) < 1e-12, "\(first.final.point) vs \(expected)")
        for damping in [0, 0.01, 0.1] {
            let run = try LandscapeRunner.run(rosenbrock, from: start, method: Self.newton(damping: damping), settings: LandscapeSettings(steps: 100))
            let distance = try #require(run.nearestMinimum?.distance)
            #expect(run.stop == .tolerance && run.stepsTaken <= 20 && distance < 1e-5, "δ \(damping): \(run.stop) after \(run.stepsTaken), distance \(distance)")
        }
    }

    @Test("L-BFGS reaches the Rosenbrock minimum from (−1.2, 1) within 100 recorded iterations, its line search counted")
    func lbfgsRosenbrock() throws {
        let run = try LandscapeRunner.run(RosenbrockFunction(), from: SIMD2(-1.2, 1), method: Self.lbfgs, settings: LandscapeSettings(steps: 100))
        let distance = try #require(run.nearestMinimum?.distance)
        #expect(run.stop == .tolerance && run.stepsTaken <= 100 && distance < 1e-6, "\(run.stop) after \(run.stepsTaken), distance \(distance)")
        #expect(run.evaluations > run.stepsTaken, "each iteration evaluates at least twice (start and line search): \(run.evaluations)")
        // One recorded point per iteration: every step moves and f never increases (Wolfe's sufficient decrease).
        for (before, after) in zip(run.points, run.points.dropFirst()) {
            #expect(after.value <= before.value && after.point != before.point)
        }
    }

    @Test("Newton sees the same gradient noise as the first-order rules; L-BFGS refuses noise")
    func noise() throws {
        let quadratic = try QuadraticFunction(a: 0.2, b: 0, c: 0, d: 4)
        let settings = LandscapeSettings(steps: 1, tolerance: 0, noise: 0.3, seed: 7)
        let run = try LandscapeRunner.run(quadratic, from: SIMD2(-5, -2), method: Self.newton(), settings: settings)
        var random = RandomGenerator(seed: 7)
        let noisy = quadratic.gradient(at: SIMD2(-5, -2)) + SIMD2(0.3 * random.normal(), 0.3 * random.normal())
        let expected = Self.newtonStep(quadratic, at: SIMD2(-5, -2), damping: 0, gradient: noisy)
        #expect(abs(run.final.point.x - expected.x) < 1e-12 && abs(run.final.point.y - expected.y) < 1e-12)
        #expect(run.final.point != .zero, "the noise must move it off the minimum")
        #expect(throws: LandscapeError.self) {
            try LandscapeRunner.run(quadratic, from: SIMD2(-5, -2), method: Self.lbfgs, settings: settings)
        }
    }

    @Test("a singular H + δI stalls Newton without a crash; on a saddle Newton jumps to the saddle point")
    func singularAndSaddle() throws {
        let singular = try QuadraticFunction(a: 1, b: 0, c: 0, d: 0, linear: SIMD2(0, 1))
        let run = try LandscapeRunner.run(singular, from: SIMD2(1, 1), method: Self.newton(), settings: LandscapeSettings(steps: 10))
        guard case let .stalled(reason) = run.stop else { Issue.record("expected a stall, got \(run.stop)"); return }
        #expect(reason.contains("damping") && run.stepsTaken == 0)
        let damped = try LandscapeRunner.run(singular, from: SIMD2(1, 1), method: Self.newton(damping: 1), settings: LandscapeSettings(steps: 3))
        #expect(damped.stop == .stepLimit && damped.stepsTaken == 3)
        let saddle = try TestFunctions.named("saddle")
        let toSaddle = try LandscapeRunner.run(saddle, from: SIMD2(1, 1), method: Self.newton(), settings: LandscapeSettings(steps: 10))
        #expect(toSaddle.stepsToTolerance == 1 && toSaddle.final.point == .zero)
    }

    @Test("--optimizers with lbfgs and newton: lr 1 unless named, a bare --lr only for the first-order rules, damping on newton")
    func selection() throws {
        let methods = OptimizerSelection.methods([.sgd, .lbfgs, .newton], rates: LearningRateChoice(common: 0.1, byName: [.newton: 0.5]),
                                                 damping: 0.2)
        #expect(methods.map(\.name) == ["sgd", "lbfgs", "newton"])
        #expect(methods.map(\.learningRate) == [0.1, 1, 0.5])
        guard case let .secondOrder(newton) = methods[2], case let .secondOrder(lbfgs) = methods[1] else {
            Issue.record("expected second-order methods"); return
        }
        #expect(newton.damping == 0.2 && lbfgs.damping == 0)
        #expect(MethodName(name: "L-BFGS") == .lbfgs && MethodName(name: "bfgs") == nil)
    }

    @Test("the JSON and the table report lbfgs's and newton's evaluations and settings")
    func reports() throws {
        let experiment = try LandscapeExperiment(function: RosenbrockFunction(), start: SIMD2(-1.2, 1),
                                                 methods: [Self.lbfgs, Self.newton(damping: 0.1)], settings: LandscapeSettings(steps: 200))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(LandscapeJSON.text(experiment).utf8)) as? [String: Any])
        let runs = try #require(json["runs"] as? [[String: Any]])
        #expect(runs.map { $0["optimizer"] as? String } == ["lbfgs", "newton"])
        #expect((runs[0]["evaluations"] as? Int ?? 0) > (runs[0]["steps"] as? Int ?? .max))
        #expect((runs[1]["settings"] as? [String: String])?["damping"] == "0.1")
        #expect(runs.allSatisfy { $0["stopped"] as? String == "tolerance" })
        let table = LandscapeTable.text(experiment)
        #expect(table.contains("evals") && table.contains("lbfgs") && table.contains("newton"))
    }
}
