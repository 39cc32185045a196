/// Everything a hyperparameter search can reject, with the text or file and what was expected (the
/// CLI names the flag).
public enum SearchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter to search that does not read as `NAME=KIND:ARGS`; `reason` says what is wrong.
    case malformedParameter(text: String, reason: String)
    /// The same parameter searched twice.
    case duplicateParameter(name: String)
    /// A shard that is not `i/n` with 0 ≤ i < n.
    case malformedShard(text: String)
    /// A line of a results file that is not a trial record.
    case malformedResult(file: String, line: Int, reason: String)
    /// `--prefer smaller|larger NAME` names a parameter the tied trials do not give as a number.
    case preferParameter(name: String)

    public var description: String {
        switch self {
        case let .malformedParameter(text, reason):
            return "search parameter '\(text)': \(reason). Forms: NAME=log:LOW:HIGH, NAME=uniform:LOW:HIGH, NAME=int:LOW:HIGH, NAME=choice:A|B|C"
        case let .duplicateParameter(name):
            return "search parameter \(name) is given twice"
        case let .malformedShard(text):
            return "shard '\(text)' must be i/n with 0 ≤ i < n, like 0/4 (the trials i, i+n, i+2n, … of the list)"
        case let .malformedResult(file, line, reason):
            return "\(file):\(line): not a trial record: \(reason)"
        case let .preferParameter(name):
            return "--prefer: the tied trials have no numeric value of '\(name)'; name a searched parameter (a number, or layer widths like 64,64)"
        }
    }
}
