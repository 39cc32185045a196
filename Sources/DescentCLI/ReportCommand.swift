import ArgumentParser
import Descent
import Foundation
import Report

/// `descent report`: gathers a run's files into one self-contained HTML page. The page is built by
/// the Report library; this command only lists the inputs, checks the output path and writes.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "One self-contained HTML page (inline SVG and CSS, no script, no network) for a run and what was computed beside it.",
        discussion: """
        Give a run directory (read one level deep) or files. Each file's kind is \
        told from its extension and content:
          MODEL.safetensors    configuration and data summary (architecture,
                               features, classes, optimizer, seed, best epoch)
          history .csv         loss and accuracy curves, the early-stop epoch,
                               the curvature panel (λmax against 2/lr)
          evaluate --json      every score with its 95% interval beside the
                               linear model and the baseline, the confusion
                               matrix, the reliability diagram (ECE), or the
                               residual plot for regression
                               (descent evaluate M D --held-out --json
                               > evaluation.json)
          train --folds --json each fold's scores, mean ± sd (.jsonl or .json)
          compare --folds --json
                               each optimizer's mean ± sd, pair tests, a chart
          hessian --json       the condition-number table
          hessian --spectrum   the spectrum (.csv)
          compare --json       the race's table; compare --history: its curves
          search .jsonl        the scatter per parameter and the best trials
          .svg                 pictures shown as they are (a landscape)
        Files of other kinds are listed as not shown. `descent train --report \
        FILE` writes the same page for the run it trains, with the scores of \
        its test rows (--test-split), else its validation rows.

        Examples:
          descent report run/ --out run/report.html
          descent report iris.safetensors history.csv hessian.json --out r.html
        """
    )

    @Argument(help: "A run directory, or the files to show.")
    var inputs: [String]

    @Option(help: "Write the page here (HTML); it may not be one of the inputs.")
    var out: String

    @Option(help: "The page title (default: from the model file's name).")
    var title: String?

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give a run directory or files to report on") }
        guard !out.isEmpty else { throw ValidationError("--out needs a file name, e.g. --out report.html") }
    }

    func run() throws {
        try reportingErrors {
            let target = ReportLoader.standardized(out)
            if inputs.contains(where: { ReportLoader.standardized($0) == target }) {
                Diagnostics.print("descent: --out \(out) is one of the inputs; choose another file name so no input is overwritten")
                throw ExitCode(ExitStatus.usage)
            }
            // Links, directories and writability, as every command that writes checks them.
            try OutputCheck.verify(outputs: [("--out", out)], inputs: inputs.map { ("INPUTS", $0) })
            let loaded: ReportInputs
            do { loaded = try ReportLoader.load(inputs, exclude: [target]) } catch {
                Diagnostics.print("descent: \(error)")
                throw ExitCode(ExitStatus.data)
            }
            let document = RunReport.document(loaded, title: title)
            try AtomicFile.write(document.html(), to: out)
            Diagnostics.print("descent: wrote \(out): \(document.sections.count) sections, \(document.figureCount) figures")
        }
    }
}
