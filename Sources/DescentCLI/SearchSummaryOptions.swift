import ArgumentParser

/// The summary flags shared by `descent search` and `descent search merge`.
struct SearchSummaryOptions: ParsableArguments {
    @Option(help: "Trials shown in the summary table.")
    var top = 10

    @Option(help: "Draw validation accuracy (or loss) against each parameter here (SVG).")
    var plot: String?

    @Flag(help: "The summary as one JSON object on standard output.")
    var json = false

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
    }
}
