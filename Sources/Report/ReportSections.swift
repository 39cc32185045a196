import Descent
import Foundation
import Plot

/// The Hessian section: the condition-number table of `hessian --json` and the spectrum of
/// `hessian --spectrum`.
enum HessianSection {
    static func section(_ summary: HessianSummary?, _ eigenvalues: [Double]?) -> ReportSection {
        var blocks: [ReportBlock] = []
        if let s = summary {
            let f = RunReport.number
            var rows: [[String]] = []
            func row(_ name: String, _ value: Double?, _ note: String) { if let value { rows.append([name, f(value), note]) } }
            row("λmax", s.lambdaMax, "largest eigenvalue")
            row("λmin", s.lambdaMin, "smallest eigenvalue")
            row("|λ|max/|λ|min", s.conditionNumber, "condition number (none when an eigenvalue is zero)")
            row("over the non-zero part", s.nonzeroConditionNumber, "|λ|max/|λ|min over |λ| above the zero tolerance")
            row("λmax/λ⁺min", s.positiveConditionNumber, "over the positive eigenvalues")
            row("σmax/σmin", s.singularConditionNumber, "singular values")
            row("trace", s.trace, "sum of the eigenvalues")
            row("‖H‖F", s.frobeniusNorm, "Frobenius norm")
            if let negative = s.negativeEigenvalues, let zero = s.nearZeroEigenvalues, let positive = s.positiveEigenvalues {
                rows.append(["eigenvalues", "\(negative) / \(zero) / \(positive)", "negative / near zero / positive"])
            }
            var what = [s.method.map { "method \($0)" }, s.parameters.map { "\($0) parameters" }, s.rows.map { "\($0) rows" }].compactMap { $0 }
            if let data = s.data { what.append("data \(data)") }
            blocks.append(.paragraph("Hessian of the loss at the trained weights: " + what.joined(separator: ", ") + "."))
            blocks.append(.table(header: ["quantity", "value", "meaning"], rows: rows, numeric: [1]))
        }
        if let eigenvalues, !eigenvalues.isEmpty {
            let chart = SpectrumCharts.histogram(eigenvalues: eigenvalues, title: "Hessian spectrum")
            blocks.append(.figure(svg: chart.svg(width: 1120, height: 460),
                                  caption: "Eigenvalues on a symmetric-log axis (linear near zero), counts on a log axis; λmin, λmax and the bulk marked."))
            let smoothed = EigenvalueDensity.density(eigenvalues: eigenvalues)
            let density = SpectrumCharts.density(grid: smoothed.grid, density: smoothed.density, lambdaMin: eigenvalues.min(),
                                                 lambdaMax: eigenvalues.max(), title: "Spectral density", name: "exact eigenvalues, smoothed")
            blocks.append(.figure(svg: density.svg(width: 1120, height: 420),
                                  caption: "The eigenvalues smoothed by a Gaussian of variance 10⁻⁵·(λmax − λmin), as stochastic Lanczos quadrature (PyHessian) smooths its nodes, on a log density axis."))
        }
        return ReportSection(title: "Hessian", blocks: blocks)
    }
}

/// The race section: the curves from `compare --history` and the table from `compare --json`.
enum RaceSection {
    static func section(_ summary: RaceSummary?, _ runs: [RaceRun]) -> ReportSection {
        var blocks: [ReportBlock] = []
        if !runs.isEmpty {
            let seeds = Set(runs.map(\.seed)).count
            let figure = Figure(panels: RaceCharts.panels(runs, targetLoss: summary?.targetLoss), panelWidth: 520, panelHeight: 430).svg()
            blocks.append(.figure(svg: figure, caption: "Median over \(seeds) seed\(seeds == 1 ? "" : "s") per optimizer with the min–max band."))
        }
        if let summary {
            let f = RunReport.number
            /// The median over seeds with the seeds' range: "0.91 [0.88, 0.93]".
            func median(_ s: SeedStatistics?) -> String {
                guard let median = s?.median else { return "—" }
                guard let low = s?.min, let high = s?.max, (s?.count ?? 0) > 1 else { return f(median) }
                return "\(f(median)) [\(f(low)), \(f(high))]"
            }
            let rows = summary.optimizers.map { c in
                [c.optimizer, c.lr.map(f) ?? "—", median(c.finalTrainLoss), median(c.finalValLoss), median(c.finalValAccuracy),
                 median(c.epochsToTarget), median(c.msPerStep), c.runsDiverged.map(String.init) ?? "0"]
            }
            blocks.append(.table(header: ["optimizer", "lr", "train loss", "val loss", "val accuracy", "epochs to target", "ms/step", "diverged"],
                                 rows: rows, numeric: Set(1...7)))
            blocks.append(.paragraph("Medians over the seeds, with their range [min, max] when there are several"
                + (summary.targetLoss.map { "; target loss \(f($0))" } ?? "") + "."))
        }
        return ReportSection(title: "Optimizer race", blocks: blocks)
    }
}

/// The search section: the scatter of each parameter and the best trials.
enum SearchSection {
    /// The validation loss, with its standard error over folds when the search cross-validated.
    static func lossCell(_ result: TrialResult) -> String {
        guard let loss = result.validationLoss else { return "—" }
        guard let error = result.scoreStandardError else { return RunReport.number(loss) }
        return "\(RunReport.number(loss)) ± \(RunReport.number(error))"
    }

    static func section(_ trials: [TrialResult]) -> ReportSection {
        let summary = SearchSummary(results: trials)
        var blocks: [ReportBlock] = []
        let panels = SearchCharts.panels(ranked: summary.ranked)
        if !panels.isEmpty {
            let figure = Figure(panels: panels, columns: min(2, panels.count), panelWidth: 520, panelHeight: 380).svg()
            blocks.append(.figure(svg: figure, caption: "Each finished trial's score against each searched parameter; the best ringed."))
        }
        let f = RunReport.number
        let rows = summary.ranked.prefix(10).enumerated().map { rank, result in
            ["\(rank + 1)", result.trial.values.map { "\($0.name)=\(SearchSummary.short($0.value))" }.joined(separator: " "),
             result.validationAccuracy.map(f) ?? "—", lossCell(result), result.epochs.map(String.init) ?? "—"]
        }
        blocks.append(.table(header: ["rank", "parameters", "val accuracy", "val loss", "epochs"], rows: rows, numeric: [0, 2, 3, 4]))
        let folds = summary.ranked.compactMap(\.crossValidation?.folds).first
        blocks.append(.paragraph("\(summary.results.count) trials, \(summary.ranked.count) finished."
            + (folds.map { " Each trial's validation loss is its mean over \($0) cross-validation folds ± the standard error s/√K." } ?? "")))
        return ReportSection(title: "Search", blocks: blocks)
    }
}
