import Descent
import Foundation
import Plot

/// What a search (or a merge of shards) prints and draws: the table of the top trials on standard
/// output (or one JSON object), the edge warnings on standard error, and the scatter SVG.
struct SearchReport {
    let summary: SearchSummary
    let top: Int
    let json: Bool
    let plot: String?
    /// The results file(s) summarized, for the heading.
    let source: String
    /// The SVG's title.
    let title: String

    /// Prints and writes everything.
    func emit() throws {
        if let plot { try AtomicFile.write(scatter(), to: plot) }
        for warning in summary.edgeWarnings { Diagnostics.print("descent: warning: \(warning)") }
        if json {
            try StandardOutput.line(jsonText)
            return
        }
        var lines: [String] = []
        var counts = "\(Plural.count(summary.results.count, "trial")): \(summary.ranked.count) finished"
        if summary.divergedCount > 0 { counts += ", \(summary.divergedCount) diverged" }
        if summary.failedCount > 0 { counts += ", \(summary.failedCount) failed" }
        lines.append("\(counts) (\(source))")
        lines.append(summary.table(top: top))
        if let best = summary.best {
            lines.append("best: descent train DATA \(best.arguments.joined(separator: " "))")
        }
        if let next = summary.nextSpace {
            lines.append("a finer round: " + next.specifications.map { "--param \($0)" }.joined(separator: " "))
        }
        if let plot { lines.append("scatter: \(plot)") }
        try StandardOutput.line(lines.joined(separator: "\n"))
    }

    /// The summary as one JSON object: counts, the top trials as their records, the warnings and the
    /// next round's `--param` values.
    var jsonText: String {
        JSONText.object([
            ("type", JSONText.quoted("search_summary")),
            ("trials", String(summary.results.count)), ("finished", String(summary.ranked.count)),
            ("diverged", String(summary.divergedCount)), ("failed", String(summary.failedCount)),
            ("top", JSONText.array(summary.ranked.prefix(top).map(\.jsonLine))),
            ("warnings", JSONText.array(summary.edgeWarnings.map { JSONText.quoted($0.description) })),
            ("next_params", JSONText.array((summary.nextSpace?.specifications ?? []).map(JSONText.quoted))),
        ])
    }

    /// One finished trial, for standard error as it ends.
    static func line(_ result: TrialResult, done: Int, total: Int) -> String {
        let values = result.trial.values.map { "\($0.name)=\(SearchSummary.short($0.value))" }.joined(separator: " ")
        // The trial's index as in the table, the results file and --shard (from 0), then the count done.
        var text = "trial \(result.trial.index)  (\(String(done).leftPadded(to: String(total).count))/\(total) done)  \(values)"
        switch result.status {
        case .finished:
            if let loss = result.validationLoss { text += "  val_loss \(String(format: "%.4f", loss))" }
            else if let loss = result.trainingLoss { text += "  train_loss \(String(format: "%.4f", loss))" }
            if let accuracy = result.validationAccuracy { text += "  val_acc \(String(format: "%.4f", accuracy))" }
            if let epochs = result.epochs { text += "  \(Plural.count(epochs, "epoch"))" }
        case .diverged: text += "  diverged"
        case .failed: text += "  failed: \(result.error ?? "?")"
        }
        return text + "  \(String(format: "%.1fs", result.seconds))"
    }

    /// Validation accuracy (or loss, for regression) against each parameter, one panel per parameter,
    /// one colour per round, the best trial ringed; log x for log ranges; a choice's values are placed at
    /// 0, 1, 2, … and named in the axis label.
    func scatter() -> String {
        let finished = summary.ranked
        let accuracy = finished.contains { $0.validationAccuracy != nil }
        func y(_ result: TrialResult) -> Double { (accuracy ? result.validationAccuracy : result.score) ?? .nan }
        let yLabel = accuracy ? "validation accuracy" : (finished.contains { $0.validationLoss != nil } ? "validation loss" : "training loss")
        let space = finished.first.flatMap { try? SearchSpace(parsing: $0.space) }
        let rounds = Array(Set(finished.map(\.trial.round))).sorted()
        let panels: [any Chart] = (space?.parameters ?? []).map { parameter in
            var choices: [String] = []
            if case let .choice(values) = parameter.distribution { choices = values }
            // Choices of later (narrowed) rounds are a subset; take the names from every record.
            for result in finished { if case let .choice(text)? = result.trial.value(of: parameter.name), !choices.contains(text) { choices.append(text) } }
            func x(_ result: TrialResult) -> Double {
                switch result.trial.value(of: parameter.name) {
                case let .choice(text)?: return Double(choices.firstIndex(of: text) ?? 0)
                case let value?: return value.number ?? .nan
                case nil: return .nan
                }
            }
            let series = rounds.map { round in
                let points = finished.filter { $0.trial.round == round }
                return ScatterSeries(name: rounds.count > 1 ? "round \(round)" : "trials", x: points.map(x), y: points.map(y))
            }
            let best = finished.first.map { PointMarker(x: x($0), y: y($0), label: "best") }
            var xLabel = parameter.name
            if !choices.isEmpty { xLabel += " (" + choices.enumerated().map { "\($0)=\($1)" }.joined(separator: ", ") + ")" }
            let logX: Bool = if case .logUniform = parameter.distribution { true } else { false }
            return ScatterPlot(title: parameter.name, xLabel: xLabel, yLabel: yLabel, xScale: logX ? .logarithmic : .linear,
                               yScale: accuracy ? .linear : .logarithmic, series: series, best: best)
        }
        return Figure(title: title, panels: panels, columns: min(3, max(1, panels.count)), panelWidth: 420, panelHeight: 340).svg()
    }
}
