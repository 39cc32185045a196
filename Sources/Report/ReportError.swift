/// Why a report could not be built from the files given.
public enum ReportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A file or directory could not be read.
    case unreadable(path: String, reason: String)
    /// A file of a known kind has a malformed line.
    case malformed(path: String, line: Int, reason: String)
    /// Nothing among the inputs is something a report shows.
    case nothingToShow(paths: [String])

    /// The message, naming the file and line and what to do.
    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read \(path): \(String(reason.prefix(200))); check the path and its permissions"
        case let .malformed(path, line, reason):
            return "\(path), line \(line): \(String(reason.prefix(200))); give the file as descent wrote it"
        case let .nothingToShow(paths):
            let shown = paths.prefix(5).joined(separator: ", ") + (paths.count > 5 ? ", …" : "")
            return "nothing to report in \(shown): give a run directory or files descent wrote (model .safetensors, "
                + "history .csv, hessian --json, --spectrum .csv, compare --json and --history, search results .jsonl, evaluate --json, .svg)"
        }
    }
}
