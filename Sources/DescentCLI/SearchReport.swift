import Descent
import Foundation
import Plot
import Report

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
    /// --prefer: the one-standard-error choice among the tied trials.
    var preference: SearchPreference? = nil

    /// The trial --prefer chooses (nil without --prefer or without cross-validated trials).
    func choice() throws -> TrialResult? {
        guard let preference else { return nil }
        do {
            return try summary.oneStandardErrorChoice(parameter: preference.parameter, preferLarger: preference.side == .larger)
        } catch {
            throw CLIUsageError(description: "\(error)")
        }
    }

    /// Prints and writes everything.
    func emit() throws {
        if let plot { try AtomicFile.write(scatter(), to: plot) }
        let chosen = try choice()
        if preference != nil && summary.tieBound == nil {
            Diagnostics.print("descent: warning: --prefer needs trials run with --folds K (a mean and a standard error to tie by); no choice made")
        }
        for warning in summary.edgeWarnings { Diagnostics.print("descent: warning: \(warning)") }
        try StandardOutput.line(json ? jsonText(chosen) : text(chosen))
    }

    /// The summary for people: counts, the table of the top trials, the best train command, the
    /// ranges of a finer round.
    func text(_ chosen: TrialResult?) -> String {
        var lines: [String] = []
        var counts = "\(Plural.count(summary.results.count, "trial")): \(summary.ranked.count) finished"
        if summary.divergedCount > 0 { counts += ", \(summary.divergedCount) diverged" }
        if summary.failedCount > 0 { counts += ", \(summary.failedCount) failed" }
        lines.append("\(counts) (\(source))")
        lines.append(summary.table(top: top))
        if let best = summary.best {
            lines.append("best: descent train DATA \(best.arguments.joined(separator: " "))")
        }
        lines += tieLines(chosen)
        if let next = summary.nextSpace {
            lines.append("a finer round: " + next.specifications.map { "--param \($0)" }.joined(separator: " "))
        }
        if let plot { lines.append("scatter: \(plot)") }
        return lines.joined(separator: "\n")
    }

    /// The summary as one JSON object: counts, the top trials as their records, the warnings and the
    /// next round's `--param` values.
    func jsonText(_ chosen: TrialResult?) -> String {
        JSONText.object([
            ("type", JSONText.quoted("search_summary")),
            ("trials", String(summary.results.count)), ("finished", String(summary.ranked.count)),
            ("diverged", String(summary.divergedCount)), ("failed", String(summary.failedCount)),
            ("top", JSONText.array(summary.ranked.prefix(top).map(\.jsonLine))),
            ("warnings", JSONText.array(summary.edgeWarnings.map { JSONText.quoted($0.description) })),
            ("next_params", JSONText.array((summary.nextSpace?.specifications ?? []).map(JSONText.quoted))),
            ("tied", JSONText.array(summary.tied.map { JSONText.object([("round", String($0.trial.round)), ("trial", String($0.trial.index))]) })),
            ("one_se_choice", chosen?.jsonLine ?? "null"),
        ])
    }

    /// With cross-validated trials: how many are tied with the best, and the --prefer choice.
    func tieLines(_ chosen: TrialResult?) -> [String] {
        guard let best = summary.best, let bound = summary.tieBound, let metric = best.crossValidation else { return [] }
        var lines = ["ranked by the mean \(metric.metric) over \(metric.folds) folds; \(Plural.count(summary.tied.count, "trial")) within one standard error of the best (≤ \(String(format: "%.4f", bound))) marked tied"]
        if let chosen, let preference {
            let values = chosen.trial.values.map { "\($0.name)=\(SearchSummary.short($0.value))" }.joined(separator: " ")
            lines.append("one-standard-error choice (\(preference.side.rawValue) \(preference.parameter)): trial \(chosen.trial.index) \(values)")
            lines.append("chosen: descent train DATA \(chosen.arguments.joined(separator: " "))")
        }
        return lines
    }

    /// One finished trial, for standard error as it ends.
    static func line(_ result: TrialResult, done: Int, total: Int) -> String {
        let values = result.trial.values.map { "\($0.name)=\(SearchSummary.short($0.value))" }.joined(separator: " ")
        // The trial's index as in the table, the results file and --shard (from 0), then the count done.
        var text = "trial \(result.trial.index)  (\(String(done).leftPadded(to: String(total).count))/\(total) done)  \(values)"
        switch result.status {
        case .finished:
            if let loss = result.validationLoss { text += "  val_loss \(String(format: "%.4f", loss))" + (result.scoreStandardError.map { " ± \(String(format: "%.4f", $0))" } ?? "") }
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
        let panels = SearchCharts.panels(ranked: summary.ranked)
        return Figure(title: title, panels: panels, columns: min(3, max(1, panels.count)), panelWidth: 420, panelHeight: 340).svg()
    }
}
