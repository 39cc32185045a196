import Descent
import Foundation
import Plot

/// The pictures of one training run from its history: loss, accuracy (or RMSE) and, when the run
/// tracked curvature, sharpness against the stability line; the epoch whose weights were kept
/// (early stopping's best epoch) is a labelled vertical line on each.
public enum TrainingCharts {
    /// Loss and accuracy (or RMSE) against epoch, training and validation, then the sharpness
    /// panel when the history has λmax. `bestEpoch` is the restored epoch, if any.
    public static func panels(_ history: TrainingHistory, bestEpoch: Int? = nil, momentum: Double? = nil) -> [any Chart] {
        let epochs = history.records.map { Double($0.epoch) }
        let classification = history.records.contains { $0.trainAccuracy != nil }
        func series(_ name: String, _ values: [Double?], dashed: Bool = false) -> LineSeries? {
            guard values.contains(where: { $0 != nil }) else { return nil }
            return LineSeries(name: name, x: epochs, y: values.map { $0 ?? .nan }, style: dashed ? .dashed : .solid)
        }
        let best = bestEpoch.map { [ReferenceLine(value: Double($0), label: "best epoch \($0) (restored)", color: Palette.color(2), vertical: true)] } ?? []
        let records = history.records
        let loss = LineChart(title: "Loss", xLabel: "epoch", yLabel: classification ? "cross-entropy" : "MSE", yScale: .logarithmic,
                             series: [series("training", records.map(\.trainLoss)),
                                      series("validation", records.map(\.validationLoss), dashed: true)].compactMap { $0 },
                             referenceLines: best)
        let second: LineChart
        if classification {
            second = LineChart(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy",
                               series: [series("training", records.map(\.trainAccuracy)),
                                        series("validation", records.map(\.validationAccuracy), dashed: true)].compactMap { $0 },
                               referenceLines: best, yBounds: 0...1)
        } else {
            second = LineChart(title: "RMSE", xLabel: "epoch", yLabel: "RMSE", yScale: .logarithmic,
                               series: [series("training", records.map(\.trainRMSE)),
                                        series("validation", records.map(\.validationRMSE), dashed: true)].compactMap { $0 },
                               referenceLines: best)
        }
        return [loss, second] + (sharpness(history, momentum: momentum).map { [$0] } ?? []) + subspace(history)
    }

    /// Where the gradient lives, per measured epoch: the share ‖P_k g‖²/‖g‖² of the full-batch
    /// gradient in the top-k Hessian eigenspace on [0, 1] (Gur-Ari et al. 2018 find it near 1 after
    /// a few epochs: gradient descent happens in a tiny subspace), and the saddle index (negative
    /// eigenvalues among the k smallest) on its own panel. Empty when neither was tracked.
    public static func subspace(_ history: TrainingHistory) -> [any Chart] {
        let measured = history.records.filter { $0.subspaceFraction != nil || $0.saddleIndex != nil }
        guard !measured.isEmpty else { return [] }
        let epochs = measured.map { Double($0.epoch) }
        let fraction = LineChart(title: "Gradient in the top Hessian eigenspace", xLabel: "epoch", yLabel: "‖P_k g‖² / ‖g‖²",
                                 series: [LineSeries(name: "top-k share of ‖g‖²", x: epochs, y: measured.map { $0.subspaceFraction ?? .nan })],
                                 yBounds: 0...1)
        let saddle = LineChart(title: "Saddle index: λ < 0 of k smallest", xLabel: "epoch", yLabel: "count of λ < 0",
                               series: [LineSeries(name: "saddle index", x: epochs, y: measured.map { $0.saddleIndex.map(Double.init) ?? .nan })],
                               yBounds: 0...Double(max(1, measured.compactMap(\.saddleIndex).max() ?? 1)))
        return [fraction, saddle]
    }

    /// λmax (and λmin) per measured epoch against the stability line of gradient descent, or nil
    /// when no epoch has a λmax.
    ///
    /// For GD with step η on a quadratic, the iterate along an eigendirection of curvature λ is
    /// multiplied by 1 − ηλ each step: stable while λ < 2/η. With heavy-ball momentum μ the bound
    /// is λ < (2 + 2μ)/η. Cohen et al. (2021) observe λmax rising to that line and hovering there —
    /// the edge of stability. The line uses the learning rate of the last measured epoch; for
    /// adaptive rules (Adam, RMSprop) it is a reference only, since their steps are preconditioned.
    /// When the line lies more than 30× above λmax the y axis is symmetric-log, so both show.
    public static func sharpness(_ history: TrainingHistory, momentum: Double? = nil) -> LineChart? {
        let measured = history.records.filter { $0.lambdaMax != nil }
        guard let rate = measured.last?.learningRate, rate > 0 else { return nil }
        let epochs = measured.map { Double($0.epoch) }
        let lambdaMax = measured.map { $0.lambdaMax ?? .nan }
        var series = [LineSeries(name: "λmax", x: epochs, y: lambdaMax)]
        if measured.contains(where: { $0.lambdaMin != nil }) {
            series.append(LineSeries(name: "λmin", x: epochs, y: measured.map { $0.lambdaMin ?? .nan }, style: .dashed))
        }
        var lines = [ReferenceLine(value: 2 / rate, label: "2/lr = \(String(format: "%.4g", 2 / rate))")]
        if let momentum, momentum > 0 {
            let bound = (2 + 2 * momentum) / rate
            lines.append(ReferenceLine(value: bound, label: "(2+2μ)/lr = \(String(format: "%.4g", bound))"))
        }
        let smallest = lambdaMax.filter { $0.isFinite && $0 > 0 }.min()
        let yScale: ScaleKind = if let smallest, 2 / rate > 30 * (lambdaMax.filter(\.isFinite).max() ?? smallest) {
            .symmetricLog(threshold: pow(10, log10(smallest).rounded(.down)))
        } else { .linear }
        return LineChart(title: "Sharpness", xLabel: "epoch", yLabel: yScale == .linear ? "Hessian eigenvalue" : "Hessian eigenvalue (symmetric log)",
                         yScale: yScale, series: series, referenceLines: lines)
    }
}
