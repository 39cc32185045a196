/// The iterates of runs as CSV: a header `optimizer,step,x,y,f,grad_norm`, then one row per
/// point of each run in order (step 0 is the start, step k the point after k updates). Numbers
/// are Swift's shortest round-trip form; a diverged point may read `inf` or `nan`.
public enum LandscapeCSV {
    /// The header line's columns.
    public static let columns = ["optimizer", "step", "x", "y", "f", "grad_norm"]

    /// The CSV text of `runs`, newline-terminated.
    public static func text(_ runs: [LandscapeRun]) -> String {
        var lines = [columns.joined(separator: ",")]
        for run in runs {
            for point in run.points {
                lines.append([run.name, String(point.step), "\(point.point.x)", "\(point.point.y)",
                              "\(point.value)", "\(point.gradientNorm)"].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
