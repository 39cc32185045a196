import Descent

/// One raced entry of `descent compare`: a method, at its own batch size when `--batch-sizes`
/// races them.
struct CompareEntry {
    /// The method.
    var contestant: TrainingMethod
    /// The batch size raced (nil: --batch-size for all).
    var batchSize: Int?

    /// The name in tables, files and JSON: "sgd", or "sgd b16" when batch sizes are raced.
    var name: String { batchSize.map { "\(contestant.name) b\($0)" } ?? contestant.name }
}
