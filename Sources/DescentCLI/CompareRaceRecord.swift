import Descent

/// A JSON key given at run time (the race's quantities are named by the task and the flags).
struct CompareJSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedEncodingContainer where Key == CompareJSONKey {
    /// Writes `value` under `name`, or null when it is nil or not finite (the one null policy).
    mutating func metric(_ value: Double?, _ name: String) throws {
        if let value, value.isFinite { try encode(value, forKey: CompareJSONKey(name)) } else { try encodeNil(forKey: CompareJSONKey(name)) }
    }

    /// Writes `value` under `name`, or null when it is nil — the key is never left out.
    mutating func field<Value: Encodable>(_ value: Value?, _ name: String) throws {
        if let value { try encode(value, forKey: CompareJSONKey(name)) } else { try encodeNil(forKey: CompareJSONKey(name)) }
    }
}

/// The `--json` object of `descent compare` (`"type": "race"`): the settings, then per raced entry
/// its rate, its summaries over seeds and its runs, then the paired tests. Keys are snake_case and
/// sorted by the encoder (`JSONLine`); an absent value is null, never left out.
struct CompareRaceRecord: Encodable {
    var data: String
    var task: String
    var precision: String
    var epochs: Int
    var batchSize: Int
    var batchSizes: [Int]?
    var sharpnessEpsilon: Double?
    var seeds: [UInt64]
    var targetLoss: Double?
    var threads: Int
    var openblasCore: String
    var history: String?
    var plot: String?
    var optimizers: [Entry]
    var pairedTests: [Pair]

    /// The summary of one quantity over the seeds that finished.
    struct Summary: Encodable {
        var summary: SeedSummary

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CompareJSONKey.self)
            try c.metric(summary.mean, "mean")
            try c.metric(summary.standardDeviation, "std")
            try c.metric(summary.median, "median")
            try c.metric(summary.minimum, "min")
            try c.metric(summary.maximum, "max")
            try c.field(summary.count, "count")
        }
    }

    /// One learning rate tried by --tune-lr.
    struct Trial: Encodable {
        var lr: Double
        var valLoss: Double?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CompareJSONKey.self)
            try c.metric(lr, "lr")
            try c.metric(valLoss, "val_loss")
        }
    }

    /// One raced entry: a rule (at one batch size).
    struct Entry: Encodable {
        var name: String
        var optimizer: String
        var batchSize: Int
        var lr: Double
        var lrSource: String
        var lrTrials: [Trial]
        var runsDiverged: Int
        var summaries: [(name: String, summary: SeedSummary?)]
        var runs: [Run]

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CompareJSONKey.self)
            try c.field(name, "name")
            try c.field(optimizer, "optimizer")
            try c.field(batchSize, "batch_size")
            try c.metric(lr, "lr")
            try c.field(lrSource, "lr_source")
            try c.field(lrTrials, "lr_trials")
            try c.field(runsDiverged, "runs_diverged")
            for (name, summary) in summaries { try c.field(summary.map(Summary.init), name) }
            try c.field(runs, "runs")
        }
    }

    /// One run of an entry at one seed.
    struct Run: Encodable {
        var seed: UInt64
        var initialLoss: Double
        var initialValLoss: Double?
        var epochs: Int
        var steps: Int
        var seconds: Double
        var values: [(name: String, value: Double?)]
        var divergence: String?
        var sharpness: MinimumSharpness?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CompareJSONKey.self)
            try c.field(seed, "seed")
            try c.metric(initialLoss, "initial_loss")
            try c.metric(initialValLoss, "initial_val_loss")
            try c.field(epochs, "epochs")
            try c.field(steps, "steps")
            try c.metric(seconds, "seconds")
            for (name, value) in values { try c.metric(value, name) }
            try c.field(divergence != nil, "diverged")
            try c.field(divergence, "divergence")
            try c.field(sharpness, "sharpness")
        }
    }

    /// A paired test between two entries over the seeds.
    struct Pair: Encodable {
        var first: String
        var second: String
        var quantity: String
        var withinSpread: Bool
        var result: PairedTest?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CompareJSONKey.self)
            try c.field("paired_test", "type")
            try c.field(first, "first")
            try c.field(second, "second")
            try c.field(quantity, "quantity")
            try c.field(withinSpread, "within_spread")
            try c.field(result, "result")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CompareJSONKey.self)
        try c.field("race", "type")
        try c.field(data, "data")
        try c.field(task, "task")
        try c.field(precision, "precision")
        try c.field(epochs, "epochs")
        try c.field(batchSize, "batch_size")
        try c.field(batchSizes, "batch_sizes")
        try c.metric(sharpnessEpsilon, "sharpness_epsilon")
        try c.field(seeds, "seeds")
        try c.metric(targetLoss, "target_loss")
        try c.field(threads, "threads")
        try c.field(openblasCore, "openblas_core")
        try c.field(history, "history")
        try c.field(plot, "plot")
        try c.field(optimizers, "optimizers")
        try c.field(pairedTests, "paired_tests")
    }
}
