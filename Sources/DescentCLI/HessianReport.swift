import Descent
import Foundation
import Linalg
import Plot

/// What `descent hessian` found, and its text, JSON, CSV and SVG forms.
struct HessianReport {
    /// n.
    var parameters: Int
    /// The full spectrum (default mode, and every test function).
    var full: HessianSpectrum?
    /// The Lanczos extremes (`--top K`).
    var lanczos: LanczosResult?
    /// Hutchinson's estimate (`--trace`).
    var traceEstimate: TraceEstimate?
    /// The SLQ density (`--density`).
    var density: SpectralDensity?
    /// Lines above the numbers: what H is the Hessian of.
    var header: [String] = []
    /// What H is the Hessian of, for the JSON record.
    var subject = Subject.none
    /// How the numbers were computed.
    var method = "analytic 2×2 Hessian; dsyevd, dgesdd"
    /// Hessian-vector products used (nil for an analytic Hessian).
    var productCount: Int?
    /// Wall-clock seconds of the analysis.
    var seconds: Double?
    /// Where the seconds went.
    var timing = HessianTiming()

    init(parameters: Int, full: HessianSpectrum? = nil) {
        self.parameters = parameters
        self.full = full
    }

    /// "%.10g", with ∞ and nan spelled out.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "∞" : "−∞" }
        return String(format: "%.10g", x)
    }

    /// λmax: from the full spectrum, else the largest Ritz value.
    var lambdaMax: Double? { full?.summary.lambdaMax ?? lanczos?.largest.first?.value }
    /// λmin: from the full spectrum, else the smallest Ritz value.
    var lambdaMin: Double? { full?.summary.lambdaMin ?? lanczos?.smallest.first?.value }

    /// The eigenvalues `--spectrum` writes and `--plot` draws: all, or the Ritz values found.
    var plottedEigenvalues: [Double] {
        if let full { return full.eigenvalues }
        guard let lanczos else { return [] }
        return Set(lanczos.smallest.map(\.value) + lanczos.largest.map(\.value)).sorted()
    }

    var spectrumCount: Int { plottedEigenvalues.count }

    /// CSV: `index,eigenvalue` ascending for the full spectrum; `which,rank,eigenvalue,residual`
    /// for the Lanczos pairs.
    var spectrumCSV: String {
        if let full {
            return (["index,eigenvalue"] + full.eigenvalues.enumerated().map { "\($0.offset),\($0.element)" }).joined(separator: "\n") + "\n"
        }
        guard let lanczos else { return "" }
        var lines = ["which,rank,eigenvalue,residual"]
        for (rank, pair) in lanczos.largest.enumerated() { lines.append("largest,\(rank + 1),\(pair.value),\(pair.residual)") }
        for (rank, pair) in lanczos.smallest.enumerated() { lines.append("smallest,\(rank + 1),\(pair.value),\(pair.residual)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The signed spectrum as a histogram (symmetric-log eigenvalues, log counts), or the SLQ
    /// density on a log axis.
    func svg(title: String) -> String {
        if let density {
            return SpectrumCharts.density(grid: density.grid, density: density.density, lambdaMin: lambdaMin, lambdaMax: lambdaMax,
                                          title: title + ": spectral density (SLQ)").svg()
        }
        return SpectrumCharts.histogram(eigenvalues: plottedEigenvalues, title: title + ": Hessian spectrum").svg()
    }

    /// The report as text: one quantity per line.
    var text: String {
        var lines = header
        var parts = [method]
        if let productCount { parts.append("\(productCount) Hessian-vector products") }
        if let seconds { parts.append(String(format: "%.2f s", seconds)) }
        lines.append(parts.joined(separator: "; "))
        if !timing.text.isEmpty { lines.append("time: " + timing.text) }
        func row(_ name: String, _ value: String) { lines.append(name.padding(toLength: 24, withPad: " ", startingAt: 0) + value) }
        let f = Self.number
        row("parameters n", String(parameters))
        if let full {
            let s = full.summary
            row("λmax", f(s.lambdaMax))
            row("λmin", f(s.lambdaMin))
            row("|λ|max/|λ|min", f(s.conditionNumber) + (s.nearZeroCount > 0 ? "  (over the non-zero part: \(f(s.nonzeroConditionNumber)))" : ""))
            row("σmax/σmin", f(full.singularConditionNumber) + (full.singularValuesByGesdd ? "  (dgesdd)" : "  (|λ|)"))
            row("λmax/λ⁺min", f(s.positiveConditionNumber) + "  (over the positive eigenvalues)")
            row("eigenvalues", "\(s.negativeCount) negative, \(s.nearZeroCount) near zero, \(s.positiveCount) positive  (|λ| ≤ \(String(format: "%.3g", s.tolerance)) = |λ|max·n·ε counts as zero)")
            row("saddle index", "\(s.negativeCount)" + (s.negativeCount == 0 ? (s.nearZeroCount == 0 ? "  (positive definite: a strict local minimum)" : "  (positive semi-definite)") : "  (directions of negative curvature)"))
            row("trace", f(s.trace))
            row("‖H‖F", f(full.frobeniusNorm))
            row("asymmetry", full.asymmetry.map { String(format: "%.3g", $0) + "  (‖H − Hᵀ‖F/‖H‖F before symmetrizing)" } ?? "0 (analytic, symmetric)")
        }
        if let lanczos {
            row("λmax", f(lanczos.largest[0].value))
            row("λmin", f(lanczos.smallest[0].value))
            let magnitude = max(abs(lanczos.largest[0].value), abs(lanczos.smallest[0].value))
            row("|λ|max", f(magnitude) + "  (|λ|min and the condition number need the full spectrum)")
            row("Lanczos", LanczosSummary.text(lanczos))
            lines.append("largest eigenvalues      residual ‖Hv − λv‖")
            for (rank, pair) in lanczos.largest.enumerated() { lines.append("  \(String(rank + 1).leftPadded(to: 3))  \(f(pair.value).leftPadded(to: 18))  \(String(format: "%.2e", pair.residual))") }
            lines.append("smallest eigenvalues     residual ‖Hv − λv‖")
            for (rank, pair) in lanczos.smallest.enumerated() { lines.append("  \(String(rank + 1).leftPadded(to: 3))  \(f(pair.value).leftPadded(to: 18))  \(String(format: "%.2e", pair.residual))") }
        }
        if let traceEstimate {
            row("trace (Hutchinson)", "\(f(traceEstimate.estimate)) ± \(String(format: "%.3g", traceEstimate.standardError)) (standard error, \(traceEstimate.sampleCount) Rademacher vectors)")
        }
        if let density {
            let peak = zip(density.grid, density.density).max { $0.1 < $1.1 }
            row("density (SLQ)", "\(density.nodes.first?.count ?? 0) Lanczos nodes on [\(f(density.grid.first ?? .nan)), \(f(density.grid.last ?? .nan))], peak at λ ≈ \(f(peak?.0 ?? .nan))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What H is the Hessian of.
    enum Subject {
        case none
        /// A model's objective over `rows` rows of `data` (in Double, evaluation mode).
        case model(path: String, data: String, rows: Int, trainedPrecision: String, l2: Double, l1: Double)
        /// A 2-D test function at a point, with its analytic Hessian.
        case function(name: String, at: [Double], hessian: [[Double]], value: Double, gradient: [Double])
    }

    /// The JSON record (see `HessianRecord`): every key present, null for what was not computed.
    var record: HessianRecord {
        var record = HessianRecord(parameters: parameters, full: full, lanczos: lanczos, traceEstimate: traceEstimate)
        switch subject {
        case .none: break
        case let .model(path, data, rows, trainedPrecision, l2, l1):
            (record.model, record.data, record.rows) = (path, data, rows)
            (record.mode, record.precision, record.trainedPrecision) = ("evaluation", "double", trainedPrecision)
            (record.l2, record.l1) = (l2, l1)
        case let .function(name, at, hessian, value, gradient):
            (record.function, record.at, record.hessian) = (name, at, hessian)
            (record.value, record.gradient) = (value, gradient)
            record.determinant = hessian[0][0] * hessian[1][1] - hessian[0][1] * hessian[1][0]
        }
        record.hessianVectorProducts = productCount
        record.seconds = seconds
        if productCount != nil {
            record.productSeconds = timing.productSeconds
            record.lanczosSeconds = timing.lanczosSeconds
            record.lanczosOverheadSeconds = timing.lanczosOverheadSeconds
            record.assemblySeconds = timing.assemblySeconds
            record.eigensolverSeconds = timing.eigensolverSeconds
            record.eigensolver = timing.eigensolver
        }
        return record
    }
}
