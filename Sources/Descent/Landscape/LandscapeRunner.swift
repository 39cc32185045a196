import Linalg

/// Drives Descent's optimizers — the same `Optimizer` implementations that train networks, and the
/// same `LBFGS` and `DampedNewton` that train full batch — over a test function: the point (x, y)
/// is a flat parameter vector of length two.
///
/// Each first-order step: g̃ = ∇f(pₖ) + σ·ξₖ (ξₖ ~ N(0, I) from `RandomGenerator(seed:)`, two
/// normals per step, drawn only when σ > 0), then `optimizer.step(parameters: p, gradient: g̃)`.
/// A Newton step sees the same g̃: p ← p − lr·(H + δI)⁻¹g̃ with the analytic Hessian. An L-BFGS
/// step is one iteration with its line search (several evaluations of f and ∇f); it refuses noise.
/// After each step f and ∇f at the new point are recorded. The run stops after `settings.steps`
/// updates, when ‖∇f(pₖ)‖ < tolerance (checked at the start too), when a second-order method
/// cannot move (`LandscapeStop.stalled`), or when the point diverges: a non-finite coordinate,
/// value or gradient, or |x| or |y| beyond the escape radius. Divergence is a result, recorded
/// with the point reached.
public enum LandscapeRunner {
    /// What one update did: moved, with the objective evaluations it used, or could not move.
    enum Update {
        case moved(evaluations: Int)
        case stalled(reason: String)
    }

    /// Runs the optimizer `configuration` describes on `function` from `start`. Throws
    /// `OptimizerError` for an invalid configuration and `LandscapeError` for invalid settings.
    public static func run(_ function: any TestFunction, from start: SIMD2<Double>,
                           configuration: OptimizerConfiguration, settings: LandscapeSettings) throws -> LandscapeRun {
        try run(function, from: start, method: .firstOrder(configuration), settings: settings)
    }

    /// Runs `method` on `function` from `start`. Throws `OptimizerError` for an invalid
    /// configuration and `LandscapeError` for invalid settings (noise given to L-BFGS included).
    public static func run(_ function: any TestFunction, from start: SIMD2<Double>,
                           method: TrainingMethod, settings: LandscapeSettings) throws -> LandscapeRun {
        try method.validate()
        switch method {
        case let .firstOrder(configuration):
            var optimizer: any Optimizer<Double> = configuration.makeOptimizer(parameterCount: 2)
            return try run(function, from: start, optimizer: &optimizer, configuration: configuration, settings: settings)
        case let .secondOrder(secondOrder):
            return try LandscapeSecondOrder.run(function, from: start, settings: secondOrder, landscape: settings)
        }
    }

    /// Runs a given optimizer (for callers that configure one by hand); `configuration` is what
    /// the record reports of it.
    public static func run<O: Optimizer<Double>>(_ function: any TestFunction, from start: SIMD2<Double>,
                                                 optimizer: inout O, configuration: OptimizerConfiguration,
                                                 settings: LandscapeSettings) throws -> LandscapeRun {
        try trace(function, from: start, method: .firstOrder(configuration), settings: settings) { parameters, gradient, random in
            var seen = [gradient.x, gradient.y]
            noisy(&seen, settings: settings, random: &random)
            parameters.withUnsafeMutableBufferPointer { p in
                seen.withUnsafeBufferPointer { optimizer.step(parameters: p, gradient: $0) }
            }
            return .moved(evaluations: 1)
        }
    }

    /// Adds σ·ξ to `gradient` when σ > 0 (two normals).
    static func noisy(_ gradient: inout [Double], settings: LandscapeSettings, random: inout RandomGenerator) {
        guard settings.noise > 0 else { return }
        gradient[0] += settings.noise * random.normal()
        gradient[1] += settings.noise * random.normal()
    }

    /// The loop every method shares: `update(p, ∇f(p), noise generator)` moves p in place.
    static func trace(_ function: any TestFunction, from start: SIMD2<Double>, method: TrainingMethod, settings: LandscapeSettings,
                      update: (inout [Double], SIMD2<Double>, inout RandomGenerator) -> Update) throws -> LandscapeRun {
        try settings.validate()
        guard start.x.isFinite, start.y.isFinite else {
            throw LandscapeError.invalidSetting(setting: "start", value: "\(start.x),\(start.y)", expected: "a finite point x,y")
        }
        var random = RandomGenerator(seed: settings.seed)
        var parameters = [start.x, start.y]
        var gradient = function.gradient(at: start)
        var points = [LandscapePoint(step: 0, point: start, value: function.value(at: start),
                                     gradientNorm: Landscape.norm(gradient))]
        var stop = LandscapeStop.stepLimit
        var evaluations = 0
        if let reason = divergence(points[0], gradient, settings.escapeRadius) {
            stop = .diverged(reason: reason)
        } else if points[0].gradientNorm < settings.tolerance {
            stop = .tolerance
        } else {
            var step = 0
            while step < settings.steps {
                step += 1
                switch update(&parameters, gradient, &random) {
                case let .moved(count): evaluations += count
                case let .stalled(reason): stop = .stalled(reason: reason)
                }
                if case .stalled = stop { break }
                let point = SIMD2(parameters[0], parameters[1])
                gradient = function.gradient(at: point)
                let record = LandscapePoint(step: step, point: point, value: function.value(at: point),
                                            gradientNorm: Landscape.norm(gradient))
                points.append(record)
                if let reason = divergence(record, gradient, settings.escapeRadius) {
                    stop = .diverged(reason: reason)
                    break
                }
                if record.gradientNorm < settings.tolerance {
                    stop = .tolerance
                    break
                }
            }
        }
        let last = points[points.count - 1]
        let endCurvature = try? CurvatureReport(function: function, at: last.point)
        let nearest = last.point.x.isFinite && last.point.y.isFinite ? function.nearestMinimum(to: last.point) : nil
        return LandscapeRun(method: method, points: points, stop: stop, evaluations: evaluations,
                            endCurvature: endCurvature, nearestMinimum: nearest)
    }

    /// Why `point` counts as diverged, or nil.
    static func divergence(_ point: LandscapePoint, _ gradient: SIMD2<Double>, _ radius: Double) -> String? {
        let p = point.point
        if !(p.x.isFinite && p.y.isFinite) { return "the point became non-finite" }
        if !point.value.isFinite || !(gradient.x.isFinite && gradient.y.isFinite) {
            return "f or its gradient overflowed"
        }
        if max(abs(p.x), abs(p.y)) > radius { return "left the box |x|, |y| ≤ \(TermFormat.number(radius))" }
        return nil
    }
}
