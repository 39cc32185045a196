/// Errors of the landscape code: an unknown function name, a parameter out of range or given to a
/// function that does not take it, a run setting out of range. Each names the parameter or
/// setting, the value and what was expected (the CLI names its flag).
public enum LandscapeError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No test function has this name; `valid` lists those that exist.
    case unknownFunction(name: String, valid: [String])
    /// A function parameter (`kappa`, `matrix`, …) is out of range.
    case invalidParameter(parameter: String, value: String, expected: String)
    /// A parameter was given to a function that does not take it.
    case parameterNotApplicable(parameter: String, function: String, takenBy: [String])
    /// A run setting (`steps`, `tol`, `noise`, `lr`, …) is out of range or malformed.
    case invalidSetting(setting: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .unknownFunction(name, valid):
            return "unknown test function \"\(name)\"; expected one of: \(valid.joined(separator: ", "))"
        case let .invalidParameter(parameter, value, expected):
            return "the function parameter \(parameter) = \(value) is invalid: expected \(expected)"
        case let .parameterNotApplicable(parameter, function, takenBy):
            return "the function parameter \(parameter) does not apply to \(function); it applies to \(takenBy.joined(separator: ", "))"
        case let .invalidSetting(setting, value, expected):
            return "the setting \(setting) = \(value) is invalid: expected \(expected)"
        }
    }
}
