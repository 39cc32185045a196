import Linalg

/// Polyak averaging: an exponential moving average of the parameter vector, kept for evaluation
/// (the averaged weights usually generalize better than the last iterate). Like PyTorch's
/// `AveragedModel` with `get_ema_multi_avg_fn(decay)`, the first update copies the parameters
/// and later ones blend them in:
///
///     θ̄ ← θ                      on the first update,
///     θ̄ ← θ̄ + (1 − decay)·(θ − θ̄)  afterwards   (= decay·θ̄ + (1 − decay)·θ).
///
/// The average is a value; copying it and updating the copy copies its buffer once.
public struct ParameterAverage<Scalar: BLASScalar> {
    /// Weight of the old average, in [0, 1]; 0.999 averages over about 1000 updates.
    public var decay: Double
    /// How many times `update` has been called.
    public private(set) var updateCount = 0
    @usableFromInline var storage: AlignedBuffer<Scalar>?
    @usableFromInline let count: Int

    /// An empty average over `count` parameters.
    public init(count: Int, decay: Double = 0.999) {
        precondition(count >= 0, "ParameterAverage: negative count \(count)")
        precondition(decay >= 0 && decay <= 1, "ParameterAverage: decay \(decay) outside [0, 1]")
        self.count = count
        self.decay = decay
    }

    /// Blends `parameters` into the average (one pass, no allocation after the first call).
    public mutating func update(with parameters: UnsafeBufferPointer<Scalar>) {
        precondition(parameters.count == count, "ParameterAverage: \(parameters.count) values, expected \(count)")
        let isFirst = storage == nil
        let average = uniqueStateBuffer(&storage, count: count)
        updateCount += 1
        guard count > 0 else { return }
        let p = parameters.baseAddress!
        if isFirst {
            average.update(from: p, count: count)
            return
        }
        let weight = Scalar(1 - decay)
        for i in 0..<count {
            average[i] = average[i] + weight * (p[i] - average[i])
        }
    }

    /// The averaged parameters (empty before the first update).
    public var values: [Scalar] { storage?.array ?? [] }

    /// Copies the average into `destination` (for example the model's parameters before an
    /// evaluation). Requires at least one update.
    public func copy(into destination: UnsafeMutableBufferPointer<Scalar>) {
        precondition(destination.count == count, "ParameterAverage: destination has \(destination.count) values, expected \(count)")
        guard let storage else { preconditionFailure("ParameterAverage: no update yet") }
        if count > 0 { destination.baseAddress!.update(from: storage.baseAddress, count: count) }
    }
}
