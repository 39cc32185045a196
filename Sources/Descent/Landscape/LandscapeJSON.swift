/// An experiment as one JSON object, keys in a fixed order:
///
///     {"function", "formula", "start": [x, y], "settings": {"steps", "tol", "noise", "seed"},
///      "critical_points": [{"x", "y", "f", "kind"}], "start_curvature": CURV,
///      "runs": [{"optimizer", "lr", "settings": {PyTorch name: value text}, "steps", "evaluations",
///                "steps_to_tolerance", "stopped", "diverged", "divergence", "stall",
///                "final": {"x", "y", "f", "grad_norm"}, "nearest_minimum": {"x", "y"},
///                "distance_to_minimum", "end_curvature": CURV}]}
///
/// with CURV = {"eigenvalues": [λ₁, λ₂], "condition_number", "negative_eigenvalues"} or null.
/// Non-finite numbers (an infinite condition number, a diverged point) are null.
public enum LandscapeJSON {
    /// The JSON text of `experiment`, without a trailing newline.
    public static func text(_ experiment: LandscapeExperiment) -> String {
        let settings = experiment.settings
        return JSONText.object([
            ("function", JSONText.quoted(experiment.function.name)),
            ("formula", JSONText.quoted(experiment.function.formula)),
            ("start", point(experiment.start)),
            ("settings", JSONText.object([
                ("steps", String(settings.steps)), ("tol", JSONText.number(settings.tolerance)),
                ("noise", JSONText.number(settings.noise)), ("seed", String(settings.seed)),
            ])),
            ("critical_points", JSONText.array(experiment.function.criticalPoints.map { critical in
                JSONText.object([
                    ("x", JSONText.number(critical.point.x)), ("y", JSONText.number(critical.point.y)),
                    ("f", JSONText.number(critical.value)), ("kind", JSONText.quoted(critical.kind.rawValue)),
                ])
            })),
            ("start_curvature", curvature(experiment.startCurvature)),
            ("runs", JSONText.array(experiment.runs.map(run))),
        ])
    }

    static func run(_ run: LandscapeRun) -> String {
        let final = run.final
        var divergence = "null"
        if case let .diverged(reason) = run.stop { divergence = JSONText.quoted(reason) }
        var stall = "null"
        if case let .stalled(reason) = run.stop { stall = JSONText.quoted(reason) }
        return JSONText.object([
            ("optimizer", JSONText.quoted(run.name)),
            ("lr", JSONText.number(run.learningRate)),
            ("settings", JSONText.object(run.method.settings.map { ($0.name, JSONText.quoted($0.value)) })),
            ("steps", String(run.stepsTaken)),
            ("evaluations", String(run.evaluations)),
            ("steps_to_tolerance", run.stepsToTolerance.map(String.init) ?? "null"),
            ("stopped", JSONText.quoted(run.stop.label)),
            ("diverged", String(run.diverged)),
            ("divergence", divergence),
            ("stall", stall),
            ("final", JSONText.object([
                ("x", JSONText.number(final.point.x)), ("y", JSONText.number(final.point.y)),
                ("f", JSONText.number(final.value)), ("grad_norm", JSONText.number(final.gradientNorm)),
            ])),
            ("nearest_minimum", run.nearestMinimum.map {
                JSONText.object([("x", JSONText.number($0.minimum.point.x)), ("y", JSONText.number($0.minimum.point.y))])
            } ?? "null"),
            ("distance_to_minimum", run.nearestMinimum.map { JSONText.number($0.distance) } ?? "null"),
            ("end_curvature", curvature(run.endCurvature)),
        ])
    }

    static func point(_ p: SIMD2<Double>) -> String {
        JSONText.array([JSONText.number(p.x), JSONText.number(p.y)])
    }

    static func curvature(_ report: CurvatureReport?) -> String {
        guard let report else { return "null" }
        return JSONText.object([
            ("eigenvalues", JSONText.array(report.eigenvalues.map(JSONText.number))),
            ("condition_number", JSONText.number(report.conditionNumber)),
            ("negative_eigenvalues", String(report.spectrum.negativeCount)),
        ])
    }
}
