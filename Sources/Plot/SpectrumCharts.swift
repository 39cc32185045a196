import Foundation

/// The two pictures of a Hessian spectrum, built so that what matters shows: thousands of
/// eigenvalues near zero, a few hundred small negative ones and a handful of large outliers.
///
/// The eigenvalue axis is symmetric-log (linear within `t` of zero, log beyond, with
/// `t = 10^(⌊log10 |λ|max⌋ − 4)`: four decades below the largest magnitude on each side), the
/// count axis is log10 so a bar of one is as visible as a bar of thousands; λmin and λmax are
/// labelled lines and the bulk (the 5th to 95th percentile, 90 % of the eigenvalues) a band; the
/// axis label counts the eigenvalues below, at (|λ| ≤ |λ|max·n·ε) and above zero.
/// The density (stochastic Lanczos quadrature) is drawn on a log density axis, as PyHessian does.
public enum SpectrumCharts {
    /// The symmetric-log threshold for eigenvalues of largest magnitude `magnitude`.
    public static func threshold(largestMagnitude magnitude: Double) -> Double {
        guard magnitude.isFinite, magnitude > 0 else { return 1 }
        return pow(10, (log10(magnitude)).rounded(.down) - 4)
    }

    /// The histogram of `eigenvalues` (non-finite ones are left out).
    public static func histogram(eigenvalues: [Double], title: String, binCount: Int = 61) -> Histogram {
        let values = eigenvalues.filter(\.isFinite).sorted()
        let magnitude = values.map { abs($0) }.max() ?? 1
        let scale = ScaleKind.symmetricLog(threshold: threshold(largestMagnitude: magnitude))
        var markers: [ReferenceLine] = []
        var spans: [Span] = []
        if let low = values.first, let high = values.last {
            markers = [ReferenceLine(value: low, label: "λmin = \(number(low))", color: Palette.color(1), vertical: true),
                       ReferenceLine(value: high, label: "λmax = \(number(high))", color: Palette.color(2), vertical: true)]
            let lower = values[Int(Double(values.count - 1) * 0.05)], upper = values[Int(Double(values.count - 1) * 0.95)]
            spans = [Span(range: lower...max(upper, lower), label: "bulk: 90% in [\(number(lower)), \(number(upper))]")]
        }
        // Zero as SpectrumSummary counts it: |λ| ≤ |λ|max·n·ε.
        let tolerance = magnitude * Double(values.count) * Double.ulpOfOne
        let negative = values.filter { $0 < -tolerance }.count, positive = values.filter { $0 > tolerance }.count
        let counts = "\(values.count) eigenvalues: \(negative) < 0, \(values.count - negative - positive) ≈ 0, \(positive) > 0"
        return Histogram(title: title, xLabel: "eigenvalue λ (symmetric log); " + counts, yLabel: "count (log)",
                         bins: HistogramBins(values: values, binCount: min(binCount, max(1, values.count)), scale: scale),
                         barsName: "\(values.count) eigenvalues, \(negative) negative", logCounts: true,
                         xScale: scale, markers: markers, spans: spans)
    }

    /// The spectral density on a log density axis, with λmin and λmax (the extreme Ritz values)
    /// marked when known.
    public static func density(grid: [Double], density: [Double], lambdaMin: Double?, lambdaMax: Double?,
                               title: String, name: String = "stochastic Lanczos quadrature") -> Histogram {
        var markers: [ReferenceLine] = []
        if let lambdaMin, lambdaMin.isFinite {
            markers.append(ReferenceLine(value: lambdaMin, label: "λmin ≈ \(number(lambdaMin))", color: Palette.color(1), vertical: true))
        }
        if let lambdaMax, lambdaMax.isFinite {
            markers.append(ReferenceLine(value: lambdaMax, label: "λmax ≈ \(number(lambdaMax))", color: Palette.color(2), vertical: true))
        }
        return Histogram(title: title, xLabel: "eigenvalue λ", yLabel: "density (log)", logCounts: true,
                         densities: [DensityCurve(name: name, x: grid, density: density)], markers: markers)
    }

    /// Four significant digits, a true minus sign.
    static func number(_ value: Double) -> String {
        String(format: "%.4g", value).replacingOccurrences(of: "-", with: "−")
    }
}
