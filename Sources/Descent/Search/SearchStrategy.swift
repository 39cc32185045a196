/// How the trials of a round are chosen.
public enum SearchStrategy: String, Sendable, Equatable, Codable, CaseIterable {
    /// `count` independent draws from the space (see ``SearchSpace/randomTrials(count:seed:round:)``).
    case random
    /// The Cartesian product of evenly spread values (see ``SearchSpace/gridTrials(pointsPerParameter:round:)``).
    case grid
}
