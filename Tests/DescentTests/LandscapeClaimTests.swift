import Foundation
import Descent
import Linalg
import Testing

/// The lecture's claims about optimizers, measured on real runs of Descent's optimizers.
@Suite("Landscape: the lecture's claims")
struct LandscapeClaimTests {
    static func run(_ function: any TestFunction, _ kind: OptimizerKind, lr: Double, from start: SIMD2<Double>? = nil,
                    steps: Int, noise: Double = 0, seed: UInt64 = 0) throws -> LandscapeRun {
        var configuration = OptimizerConfiguration.defaults(for: kind)
        configuration.learningRate = lr
        let settings = LandscapeSettings(steps: steps, tolerance: 0, noise: noise, seed: seed)
        return try LandscapeRunner.run(function, from: start ?? function.defaultStart, configuration: configuration, settings: settings)
    }

    /// The first step at which ‖p − p*‖ < `radius`, or nil.
    static func firstStep(_ run: LandscapeRun, within radius: Double, of target: SIMD2<Double>) -> Int? {
        run.points.first { Landscape.distance($0.point, target) < radius }?.step
    }

    /// How often a sequence changes sign (zeros skipped).
    static func signChanges(_ values: [Double]) -> Int {
        let signs = values.filter { $0 != 0 }.map { $0 > 0 }
        return zip(signs, signs.dropFirst()).filter { $0 != $1 }.count
    }

