import Descent
import Plot

/// The third panel of `descent train --plot` with `--curvature-every`: λmax per measured epoch
/// against the stability line of gradient descent.
///
/// For GD with step η on a quadratic, the iterate along an eigendirection of curvature λ is
/// multiplied by 1 − ηλ each step: stable while λ < 2/η. With heavy-ball momentum μ the bound is
/// λ < (2 + 2μ)/η. Cohen et al. (2021) observe λmax rising to that line and hovering there — the
/// edge of stability. The line uses the base learning rate; for adaptive rules (Adam, RMSprop) it
/// is a reference only, since their effective steps are preconditioned.
enum SharpnessPanel {
    /// The chart, or nil when no epoch has a λmax.
    static func chart(_ history: TrainingHistory, optimizer: OptimizerConfiguration) -> LineChart? {
        let measured = history.records.filter { $0.lambdaMax != nil }
        guard !measured.isEmpty else { return nil }
        let epochs = measured.map { Double($0.epoch) }
        var series = [LineSeries(name: "λmax", x: epochs, y: measured.map { $0.lambdaMax ?? .nan })]
        if measured.contains(where: { $0.lambdaMin != nil }) {
            series.append(LineSeries(name: "λmin", x: epochs, y: measured.map { $0.lambdaMin ?? .nan }, style: .dashed))
        }
        let rate = optimizer.learningRate
        var lines = [ReferenceLine(value: 2 / rate, label: "2/lr = \(String(format: "%.4g", 2 / rate))")]
        let usesMomentum = [.sgd, .momentum, .nesterov].contains(optimizer.kind) && optimizer.momentum > 0
        if usesMomentum {
            let bound = (2 + 2 * optimizer.momentum) / rate
            lines.append(ReferenceLine(value: bound, label: "(2+2μ)/lr = \(String(format: "%.4g", bound))"))
        }
        return LineChart(title: "Sharpness", xLabel: "epoch", yLabel: "Hessian eigenvalue", series: series, referenceLines: lines)
    }
}
