import Benchmark
import Descent
import Linalg

/// One training step of a 784-256-256-10 ReLU network (cross-entropy, Float, Adam) at batch 16, 64,
/// 256 and 1024, two ways: `Network.trainingStep` (each layer's slice updated right after its
/// gradient, optimizer in backward) and `lossAndGradient` followed by one whole `Adam.step`. The
/// two give the same bits; compare their times, and with the `gemms direct` rows of the model suite.
/// The malloc count per step must be 0.
func registerStepBenchmarks() {
    for batch in [16, 64, 256, 1024] {
        guard let fixture = MLPFixture(batch: batch) else { continue }
        let (network, inputs, labels, configuration) = (fixture.network, fixture.inputs, fixture.labels, MLPFixture.configuration)
        for fused in [true, false] {
            let name = fused ? "optimizer in backward" : "gradient, then whole update"
            Benchmark("mlp 784-256-256-10 batch=\(batch) step adam, \(name) (samples \(batch))", configuration: configuration) { benchmark in
                var rule: any Optimizer<Float> = Adam<Float>(learningRate: 1e-4)
                labels.withUnsafeBufferPointer { targets in
                    let x = UnsafeBufferPointer(inputs.buffer)
                    network.trainingStep(inputs: x, targets: .classIndices(targets), batchSize: batch, mode: .training, optimizer: &rule)
                    benchmark.startMeasurement()
                    for _ in benchmark.scaledIterations {
                        if fused {
                            blackHole(network.trainingStep(inputs: x, targets: .classIndices(targets), batchSize: batch,
                                                           mode: .training, optimizer: &rule))
                        } else {
                            blackHole(network.lossAndGradient(inputs: x, targets: .classIndices(targets), batchSize: batch, mode: .training))
                            rule.step(parameters: network.parameters.buffer, gradient: UnsafeBufferPointer(network.gradient.buffer))
                        }
                    }
                    benchmark.stopMeasurement()
                }
            }
        }
    }
}
