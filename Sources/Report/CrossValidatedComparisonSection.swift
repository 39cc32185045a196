import Descent
import Foundation
import Plot

/// The section of `compare --folds K --json`: per optimizer every metric's mean ± sd over the
/// folds, the pairs' corrected resampled t-tests, and each optimizer's per-fold held-out scores
/// of the tested quantity as points with its mean as a labelled line.
enum CrossValidatedComparisonSection {
    static func section(_ record: CrossValidatedComparison) -> ReportSection {
        let f = RunReport.number
        let names = metricNames(record)
        let rows: [[String]] = record.entries.map { entry in
            let rate = entry.learningRate.map(f) ?? "—"
            if let why = entry.diverged { return [entry.name, rate] + names.map { _ in "—" } + ["diverged in \(why.prefix(120))"] }
            return [entry.name, rate] + names.map { name in
                entry.metrics[name].map { $0.mean.isFinite ? "\(f($0.mean)) ± \(f($0.standardDeviation))" : "—" } ?? "—"
            } + [""]
        }
        let grouped = record.group.map { ", grouped by \($0)" } ?? ""
        let epochs = record.epochs.map { ", \($0) epochs each" } ?? ""
        var blocks: [ReportBlock] = [
            .paragraph("\(record.foldCount)-fold cross-validated race\(record.data.map { " on \($0)" } ?? "")\(grouped)\(epochs): "
                + "every optimizer is trained on the same folds and scored on each held-out fold. Mean ± sample standard deviation over the folds."),
            .table(header: ["optimizer", "learning rate"] + names.map(CrossValidationSection.title) + ["note"], rows: rows,
                   numeric: Set(1..<(names.count + 2))),
        ]
        if !record.pairs.isEmpty {
            blocks.append(.paragraph("Corrected resampled t-test over the folds (Nadeau & Bengio 2003) on held-out \(record.quantity), "
                + "difference first − second; within spread: p ≥ 0.05, the difference is not resolved by these folds."))
            blocks.append(.table(header: ["pair", "difference", "95% interval", "p", "within spread"], rows: record.pairs.map(pairRow),
                                 numeric: [1, 2, 3]))
        }
        if let chart = chart(record) {
            blocks.append(.figure(svg: chart.svg(width: 900, height: 420),
                                  caption: "Held-out \(record.quantity) of every fold per optimizer (points, at their fold number: the folds are the same for every optimizer); its mean over the folds as a labelled dashed line."))
        }
        return ReportSection(title: "Cross-validated comparison", blocks: blocks)
    }

    /// A pair's row: names, d̄, its 95% interval, p, and the spread mark.
    static func pairRow(_ pair: CrossValidatedComparison.Pair) -> [String] {
        let f = RunReport.number
        let name = "\(pair.first) − \(pair.second)"
        guard let test = pair.test else { return [name, "—", "—", "—", pair.withinSpread ? "yes" : "no"] }
        let p = test.pValue < 0.001 ? "< 0.001" : String(format: "%.3f", test.pValue)
        return [name, f(test.meanDifference), "[\(f(test.interval.lower)), \(f(test.interval.upper))]", p, pair.withinSpread ? "yes" : "no"]
    }

    /// The metrics any optimizer has, in the cross-validation section's order (the best epoch aside).
    static func metricNames(_ record: CrossValidatedComparison) -> [String] {
        var present = Set<String>()
        for entry in record.entries { present.formUnion(entry.metrics.keys) }
        present.remove("best_epoch")
        return CrossValidationSection.order.filter { present.contains($0) } + present.subtracting(CrossValidationSection.order).sorted()
    }

    /// Fold number against the held-out quantity, one colour per optimizer, its mean as a line of
    /// the same colour; nil when no optimizer has a finite score.
    static func chart(_ record: CrossValidatedComparison) -> ScatterPlot? {
        var series: [ScatterSeries] = []
        var means: [ReferenceLine] = []
        for (index, entry) in record.entries.enumerated() where entry.diverged == nil {
            let points = entry.folds.compactMap { fold in (fold.metrics[record.quantity] ?? nil).map { (Double(fold.fold), $0) } }
            guard !points.isEmpty else { continue }
            let color = Palette.color(index)
            series.append(ScatterSeries(name: entry.name, x: points.map(\.0), y: points.map(\.1), color: color))
            let mean = FoldStatistics(points.map(\.1)).mean
            means.append(ReferenceLine(value: mean, label: "\(entry.name) mean \(RunReport.number(mean))", color: color))
        }
        guard !series.isEmpty else { return nil }
        return ScatterPlot(title: "Held-out \(record.quantity) per fold", xLabel: "fold", yLabel: "held-out \(record.quantity)",
                           series: series, referenceLines: means)
    }
}
