import Foundation

/// An experiment as text for a terminal: the function, the start and the Hessian there, the
/// settings, then one row per optimizer —
///
///     optimizer  lr  steps  evals  to_tol  final_f  grad_norm  distance  diverged  end_eigenvalues  end_kappa
///
/// where `evals` counts the evaluations of f and ∇f the updates used (L-BFGS's line search takes
/// several per step), `to_tol` is the number of updates until ‖∇f‖ < tol ("-" if never), `distance` is to the
/// nearest known minimum ("-" if the function has none), and the last two are the Hessian's
/// eigenvalues and condition number |λ|max/|λ|min at the final point.
public enum LandscapeTable {
    /// The report, newline-terminated.
    public static func text(_ experiment: LandscapeExperiment) -> String {
        let function = experiment.function, start = experiment.start, settings = experiment.settings
        var lines = ["\(function.name): f(x, y) = \(function.formula)"]
        let startValue = function.value(at: start), startGradient = Landscape.norm(function.gradient(at: start))
        lines.append("start (\(number(start.x)), \(number(start.y))): f = \(number(startValue)), ‖∇f‖ = \(number(startGradient))")
        lines.append("Hessian at start: \(curvature(experiment.startCurvature))")
        let minima = function.knownMinima.map { "(\(number($0.point.x)), \(number($0.point.y)))" }
        lines.append("known minima: " + (minima.isEmpty ? "none (unbounded below)" : minima.joined(separator: ", ")))
        let noise = settings.noise > 0 ? "gradient noise σ = \(number(settings.noise)) (seed \(settings.seed))" : "no noise"
        lines.append("at most \(settings.steps) steps, stop at ‖∇f‖ < \(number(settings.tolerance)), \(noise)")
        lines.append("")
        let header = ["optimizer", "lr", "steps", "evals", "to_tol", "final_f", "grad_norm", "distance", "diverged", "end_eigenvalues", "end_kappa"]
        var rows = [header]
        for run in experiment.runs {
            rows.append([
                run.name, number(run.learningRate), String(run.stepsTaken), String(run.evaluations),
                run.stepsToTolerance.map(String.init) ?? "-", number(run.final.value), number(run.final.gradientNorm),
                run.nearestMinimum.map { number($0.distance) } ?? "-", run.diverged ? "yes" : (run.stop.label == "stalled" ? "stalled" : "no"),
                run.endCurvature.map { $0.eigenvalues.map(number).joined(separator: ", ") } ?? "-",
                run.endCurvature.map { number($0.conditionNumber) } ?? "-",
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            lines.append(cells.joined(separator: "  "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "eigenvalues 2, 802 (condition number 401, 0 negative)".
    static func curvature(_ report: CurvatureReport?) -> String {
        guard let report else { return "not finite" }
        let values = report.eigenvalues.map(number).joined(separator: ", ")
        return "eigenvalues \(values) (condition number \(number(report.conditionNumber)), \(report.spectrum.negativeCount) negative)"
    }

    /// Six significant digits: 0.000123457, 1.23457e+06, inf, nan.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        return String(format: "%.6g", value)
    }
}
