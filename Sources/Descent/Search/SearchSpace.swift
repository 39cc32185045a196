import Foundation
import Linalg

/// The parameters a search explores, and the deterministic trial lists drawn from them.
public struct SearchSpace: Sendable, Equatable {
    /// The parameters, in the order given.
    public var parameters: [SearchParameter]

    /// A space of `parameters`; throws ``SearchError/duplicateParameter(name:)`` when a name repeats.
    public init(_ parameters: [SearchParameter]) throws {
        var names = Set<String>()
        for parameter in parameters where !names.insert(parameter.name).inserted {
            throw SearchError.duplicateParameter(name: parameter.name)
        }
        self.parameters = parameters
    }

    /// A space from parameter texts such as `lr=log:1e-5:1e-1` (see ``SearchParameter/init(parsing:)``).
    public init(parsing texts: [String]) throws {
        try self.init(texts.map(SearchParameter.init(parsing:)))
    }

    /// The parameter called `name`.
    public func parameter(named name: String) -> SearchParameter? {
        parameters.first { $0.name == name }
    }

    /// The specifications as written (`lr=log:1e-05:0.1`), in order.
    public var specifications: [String] { parameters.map(\.specification) }

    /// The seed of round `round`'s list: the search seed for round 1, then
    /// seed + (round − 1)·0x9E3779B97F4A7C15 (the golden-ratio increment of SplitMix64), so
    /// rounds draw unrelated streams and the list of every round is fixed by the seed alone.
    public static func seed(_ seed: UInt64, round: Int) -> UInt64 {
        seed &+ UInt64(max(0, round - 1)) &* 0x9E37_79B9_7F4A_7C15
    }

    /// `count` trials of random search: trial i draws its values, parameter by parameter, from one
    /// generator seeded with ``seed(_:round:)``, so the list depends only on the seed, the round and
    /// the space — every shard of a search computes the same list.
    public func randomTrials(count: Int, seed: UInt64, round: Int = 1) -> [SearchTrial] {
        var random = RandomGenerator(seed: Self.seed(seed, round: round))
        return (0..<max(0, count)).map { index in
            SearchTrial(round: round, index: index,
                        values: parameters.map { SearchAssignment(name: $0.name, value: $0.sample(&random)) })
        }
    }

    /// The grid: the Cartesian product of every parameter's ``SearchParameter/gridValues(points:)``,
    /// the last parameter varying fastest. Its size is the product of the per-parameter counts.
    public func gridTrials(pointsPerParameter points: Int, round: Int = 1) -> [SearchTrial] {
        var rows: [[SearchAssignment]] = [[]]
        for parameter in parameters {
            let values = parameter.gridValues(points: points)
            rows = rows.flatMap { row in values.map { row + [SearchAssignment(name: parameter.name, value: $0)] } }
        }
        return rows.enumerated().map { SearchTrial(round: round, index: $0, values: $1) }
    }

    /// The points per ordered parameter for a grid of about `trials` trials: the largest k ≥ 2 with
    /// (product of the choice counts)·k^(ordered parameters) ≤ trials (2 when even that is too many).
    public func gridPoints(forTrials trials: Int) -> Int {
        let choices = parameters.reduce(1) { product, parameter in
            if case let .choice(values) = parameter.distribution { return product * values.count }
            return product
        }
        let ordered = parameters.filter(\.distribution.isOrdered).count
        guard ordered > 0 else { return 1 }
        var k = 2
        while pow(Double(k + 1), Double(ordered)) * Double(choices) <= Double(trials) { k += 1 }
        return k
    }
}
