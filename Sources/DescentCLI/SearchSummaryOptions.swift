import ArgumentParser
import Descent

/// The summary flags shared by `descent search` and `descent search merge`.
struct SearchSummaryOptions: ParsableArguments {
    @Option(help: "Trials shown in the summary table.")
    var top = 10

    @Option(help: "Draw validation accuracy (or loss) against each parameter here (SVG).")
    var plot: String?

    @Flag(help: "The summary as one JSON object on standard output.")
    var json = false

    @Option(parsing: .upToNextOption, help: ArgumentHelp(
        "With trials run with --folds K: among the trials tied with the best (mean CV score within its standard error), choose the one with the smallest or largest PARAM (the one-standard-error rule). Values: smaller, larger.",
        valueName: "smaller|larger PARAM"))
    var prefer: [String] = []

    /// The parsed --prefer: the parameter and whether larger values are preferred.
    var preference: SearchPreference? { SearchPreference(values: prefer) }

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
        try Self.validatePrefer(prefer)
    }

    /// Refuses --prefer values that are not `smaller|larger PARAM`.
    static func validatePrefer(_ prefer: [String]) throws {
        if !prefer.isEmpty && SearchPreference(values: prefer) == nil {
            throw ValidationError("--prefer takes two values, smaller or larger then a searched parameter (--prefer smaller layers), got '\(prefer.joined(separator: " "))'")
        }
    }
}
