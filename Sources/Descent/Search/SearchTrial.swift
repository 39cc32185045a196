/// One trial of a search: which round, its place in that round's list, and the values it tries.
public struct SearchTrial: Sendable, Equatable, Hashable {
    /// The round, from 1 (the coarse one); each refining round adds one.
    public var round: Int
    /// The 0-based position in the round's deterministic list (what a ``SearchShard`` selects on).
    public var index: Int
    /// The parameters' values, in the order the parameters were given.
    public var values: [SearchAssignment]

    /// Creates a trial.
    public init(round: Int, index: Int, values: [SearchAssignment]) {
        self.round = round
        self.index = index
        self.values = values
    }

    /// The `descent train` words that set the values: `--lr 0.001 --layers 64,64`.
    public var arguments: [String] { values.flatMap(\.arguments) }

    /// The value of the parameter `name`, if the trial sets it.
    public func value(of name: String) -> SearchValue? {
        values.first { $0.name == name }?.value
    }
}

/// Which part of a trial list one machine runs: shard i of n takes the trials i, i+n, i+2n, …,
/// so n shards partition the list exactly, whatever its length.
public struct SearchShard: Sendable, Equatable {
    /// This shard, 0 ≤ index < count.
    public var index: Int
    /// How many shards share the list.
    public var count: Int

    /// Creates a shard; nil unless 0 ≤ index < count.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `i/n`; throws ``SearchError/malformedShard(text:)``.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], let shard = SearchShard(index: i, count: n) else {
            throw SearchError.malformedShard(text: text)
        }
        self = shard
    }

    /// Whether this shard runs the trial at `position` of the list: position mod n = i.
    public func contains(_ position: Int) -> Bool { position % count == index }

    /// The trials of `list` this shard runs, in list order.
    public func select(_ list: [SearchTrial]) -> [SearchTrial] {
        list.filter { contains($0.index) }
    }
}
