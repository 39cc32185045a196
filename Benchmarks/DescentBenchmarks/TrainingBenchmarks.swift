import Benchmark
import Descent
import Linalg

/// One whole training step of `Trainer` — gather the minibatch, forward, backward, divergence check,
/// Adam update — for 784-256-256-10 in Float at batch 16, 64, 256 and 1024 on random data. Compare
/// with the `mlp … gemms direct` rows (the BLAS bound of the same step); the malloc count per step
/// must be 0.
func registerTrainingBenchmarks() {
    for batch in [16, 64, 256, 1024] {
        let rows = 4 * batch
        var random = RandomGenerator(seed: 11)
        var csv = (0..<784).map { "x\($0)" }.joined(separator: ",") + ",label\n"
        for row in 0..<rows {
            csv += (0..<784).map { _ in String(Float(random.normal())) }.joined(separator: ",") + ",\(row % 10)\n"
        }
        guard let table = try? CSVReader.parse(text: csv, source: "random"),
              let dataset = try? Dataset(table: table),
              let network = try? Network<Float>(spec: NetworkSpec(inputCount: 784, hiddenSizes: [256, 256], outputCount: 10),
                                                maxBatchSize: batch, random: &random)
        else { continue }
        var settings = TrainingSettings()
        settings.batchSize = batch
        guard let trainer = try? Trainer(network: network, settings: settings, dataset: dataset, trainingRows: Array(0..<rows),
                                         validationRows: nil, shuffleRandom: RandomGenerator(seed: 12))
        else { continue }
        trainer.beginEpochIfNeeded()
        let configuration = Benchmark.Configuration(
            metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one,
            maxDuration: .seconds(3), thresholds: nil)
        Benchmark("mlp 784-256-256-10 batch=\(batch) trainer step adam (samples \(batch))", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                if trainer.batchPosition.next == trainer.batchPosition.count { trainer.rewindEpoch() }
                blackHole(trainer.trainStep())
            }
        }
    }
}
