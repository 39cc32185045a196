/// `--prefer smaller|larger PARAM`: among the trials tied with the best (the one-standard-error
/// rule, `SearchSummary.oneStandardErrorChoice`), which one to choose. Stored in a study's plan
/// so the final job of a cluster run chooses as a local run does.
public struct SearchPreference: Sendable, Equatable, Codable {
    /// Which end of the parameter is simpler.
    public enum Side: String, Sendable, Equatable, Codable, CaseIterable {
        /// The smallest value (fewest units, lowest rate).
        case smaller
        /// The largest value (strongest weight decay, most dropout).
        case larger
    }

    /// Which end.
    public var side: Side
    /// The parameter's name, as in --param.
    public var parameter: String

    /// A preference from its fields.
    public init(side: Side, parameter: String) {
        self.side = side
        self.parameter = parameter
    }

    /// The flag's two values (`["smaller", "layers"]`), nil when they are not a side then a name.
    public init?(values: [String]) {
        guard values.count == 2, let side = Side(rawValue: values[0]), !values[1].isEmpty else { return nil }
        self.init(side: side, parameter: values[1])
    }
}
