import Foundation

/// Everything that fixes a search study's trials: the data, the space, how trials are drawn, the
/// rounds and the shards. Written once to `study.json` in the study directory, so every job of a
/// cluster run — and `descent search status` — works from the same typed values, not from argv.
public struct SearchStudyPlan: Sendable, Equatable, Codable {
    /// The version of this file's layout.
    public static let currentFormatVersion = 1

    /// The layout version the plan was written with.
    public var formatVersion: Int
    /// The CSV file, as an absolute path (jobs may start in another directory).
    public var data: String
    /// The data file's SHA-256 and the Descent version: a shard refuses to run on other data.
    public var dataSHA256: String
    /// The first round's space as written (`lr=log:1e-05:0.1`).
    public var space: [String]
    /// Random or grid.
    public var strategy: SearchStrategy
    /// Trials per round (random), or the grid's approximate size.
    public var trials: Int
    /// Grid values per ordered parameter (nil: as many as `trials` allows).
    public var gridPoints: Int?
    /// The first round's epoch budget; round k trains up to epochs·2^(k−1).
    public var epochs: Int
    /// The seed of the trial lists and of every trial.
    public var seed: UInt64
    /// Rounds in all (1 + refine rounds).
    public var rounds: Int
    /// Shards per round (one job array task each).
    public var shards: Int
    /// The `descent train` flags every trial gets unchanged.
    public var trainArguments: [String]
    /// `--prefer smaller|larger PARAM`: the one-standard-error choice the final merge makes (nil: none;
    /// absent from plans written before it existed).
    public var preference: SearchPreference?

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", data, dataSHA256 = "data_sha256", space, strategy, trials
        case gridPoints = "grid_points", epochs, seed, rounds, shards, trainArguments = "train_arguments", preference = "prefer"
    }

    /// Creates a plan.
    public init(data: String, dataSHA256: String, space: [String], strategy: SearchStrategy = .random, trials: Int,
                gridPoints: Int? = nil, epochs: Int, seed: UInt64, rounds: Int, shards: Int, trainArguments: [String],
                preference: SearchPreference? = nil) {
        formatVersion = Self.currentFormatVersion
        self.data = data
        self.dataSHA256 = dataSHA256
        self.space = space
        self.strategy = strategy
        self.trials = trials
        self.gridPoints = gridPoints
        self.epochs = epochs
        self.seed = seed
        self.rounds = rounds
        self.shards = shards
        self.trainArguments = trainArguments
        self.preference = preference
    }

    /// The first round's space, parsed.
    public func originalSpace() throws -> SearchSpace { try SearchSpace(parsing: space) }

    /// Round `round`'s epoch budget: epochs·2^(round − 1).
    public func epochs(round: Int) -> Int { epochs << max(0, round - 1) }

    /// The trial list of `round` over `space`: the grid, or `trials` random draws.
    public func trials(in space: SearchSpace, round: Int) -> [SearchTrial] {
        strategy == .grid
            ? space.gridTrials(pointsPerParameter: gridPoints ?? space.gridPoints(forTrials: trials), round: round)
            : space.randomTrials(count: trials, seed: seed, round: round)
    }

    /// The `descent train` arguments after the data file for `trial` of a round with budget
    /// `epochs`: pass-through flags, the seed and epoch budget, then the trial's values (last, so a
    /// searched `--epochs` or `--seed` wins).
    public func arguments(for trial: SearchTrial, epochs: Int) -> [String] {
        trainArguments + ["--seed", String(seed), "--epochs", String(epochs)] + trial.arguments
    }

    /// The identity of `trial`'s record: round, position, arguments and provenance.
    public func key(for trial: SearchTrial, provenance: TrialProvenance) -> TrialKey {
        TrialKey(round: trial.round, index: trial.index, arguments: arguments(for: trial, epochs: epochs(round: trial.round)), provenance: provenance)
    }

    /// The provenance every record of this study carries.
    public var provenance: TrialProvenance {
        TrialProvenance(dataSHA256: dataSHA256, dataFile: URL(fileURLWithPath: data).lastPathComponent)
    }
}

extension SearchSpace {
    /// The space of the round after one whose records are `roundResults`: narrowed around the best
    /// fifth of its finished trials (at least two), within `original` (see ``refined(around:within:)``).
    /// Nil when none finished. A local run and a cluster's merge-and-refine job both call this on
    /// the same records, so both get the same next round.
    public func nextRound(after roundResults: [TrialResult], within original: SearchSpace) -> SearchSpace? {
        let best = SearchSummary.top(roundResults, fraction: 0.2)
        guard !best.isEmpty else { return nil }
        return refined(around: best.map(\.trial.values), within: original)
    }
}
