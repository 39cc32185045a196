import Linalg

/// Drives Descent's optimizers — the same `Optimizer` implementations that train networks — over
/// a test function: the point (x, y) is a flat parameter vector of length two.
///
/// Each step: g̃ = ∇f(pₖ) + σ·ξₖ (ξₖ ~ N(0, I) from `RandomGenerator(seed:)`, two normals per step,
/// drawn only when σ > 0), then `optimizer.step(parameters: p, gradient: g̃)`, then f and ∇f at the
/// new point are recorded. The run stops after `settings.steps` updates, when ‖∇f(pₖ)‖ < tolerance
/// (checked at the start too), or when the point diverges: a non-finite coordinate, value or gradient,
/// or |x| or |y| beyond the escape radius. Divergence is a result, recorded with the point reached.
public enum LandscapeRunner {
    /// Runs the optimizer `configuration` describes on `function` from `start`. Throws
    /// `OptimizerError` for an invalid configuration and `LandscapeError` for invalid settings.
    public static func run(_ function: any TestFunction, from start: SIMD2<Double>,
                           configuration: OptimizerConfiguration, settings: LandscapeSettings) throws -> LandscapeRun {
        try configuration.validate()
        var optimizer: any Optimizer<Double> = configuration.makeOptimizer(parameterCount: 2)
        return try run(function, from: start, optimizer: &optimizer, configuration: configuration, settings: settings)
    }

    /// Runs a given optimizer (for callers that configure one by hand); `configuration` is what
    /// the record reports of it.
    public static func run<O: Optimizer<Double>>(_ function: any TestFunction, from start: SIMD2<Double>,
                                                 optimizer: inout O, configuration: OptimizerConfiguration,
                                                 settings: LandscapeSettings) throws -> LandscapeRun {
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
        if let reason = divergence(points[0], gradient, settings.escapeRadius) {
            stop = .diverged(reason: reason)
        } else if points[0].gradientNorm < settings.tolerance {
            stop = .tolerance
        } else {
            var step = 0
            while step < settings.steps {
                step += 1
                var seen = [gradient.x, gradient.y]
                if settings.noise > 0 {
                    seen[0] += settings.noise * random.normal()
                    seen[1] += settings.noise * random.normal()
                }
                parameters.withUnsafeMutableBufferPointer { p in
                    seen.withUnsafeBufferPointer { optimizer.step(parameters: p, gradient: $0) }
                }
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
        return LandscapeRun(configuration: configuration, points: points, stop: stop,
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

/// Several optimizers run on one function from one start with one set of settings — what
/// `descent landscape` reports — with the curvature at the start.
public struct LandscapeExperiment: Sendable {
    /// The test function.
    public var function: any TestFunction
    /// The common start.
    public var start: SIMD2<Double>
    /// The common settings (the noise seed included: every run sees the same draws).
    public var settings: LandscapeSettings
    /// One run per optimizer, in the order given.
    public var runs: [LandscapeRun]
    /// The Hessian's spectrum at the start; nil when it is not finite there.
    public var startCurvature: CurvatureReport?

    /// Runs every configuration. Throws as `LandscapeRunner.run` does.
    public init(function: any TestFunction, start: SIMD2<Double>, configurations: [OptimizerConfiguration],
                settings: LandscapeSettings) throws {
        self.function = function
        self.start = start
        self.settings = settings
        runs = try configurations.map {
            try LandscapeRunner.run(function, from: start, configuration: $0, settings: settings)
        }
        startCurvature = try? CurvatureReport(function: function, at: start)
    }
}
