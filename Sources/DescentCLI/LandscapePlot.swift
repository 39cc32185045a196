import Descent
import Plot

/// The contour picture of a landscape experiment: f on log-spaced levels over the plotting box,
/// each optimizer's path in its own colour with a legend entry, the start and the known critical
/// points marked. Descent computes the grid; Plot only draws.
enum LandscapePlot {
    /// The SVG document for `experiment` over `box`.
    static func svg(_ experiment: LandscapeExperiment, box: PlotBox, width: Double = 720, height: Double = 600) -> String {
        let function = experiment.function
        let grid = LandscapeGrid(function: function, box: box, columns: 181, rows: 181)
        let trajectories = experiment.runs.map { run in
            Trajectory(name: legendName(run), x: run.points.map(\.point.x), y: run.points.map(\.point.y))
        }
        var markers = function.criticalPoints.map { critical in
            PointMarker(x: critical.point.x, y: critical.point.y, label: label(critical.kind),
                        shape: critical.kind == .globalMinimum || critical.kind == .localMinimum ? .star : .cross)
        }
        markers.append(PointMarker(x: experiment.start.x, y: experiment.start.y, label: "start", shape: .circle))
        let plot = ContourPlot(title: "\(function.name): f(x, y) = \(function.formula)", x: grid.x, y: grid.y,
                               values: grid.values, levels: ContourLevels.logSpaced(covering: grid.values, count: 20),
                               trajectories: trajectories, markers: markers)
        return plot.svg(width: width, height: height)
    }

    /// "adam (lr 0.1)", with the step count and ", diverged" when it did.
    static func legendName(_ run: LandscapeRun) -> String {
        let stopped = run.diverged ? ", diverged" : (run.stop.label == "stalled" ? ", stalled" : "")
        var damping = ""
        if case let .secondOrder(settings) = run.method, settings.method == .newton, settings.damping > 0 {
            damping = ", δ \(LandscapeFormat.number(settings.damping))"
        }
        return "\(run.name) (lr \(LandscapeFormat.number(run.learningRate))\(damping), \(run.stepsTaken) steps\(stopped))"
    }

    static func label(_ kind: CriticalPoint.Kind) -> String {
        switch kind {
        case .globalMinimum: return "minimum"
        case .localMinimum: return "local minimum"
        case .saddle: return "saddle"
        case .maximum: return "maximum"
        }
    }
}

/// Numbers for the landscape command's own messages.
enum LandscapeFormat {
    /// The shortest round-trip form, "0.01", "1e-06".
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
