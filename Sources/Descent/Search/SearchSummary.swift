/// A warning that the best trial's value of a parameter lies near an end of its range, so the
/// optimum may lie outside it: the lecture's check before trusting a search.
public struct EdgeWarning: Sendable, Equatable, CustomStringConvertible {
    /// Which end.
    public enum Side: String, Sendable, Equatable {
        /// The low end.
        case low
        /// The high end.
        case high
    }

    /// The parameter.
    public var parameter: SearchParameter
    /// The best trial's value.
    public var value: SearchValue
    /// Where it lies in the range, 0…1 (in ln x for a log range).
    public var position: Double
    /// Which end it is near.
    public var side: Side

    public var description: String {
        let percent = Int((side == .low ? position : 1 - position) * 100 + 0.5)
        let scale = if case .logUniform = parameter.distribution { ", in log scale" } else { "" }
        return "the best \(parameter.name), \(SearchSummary.short(value)), lies \(percent)% from the \(side.rawValue) end of \(parameter.distribution.specification)\(scale): "
            + "the optimum may lie \(side == .low ? "below" : "above") the range; widen it and search again"
    }
}

/// The results of a search (one run, or the merged shards of one) ranked, with the checks the
/// lecture asks for: the top trials, the edge warnings, and the narrower space a next round would use.
public struct SearchSummary: Sendable, Equatable {
    /// Finished trials, best first: ascending ``TrialResult/score``, ties by round then position.
    public var ranked: [TrialResult]
    /// Every trial given, after merging (finished, diverged and failed).
    public var results: [TrialResult]
    /// How many diverged.
    public var divergedCount: Int
    /// How many failed.
    public var failedCount: Int
    /// Parameters whose best value lies within `edgeMargin` of an end of its range.
    public var edgeWarnings: [EdgeWarning]
    /// The space of the last round, narrowed around its best trials: the parameters of a
    /// next, finer round (nil when no trial of the last round finished).
    public var nextSpace: SearchSpace?

    /// The best trial.
    public var best: TrialResult? { ranked.first }

    /// Summarizes `results` (merged first, see ``merge(_:)``).
    ///
    /// - Parameters:
    ///   - results: the trials, from one or several workers' result files.
    ///   - edgeMargin: the fraction of a range at each end counted as "near the edge" (default 0.1).
    ///   - refineFraction: the share of a round's finished trials that count as its best when
    ///     narrowing (default 0.2, at least 2 trials when there are 2).
    public init(results: [TrialResult], edgeMargin: Double = 0.1, refineFraction: Double = 0.2) {
        let merged = Self.merge([results])
        self.results = merged
        ranked = merged.filter { $0.score != nil }.sorted(by: Self.rankOrder)
        divergedCount = merged.filter { $0.status == .diverged }.count
        failedCount = merged.filter { $0.status == .failed }.count
        edgeWarnings = ranked.first.map { Self.edgeWarnings(best: $0, margin: edgeMargin) } ?? []
        nextSpace = nil
        if let lastRound = merged.map(\.trial.round).max() {
            let round = ranked.filter { $0.trial.round == lastRound }
            if let first = round.first, let space = try? SearchSpace(parsing: first.space) {
                let original = merged.filter { $0.trial.round == 1 }.first.flatMap { try? SearchSpace(parsing: $0.space) } ?? space
                nextSpace = space.refined(around: Self.top(round, fraction: refineFraction).map(\.trial.values), within: original)
            }
        }
    }

    /// Whether `a` ranks before `b`: lower score, then earlier round, then earlier position.
    static func rankOrder(_ a: TrialResult, _ b: TrialResult) -> Bool {
        let sa = a.score ?? .infinity, sb = b.score ?? .infinity
        if sa != sb { return sa < sb }
        if a.trial.round != b.trial.round { return a.trial.round < b.trial.round }
        return a.trial.index < b.trial.index
    }

    /// The best ⌈fraction·n⌉ of `ranked` trials (at least min(2, n)), best first.
    public static func top(_ ranked: [TrialResult], fraction: Double) -> [TrialResult] {
        let finished = ranked.filter { $0.score != nil }.sorted(by: rankOrder)
        let count = max(min(2, finished.count), Int((fraction * Double(finished.count)).rounded(.up)))
        return Array(finished.prefix(count))
    }

    /// Combines the records of several files (shards, or reruns of one search): one record per
    /// ``TrialKey``, the last one read winning (a failed trial rerun later replaces its failure),
    /// ordered by round then position. Merging the shards of a search gives exactly the records of
    /// the same search run unsharded.
    public static func merge(_ files: [[TrialResult]]) -> [TrialResult] {
        var byKey: [TrialKey: TrialResult] = [:]
        for result in files.joined() {
            if let previous = byKey[result.key], previous.status != .failed, result.status == .failed { continue }
            byKey[result.key] = result
        }
        return byKey.values.sorted { a, b in
            (a.trial.round, a.trial.index, a.arguments.joined(separator: " ")) < (b.trial.round, b.trial.index, b.arguments.joined(separator: " "))
        }
    }

    /// The edge warnings for the best trial: every ordered parameter of its round's space whose value
    /// lies at position p < margin or p > 1 − margin of the range (see ``SearchParameter/position(of:)``).
    public static func edgeWarnings(best: TrialResult, margin: Double) -> [EdgeWarning] {
        guard let space = try? SearchSpace(parsing: best.space) else { return [] }
        return space.parameters.compactMap { parameter in
            guard let value = best.trial.value(of: parameter.name), let position = parameter.position(of: value) else { return nil }
            if position < margin { return EdgeWarning(parameter: parameter, value: value, position: position, side: .low) }
            if position > 1 - margin { return EdgeWarning(parameter: parameter, value: value, position: position, side: .high) }
            return nil
        }
    }
}
