import Foundation

extension SearchSummary {
    /// The top `count` trials as an aligned text table, best first: rank, round (when there are
    /// several), trial, validation loss (or training loss without a validation set), validation
    /// accuracy (classification), epochs, seconds, then one column per parameter (reals to 3
    /// significant digits). Cross-validated trials add, after the scores, the standard error of
    /// the mean over the folds (`se`) and `tie`: "best", or "tied" within one standard error of it.
    public func table(top count: Int) -> String {
        let shown = Array(ranked.prefix(max(0, count)))
        guard let first = shown.first else { return "no trial finished" }
        let rounds = Set(results.map(\.trial.round)).count > 1
        let hasValidation = shown.contains { $0.validationLoss != nil }
        let hasAccuracy = shown.contains { $0.validationAccuracy != nil }
        let names = first.trial.values.map(\.name)
        var header = ["rank"] + (rounds ? ["round"] : []) + ["trial", hasValidation ? "val_loss" : "train_loss"]
        if hasAccuracy { header.append("val_acc") }
        let crossValidated = shown.contains { $0.scoreStandardError != nil }
        if crossValidated { header += ["se", "tie"] }
        header += ["epochs", "seconds"] + names
        var rows = [header]
        for (rank, result) in shown.enumerated() {
            var row = [String(rank + 1)] + (rounds ? [String(result.trial.round)] : []) + [String(result.trial.index)]
            row.append(result.score.map { String(format: "%.4f", $0) } ?? "—")
            if hasAccuracy { row.append(result.validationAccuracy.map { String(format: "%.4f", $0) } ?? "—") }
            if crossValidated {
                row.append(result.scoreStandardError.map { String(format: "%.4f", $0) } ?? "—")
                row.append(rank == 0 ? "best" : isTied(result) ? "tied" : "")
            }
            row.append(result.epochs.map(String.init) ?? "—")
            row.append(String(format: "%.1f", result.seconds))
            row += names.map { name in result.trial.value(of: name).map(Self.short) ?? "—" }
            rows.append(row)
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in cell.padding(toLength: widths[column], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    /// A value for people: reals to 3 significant digits (`0.00316`, `1.2e-05`), others as they are.
    public static func short(_ value: SearchValue) -> String {
        if case let .real(x) = value { return String(format: "%.3g", x) }
        return value.description
    }
}
