/// An experiment as one JSON line of type "landscape" (see `LandscapeRecord` for the keys).
public enum LandscapeJSON {
    /// The JSON text of `experiment`, without a trailing newline.
    public static func text(_ experiment: LandscapeExperiment) throws -> String {
        try LandscapeRecord(experiment).jsonLine()
    }
}

/// The JSON record of a landscape run: one line of type "landscape",
///
///     {"type", "function", "formula", "start": [x, y], "settings": {"steps", "tol", "noise", "seed"},
///      "critical_points": [{"x", "y", "f", "kind"}], "start_curvature": CURV,
///      "runs": [{"optimizer", "lr", "settings": {PyTorch name: value text}, "steps", "evaluations",
///                "steps_to_tolerance", "stopped", "diverged", "divergence", "stall",
///                "final": {"x", "y", "f", "grad_norm"}, "nearest_minimum": {"x", "y"},
///                "distance_to_minimum", "end_curvature": CURV}]}
///
/// with CURV = {"eigenvalues": [λ₁, λ₂], "condition_number", "negative_eigenvalues"} or null.
/// Every key is present; what does not apply, and every number that is not finite (an infinite
/// condition number, a diverged point), is null.
public struct LandscapeRecord: JSONRecord {
    /// "landscape".
    public let type = "landscape"
    /// The test function's name.
    public var function: String
    /// Its formula.
    public var formula: String
    /// The start point [x, y].
    public var start: [JSONNullable<Double>]
    /// The run settings.
    public var settings: Settings
    /// The function's known critical points.
    public var criticalPoints: [CriticalPoint]
    /// The Hessian's spectrum at the start.
    @JSONNullable public var startCurvature: Curvature?
    /// One entry per optimizer.
    public var runs: [Run]

    /// Steps, tolerance, gradient noise and seed of every run.
    public struct Settings: Encodable {
        /// The most updates per run.
        public var steps: Int
        /// The gradient-norm tolerance.
        @JSONNullable public var tol: Double?
        /// The gradient noise.
        @JSONNullable public var noise: Double?
        /// The noise seed.
        public var seed: UInt64
    }

    /// A point of the plane with a value.
    public struct CriticalPoint: Encodable {
        /// x.
        @JSONNullable public var x: Double?
        /// y.
        @JSONNullable public var y: Double?
        /// f(x, y).
        @JSONNullable public var f: Double?
        /// "minimum", "saddle", …
        public var kind: String
    }

    /// The Hessian's eigenvalues, condition number and saddle index at a point.
    public struct Curvature: Encodable {
        /// λ₁, λ₂.
        public var eigenvalues: [JSONNullable<Double>]
        /// |λ|max/|λ|min.
        @JSONNullable public var conditionNumber: Double?
        /// Eigenvalues below zero.
        public var negativeEigenvalues: Int

        init?(_ report: CurvatureReport?) {
            guard let report else { return nil }
            eigenvalues = report.eigenvalues.map { JSONNullable(wrappedValue: $0) }
            conditionNumber = report.conditionNumber
            negativeEigenvalues = report.spectrum.negativeCount
        }
    }

    /// Where a run ended.
    public struct Final: Encodable {
        /// x.
        @JSONNullable public var x: Double?
        /// y.
        @JSONNullable public var y: Double?
        /// f there.
        @JSONNullable public var f: Double?
        /// ‖∇f‖ there.
        @JSONNullable public var gradNorm: Double?
    }

    /// A point [x, y] as an object.
    public struct Point: Encodable {
        /// x.
        @JSONNullable public var x: Double?
        /// y.
        @JSONNullable public var y: Double?
    }

    /// One optimizer's run.
    public struct Run: Encodable {
        /// The optimizer's name.
        public var optimizer: String
        /// Its learning rate.
        @JSONNullable public var lr: Double?
        /// Its settings under PyTorch's names, values as text.
        public var settings: [String: String]
        /// Updates taken.
        public var steps: Int
        /// Evaluations of f and ∇f.
        public var evaluations: Int
        /// The first step at which ‖∇f‖ < tol.
        @JSONNullable public var stepsToTolerance: Int?
        /// Why it stopped.
        public var stopped: String
        /// Whether it diverged.
        public var diverged: Bool
        /// The divergence's reason.
        @JSONNullable public var divergence: String?
        /// The stall's reason.
        @JSONNullable public var stall: String?
        /// The last iterate.
        public var final: Final
        /// The nearest known minimum.
        @JSONNullable public var nearestMinimum: Point?
        /// The distance to it.
        @JSONNullable public var distanceToMinimum: Double?
        /// The Hessian's spectrum at the end.
        @JSONNullable public var endCurvature: Curvature?

        init(_ run: LandscapeRun) {
            optimizer = run.name
            lr = run.learningRate
            settings = Dictionary(run.method.settings.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            steps = run.stepsTaken
            evaluations = run.evaluations
            stepsToTolerance = run.stepsToTolerance
            stopped = run.stop.label
            diverged = run.diverged
            if case let .diverged(reason) = run.stop { divergence = reason }
            if case let .stalled(reason) = run.stop { stall = reason }
            final = Final(x: run.final.point.x, y: run.final.point.y, f: run.final.value, gradNorm: run.final.gradientNorm)
            nearestMinimum = run.nearestMinimum.map { Point(x: $0.minimum.point.x, y: $0.minimum.point.y) }
            distanceToMinimum = run.nearestMinimum?.distance
            endCurvature = Curvature(run.endCurvature)
        }
    }

    /// The record of `experiment`.
    public init(_ experiment: LandscapeExperiment) {
        function = experiment.function.name
        formula = experiment.function.formula
        start = [experiment.start.x, experiment.start.y].map { JSONNullable(wrappedValue: $0) }
        let s = experiment.settings
        settings = Settings(steps: s.steps, tol: s.tolerance, noise: s.noise, seed: s.seed)
        criticalPoints = experiment.function.criticalPoints.map {
            CriticalPoint(x: $0.point.x, y: $0.point.y, f: $0.value, kind: $0.kind.rawValue)
        }
        startCurvature = Curvature(experiment.startCurvature)
        runs = experiment.runs.map(Run.init)
    }
}
