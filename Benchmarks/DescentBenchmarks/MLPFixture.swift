import Benchmark
import Descent
import Linalg

/// The network the model and step suites time: 784-256-256-10 ReLU (Float, cross-entropy, seed 3)
/// built for one batch size, with a batch of standard-normal inputs, labels 0…9 repeated, and the
/// configuration both suites use (wall clock, throughput, mallocs; up to 3 s each).
struct MLPFixture {
    /// The layer widths, input first.
    static let widths = [784, 256, 256, 10]
    /// The network, for batches of up to `batch` rows.
    let network: Network<Float>
    /// `batch` × 784 inputs.
    let inputs: AlignedBuffer<Float>
    /// The class index of each row.
    let labels: [Int32]
    /// The benchmark configuration of both suites.
    static var configuration: Benchmark.Configuration {
        Benchmark.Configuration(metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one,
                                maxDuration: .seconds(3), thresholds: nil)
    }

    /// The fixture for `batch` rows; nil if the network cannot be built.
    init?(batch: Int) {
        var random = RandomGenerator(seed: 3)
        let spec = NetworkSpec(inputCount: 784, hiddenSizes: [256, 256], outputCount: 10, activation: .relu)
        guard let network = try? Network<Float>(spec: spec, maxBatchSize: batch, random: &random) else { return nil }
        self.network = network
        inputs = AlignedBuffer<Float>(count: batch * 784)
        random.fillNormal(inputs.buffer)
        labels = (0..<batch).map { Int32($0 % 10) }
    }
}