    // κ = 100, η = 0.012: ηκ = 1.2 > 1, so SGD's steep coordinate flips sign every step (factor
    // 1 − ηκ = −0.2), yet η is below Nesterov's limit ηκ < 2(1 + μ)/(1 + 2μ) ≈ 1.357, so all three
    // converge. Nesterov's steep coordinate alternates too (its dominant root is −0.655 here), but
    // its run is over sooner; heavy-ball momentum turns the flips into a slower rotation (complex
    // roots of modulus √0.9), so it flips about every 2.6 steps. The axes are unrotated so that
    // the steep coordinate, y, is computed without rounding from the shallow one.
    @Test("taco κ = 100: momentum and Nesterov reach 1e-6 in fewer steps than SGD, which zig-zags more")
    func tacoShell() throws {
        let taco = try TacoShellFunction(kappa: 100)
        let runs = try [OptimizerKind.sgd, .momentum, .nesterov].map { try Self.run(taco, $0, lr: 0.012, steps: 3000) }
        let reached = try runs.map { try #require(Self.firstStep($0, within: 1e-6, of: .zero), "\($0.name) never reached 1e-6") }
        #expect(reached[1] < reached[0], "momentum \(reached[1]) vs sgd \(reached[0])")
        #expect(reached[2] < reached[0], "nesterov \(reached[2]) vs sgd \(reached[0])")
        // SGD alone: the shallow coordinate contracts by 1 − η = 0.988 per step, from |u₀| = 5.
        #expect(abs(Double(reached[0]) - (1e-6 / 5).logValue(base: 0.988)) < 2)
        let window = 100
        let early = runs.map { run in Self.signChanges(run.points.prefix(window + 1).map(\.point.y)) }
        #expect(early[0] == window, "sgd flips its steep coordinate every step: \(early[0])")
        #expect(early[1] < window / 2, "momentum flips \(early[1]) times in \(window) steps")
        let untilReached = zip(runs, reached).map { run, step in Self.signChanges(run.points.prefix(step + 1).map(\.point.y)) }
        #expect(untilReached[0] > untilReached[1] && untilReached[0] > untilReached[2], "sign changes \(untilReached)")
    }

    @Test("saddle x² − y² from (1, 1e-6): momentum leaves (|y| > 1) in fewer steps than SGD")
    func saddleEscape() throws {
        let saddle = SaddleFunction()
        let start = SIMD2(1, 1e-6)
        let escapes = try [OptimizerKind.sgd, .momentum].map { kind in
            try #require(Self.run(saddle, kind, lr: 0.01, from: start, steps: 5000).points.first { abs($0.point.y) > 1 }?.step)
        }
        #expect(escapes[1] < escapes[0], "momentum \(escapes[1]) vs sgd \(escapes[0])")
        // SGD: y grows by exactly 1 + 2η per step, so it leaves after ⌈ln(10⁶)/ln(1.02)⌉ = 698 steps.
        #expect(escapes[0] == Int((1e6).logValue(base: 1.02).rounded(.up)))
    }

    // The effective step of a coordinate is |Δx|/|g_x|, the learning rate the rule actually applies;
    // here g_x = 1, so it is |Δx|. AdaGrad: Δx = −η·g/√(k·g²), so η/(√k·|g_x|), shrinking to zero.
    // RMSProp (no bias correction): η/(√((1 − αᵏ)·g²) + ε), which starts high (√(1 − α) = 0.1 at
    // k = 1) and settles at η/|g_x| instead of shrinking.
    @Test("under a constant gradient AdaGrad's effective step shrinks every step; RMSProp's settles at η/|g|")
    func effectiveStepSizes() throws {
        // f = x − 2y: ∇f = (1, −2) everywhere.
        let linear = try QuadraticFunction(a: 0, b: 0, c: 0, d: 0, linear: SIMD2(1, -2))
        let steps = 2000, lr = 0.01
        func effectiveSteps(_ kind: OptimizerKind) throws -> [Double] {
            let points = try Self.run(linear, kind, lr: lr, from: .zero, steps: steps).points
            return zip(points, points.dropFirst()).map { abs($1.point.x - $0.point.x) }
        }
        let adagrad = try effectiveSteps(.adagrad), rmsprop = try effectiveSteps(.rmsprop)
        #expect(zip(adagrad, adagrad.dropFirst()).allSatisfy { $1 < $0 }, "AdaGrad: \(adagrad.prefix(5))")
        #expect(abs(adagrad[steps - 1] * Double(steps).squareRoot() - lr) < 1e-12, "AdaGrad's k-th step is η/√k")
        #expect(abs(adagrad[999] / adagrad[1999] - 2.0.squareRoot()) < 1e-6)
        // RMSProp: the same from step 1000 to step 2000 (0.99¹⁰⁰⁰ ≈ 4e-5), and never below η/|g|.
        #expect(abs(rmsprop[999] / rmsprop[1999] - 1) < 1e-4)
        #expect(abs(rmsprop[steps - 1] - lr) < 1e-4 * lr)
        #expect(rmsprop.allSatisfy { $0 >= lr * (1 - 1e-7) }) // ε = 1e-8 beside √v = 1
        #expect(rmsprop[steps - 1] > 20 * adagrad[steps - 1])
    }

    @Test("taco shell: Nesterov overshoots the minimum along the shallow axis by less than momentum")
    func nesterovOvershoot() throws {
        let taco = try TacoShellFunction(kappa: 100, angleDegrees: -35)
        let overshoot = try [OptimizerKind.momentum, .nesterov].map { kind in
            try Self.run(taco, kind, lr: 0.012, steps: 600).points.map { taco.axisCoordinates(of: $0.point).shallow }.max()!
        }
        #expect(abs(taco.axisCoordinates(of: taco.defaultStart).shallow - -5) < 1e-12)
        #expect(overshoot[0] > 0.5, "momentum overshoots: \(overshoot[0])")
        #expect(overshoot[1] < overshoot[0], "nesterov \(overshoot[1]) vs momentum \(overshoot[0])")
    }

    @Test("noisy gradients, averaged over seeds: SGD ends farther than without noise, momentum closer than SGD")
    func noise() throws {
        let taco = try TacoShellFunction(kappa: 100)
        let seeds: [UInt64] = Array(0..<16), steps = 200
        func meanDistance(_ kind: OptimizerKind, noise: Double) throws -> Double {
            try seeds.map { seed in
                try Self.run(taco, kind, lr: 0.012, steps: steps, noise: noise, seed: seed).nearestMinimum!.distance
            }.reduce(0, +) / Double(seeds.count)
        }
        let sgdClean = try meanDistance(.sgd, noise: 0)
        let sgdNoisy = try meanDistance(.sgd, noise: 0.5)
        let momentumNoisy = try meanDistance(.momentum, noise: 0.5)
        // Noise-free SGD after 200 steps: 5·0.988²⁰⁰ along the valley, the steep part long gone.
        #expect(abs(sgdClean - 5 * Foundation.pow(0.988, 200.0)) < 1e-9)
        #expect(sgdNoisy > sgdClean, "sgd noisy \(sgdNoisy) vs clean \(sgdClean)")
        #expect(momentumNoisy < sgdNoisy, "momentum noisy \(momentumNoisy) vs sgd noisy \(sgdNoisy)")
    }

    @Test("from (−5, −2) on 0.1x² + 2y², 20 steps of SGD with lr 0.4 end at (−5·0.92²⁰, −2·0.6²⁰)")
    func sgdClosedForm() throws {
        let quadratic = try TestFunctions.named("quadratic")
        #expect(quadratic.defaultStart == SIMD2(-5, -2))
        let run = try Self.run(quadratic, .sgd, lr: 0.4, steps: 20)
        #expect(run.points.count == 21 && run.stop == .stepLimit)
        for point in run.points {
            let k = Double(point.step)
            let expected = SIMD2(-5 * Foundation.pow(0.92, k), -2 * Foundation.pow(-0.6, k)) // y flips sign: 1 − 0.4·4 = −0.6
            #expect(abs(point.point.x - expected.x) <= 1e-14 * abs(expected.x), "x at step \(point.step)")
            #expect(abs(point.point.y - expected.y) <= 1e-13 * abs(expected.y), "y at step \(point.step)")
        }
        #expect(abs(run.final.point.x - -5 * Foundation.pow(0.92, 20.0)) < 1e-14)
        #expect(abs(run.final.point.y - -2 * Foundation.pow(0.6, 20.0)) < 1e-18)
    }

    @Test("valley: SGD settles in the nearer local minimum, momentum carries over the ridge to the global one")
    func valley() throws {
        let valley = ValleyFunction()
        let sgd = try Self.run(valley, .sgd, lr: 0.01, steps: 3000)
        let momentum = try Self.run(valley, .momentum, lr: 0.01, steps: 3000)
        #expect(sgd.nearestMinimum?.minimum.kind == .localMinimum)
        #expect(momentum.nearestMinimum?.minimum.kind == .globalMinimum)
        #expect(momentum.final.value < sgd.final.value)
    }
}

extension Double {
    /// log_base(self).
    func logValue(base: Double) -> Double { Foundation.log(self) / Foundation.log(base) }
}
