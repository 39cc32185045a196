import Descent
import Foundation
import Plot

/// The pictures of an evaluation: the reliability diagram with the rows per confidence bin
/// (classification) and the residuals against the predictions with their histogram (regression).
public enum EvaluationCharts {
    /// The curve of one model's calibration bins (the non-empty ones).
    public static func curve(_ calibration: Calibration, name: String) -> ReliabilityCurve {
        let bins = calibration.bins.filter { $0.count > 0 }
        return ReliabilityCurve(name: name, confidence: bins.map { $0.meanConfidence ?? .nan }, accuracy: bins.map { $0.accuracy ?? .nan })
    }

    /// Accuracy against confidence per bin for the model (and the linear model when given), the
    /// diagonal labelled, the model's ECE in the title; then the model's rows per bin, on a log
    /// count axis when the counts span more than a decade. Empty without a calibration.
    public static func calibration(_ model: ScoreReport, linear: ScoreReport?) -> [any Chart] {
        guard let calibration = model.calibration else { return [] }
        var curves = [curve(calibration, name: "model")]
        if let other = linear?.calibration { curves.append(curve(other, name: "linear model")) }
        let ece = String(format: "%.3f", calibration.expectedCalibrationError)
        let diagram = ReliabilityDiagram(title: "Reliability diagram (model ECE \(ece))", curves: curves)
        let edges = [calibration.bins.first?.lower ?? 0] + calibration.bins.map(\.upper)
        let counts = calibration.bins.map { Double($0.count) }
        let positive = counts.filter { $0 > 0 }
        let logCounts = (positive.max() ?? 1) > 10 * (positive.min() ?? 1)
        let histogram = Histogram(title: "Rows per confidence bin (model)", xLabel: "top-class confidence", yLabel: logCounts ? "rows (log scale)" : "rows",
                                  bins: HistogramBins(edges: edges, counts: counts), logCounts: logCounts)
        return [diagram, histogram]
    }

    /// The residuals y − ŷ against ŷ, one colour per output column (up to 8), with the zero line;
    /// then their histogram (the columns drawn, pooled), 0 marked. Empty without a residual sample.
    public static func residuals(_ report: ScoreReport, outputNames: [String] = []) -> [any Chart] {
        guard let sample = report.residuals, !sample.rows.isEmpty else { return [] }
        let k = sample.outputCount, shown = min(k, 8)
        let series = (0..<shown).map { column in
            ScatterSeries(name: column < outputNames.count ? outputNames[column] : "output \(column + 1)",
                          x: stride(from: column, to: sample.predictions.count, by: k).map { sample.predictions[$0] },
                          y: stride(from: column, to: sample.residuals.count, by: k).map { sample.residuals[$0] })
        }
        let zero = ReferenceLine(value: 0, label: "residual 0")
        let scatter = ScatterPlot(title: "Residuals against predictions", xLabel: "prediction ŷ", yLabel: "residual y − ŷ",
                                  series: series, referenceLines: [zero])
        let pooled = series.flatMap(\.y)
        let bins = max(10, min(40, Int(Double(pooled.count).squareRoot().rounded())))
        let histogram = Histogram(title: "Distribution of the residuals", xLabel: "residual y − ŷ", yLabel: "rows",
                                  bins: HistogramBins(values: pooled, binCount: bins))
        return [scatter, histogram]
    }
}
