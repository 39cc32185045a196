import ArgumentParser

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
    var preference: SearchPreference? {
        guard prefer.count == 2, let side = SearchPreference.Side(rawValue: prefer[0]) else { return nil }
        return SearchPreference(side: side, parameter: prefer[1])
    }

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
        if !prefer.isEmpty && preference == nil {
            throw ValidationError("--prefer takes two values, smaller or larger then a searched parameter (--prefer smaller layers), got '\(prefer.joined(separator: " "))'")
        }
    }
}

/// `--prefer smaller|larger PARAM`: which of the trials tied with the best to choose.
struct SearchPreference: Equatable {
    /// Which end of the parameter is simpler.
    enum Side: String, Equatable {
        /// The smallest value (fewest units, lowest rate).
        case smaller
        /// The largest value (strongest weight decay, most dropout).
        case larger
    }

    /// Which end.
    var side: Side
    /// The parameter's name, as in --param.
    var parameter: String
}
