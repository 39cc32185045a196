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

    /// Runs every method. Throws as `LandscapeRunner.run` does.
    public init(function: any TestFunction, start: SIMD2<Double>, methods: [TrainingMethod], settings: LandscapeSettings) throws {
        self.function = function
        self.start = start
        self.settings = settings
        runs = try methods.map {
            try LandscapeRunner.run(function, from: start, method: $0, settings: settings)
        }
        startCurvature = try? CurvatureReport(function: function, at: start)
    }

    /// Runs every first-order configuration. Throws as `LandscapeRunner.run` does.
    public init(function: any TestFunction, start: SIMD2<Double>, configurations: [OptimizerConfiguration],
                settings: LandscapeSettings) throws {
        try self.init(function: function, start: start, methods: configurations.map { .firstOrder($0) }, settings: settings)
    }
}
