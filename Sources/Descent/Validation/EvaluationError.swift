/// Errors of cross-validation, class weighting and scoring: each names the quantity and the value
/// that cannot be used, and what would work.
public enum EvaluationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A fold count below 2 or above the number of rows (or groups) to deal.
    case invalidFoldCount(folds: Int, units: Int, unitName: String)
    /// A group key list whose length differs from the rows'.
    case groupCountMismatch(groups: Int, rows: Int)
    /// A class with no rows, which the balanced weighting n/(C·nₖ) cannot weigh.
    case emptyClass(name: String)
    /// A class weight naming a class the data does not have.
    case unknownClass(name: String, known: [String])
    /// A weight that is not a positive, finite number.
    case invalidWeight(name: String, value: String)
    /// A bootstrap resample count or confidence level out of range.
    case invalidArgument(name: String, message: String)

    public var description: String {
        switch self {
        case let .invalidFoldCount(folds, units, unitName):
            return "cannot deal \(units) \(unitName) into \(folds) folds: use 2…\(max(2, units)) folds"
        case let .groupCountMismatch(groups, rows):
            return "\(groups) group keys for \(rows) rows: give one group key per row"
        case let .emptyClass(name):
            return "class '\(name)' has no rows to weigh: give explicit weights or drop the class"
        case let .unknownClass(name, known):
            let list = known.prefix(8).joined(separator: ", ") + (known.count > 8 ? ", …" : "")
            return "no class named '\(name.prefix(60))'; the classes are \(list)"
        case let .invalidWeight(name, value):
            return "weight of class '\(name.prefix(60))' must be a positive number, got '\(value.prefix(40))'"
        case let .invalidArgument(name, message):
            return "\(name) \(message)"
        }
    }
}
