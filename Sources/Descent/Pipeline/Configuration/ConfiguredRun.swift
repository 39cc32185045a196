extension TrainingRun {
    /// The run `configuration` describes on its prepared data (`configuration.data.prepare(seed:)`),
    /// with curvature tracking when configured. Transfer learning (`initFrom`,
    /// `frozenLinearLayers`) is the caller's to apply: `initialize(from:path:)` on a fresh run,
    /// `freezeLinearLayers(_:)` on a fresh or a resumed one. The configuration is stored in the
    /// run's checkpoints. Throws as `init(data:spec:method:settings:seed:)` does, and
    /// `TrainingRunError.precisionMismatch` when `Scalar` is not the configured precision.
    public convenience init(configuration: RunConfiguration, data: PreparedData) throws {
        guard Precision(of: Scalar.self) == configuration.precision else {
            throw TrainingRunError.precisionMismatch(configured: configuration.precision, requested: Precision(of: Scalar.self))
        }
        try self.init(data: data, spec: configuration.spec, method: configuration.method, settings: configuration.settings,
                      seed: configuration.seed)
        self.configuration = configuration
        curvature = try configuration.curvature?.tracker(data, seed: configuration.seed)
    }
}
