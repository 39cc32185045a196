/// One value a search gives a parameter: a real number, an integer, or one of a list of choices.
public enum SearchValue: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A number from a log-uniform or uniform range.
    case real(Double)
    /// A number from an integer range.
    case integer(Int)
    /// One of the strings of a `choice` parameter, passed as it is written.
    case choice(String)

    /// The value as it is passed on the command line: Swift's shortest round-trip form for reals.
    public var description: String {
        switch self {
        case let .real(value): return "\(value)"
        case let .integer(value): return String(value)
        case let .choice(text): return text
        }
    }

    /// The value as a number (nil for a choice): what the edge check and the scatter's x axis use.
    public var number: Double? {
        switch self {
        case let .real(value): return value
        case let .integer(value): return Double(value)
        case .choice: return nil
        }
    }

    /// The value as a JSON literal: a number, or a quoted string for a choice.
    public var json: String {
        switch self {
        case let .real(value): return JSONText.number(value)
        case let .integer(value): return String(value)
        case let .choice(text): return JSONText.quoted(text)
        }
    }
}

/// A parameter's name with the value a trial gives it.
public struct SearchAssignment: Sendable, Equatable, Hashable {
    /// The parameter's name: a `descent train` flag without its dashes ("lr", "weight-decay").
    public var name: String
    /// Its value in this trial.
    public var value: SearchValue

    /// Creates an assignment.
    public init(name: String, value: SearchValue) {
        self.name = name
        self.value = value
    }

    /// The command-line words it becomes: `--NAME VALUE`; a choice of `true` gives the bare flag
    /// `--NAME` and `false` gives nothing, so flags such as `batch-norm=choice:true|false` search too.
    public var arguments: [String] {
        switch value {
        case .choice("true"): return ["--\(name)"]
        case .choice("false"): return []
        default: return ["--\(name)", value.description]
        }
    }
}
