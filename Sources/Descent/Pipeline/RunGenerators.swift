import Linalg

/// The three random streams of a training run, drawn in a fixed order from one master
/// `RandomGenerator(seed:)`: the split's, the initial weights' and the batch order's.
///
/// None depends on the optimizer, so for one seed every method starts from the same weights and
/// sees the same minibatches — the fairness a race of optimizers relies on — and a library user
/// never has to share one generator between initialization and shuffling.
public struct RunGenerators: Sendable {
    /// Draws the validation/test split (`DataPreparation.prepare(seed:)`).
    public var split: RandomGenerator
    /// Draws the initial weights (and seeds dropout) of the network.
    public var initialization: RandomGenerator
    /// Draws each epoch's batch order.
    public var shuffle: RandomGenerator

    /// The streams of `seed`: the master generator's first three outputs seed split,
    /// initialization and shuffle, in that order.
    public init(seed: UInt64) {
        var master = RandomGenerator(seed: seed)
        split = RandomGenerator(seed: master.next())
        initialization = RandomGenerator(seed: master.next())
        shuffle = RandomGenerator(seed: master.next())
    }
}
