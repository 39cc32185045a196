import ArgumentParser
import Descent
import Foundation

/// `descent search merge`: one summary of the result files of a search's shards.
struct SearchMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the result files of a sharded search (or of several runs) into one summary.",
        usage: "descent search merge <files> ... [<options>]",
        discussion: """
        Reads every record of the files; a trial found in several files (the same round, position, train flags, data \
        and Descent version) counts once. Files of different studies (another data file's content, another Descent \
        version) are refused, listing each study. The summary is the one the search would have printed run on one machine: the top trials, the \
        edge warnings, the ranges of a finer round and, with --plot, the scatter.

        Examples:
          descent search merge trials-0-of-4.jsonl trials-1-of-4.jsonl \\
            trials-2-of-4.jsonl trials-3-of-4.jsonl --plot search.svg
          descent search merge trials-*.jsonl --json --top 5
        """
    )

    @Argument(help: "The result files (JSON lines) to combine.")
    var files: [String]

    @OptionGroup(title: "Summary") var summary: SearchSummaryOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give the result files to merge, like trials-0-of-4.jsonl trials-1-of-4.jsonl") }
    }

    func run() throws {
        try reportingErrors {
            try OutputCheck.verify(outputs: [("--plot", self.summary.plot)], inputs: files.map { ("FILES", $0) })
            let records: [[TrialResult]]
            do {
                records = try SearchResultsFile.read(files)
            } catch let error as SearchError {
                Diagnostics.print("descent: \(error)")
                throw ExitCode(ExitStatus.data)
            }
            try SearchStudy.checkMergeable(records, files: files)
            let summary = SearchSummary(results: SearchSummary.merge(records))
            let source = files.count == 1 ? files[0] : "\(files.count) files"
            try SearchReport(summary: summary, top: self.summary.top, json: self.summary.json, plot: self.summary.plot, source: source, title: "descent search merge",
                             preference: self.summary.preference).emit()
            if summary.ranked.isEmpty {
                Diagnostics.print("descent: \(source): no finished trial to rank (\(summary.results.count) records: "
                                  + "\(summary.divergedCount) diverged, \(summary.failedCount) failed)")
                throw ExitCode(ExitStatus.data)
            }
        }
    }
}
