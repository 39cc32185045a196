import Benchmark
import Descent
import Linalg

/// Forward + backward of a 784-256-256-10 ReLU network (cross-entropy, Float) at batch 16, 64, 256
/// and 1024, against the same GEMMs called directly on buffers of the same shapes (the BLAS bound:
/// forward X·Wᵀ per layer, backward dW = dYᵀ·X per layer and dX = dY·W for all but the first).
/// Compare each `network` row's time with its `gemms` row; throughput is samples/s; the malloc
/// count per step should be 0.
func registerModelBenchmarks() {
    let widths = MLPFixture.widths
    for batch in [16, 64, 256, 1024] {
        guard let fixture = MLPFixture(batch: batch) else { continue }
        let (network, inputs, labels, configuration) = (fixture.network, fixture.inputs, fixture.labels, MLPFixture.configuration)
        Benchmark("mlp 784-256-256-10 batch=\(batch) network forward+backward (samples \(batch))", configuration: configuration) { benchmark in
            labels.withUnsafeBufferPointer { targets in
                let x = UnsafeBufferPointer(inputs.buffer)
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    blackHole(network.lossAndGradient(inputs: x, targets: .classIndices(targets), batchSize: batch, mode: .training))
                }
                benchmark.stopMeasurement()
            }
        }

        // The same products on buffers of the same shapes.
        let weights = (0..<3).map { AlignedBuffer<Float>(count: widths[$0 + 1] * widths[$0], repeating: 0.01) }
        let activations = (0..<4).map { AlignedBuffer<Float>(count: batch * widths[$0], repeating: 0.5) }
        let gradients = (0..<4).map { AlignedBuffer<Float>(count: batch * widths[$0], repeating: 0.5) }
        let weightGradients = (0..<3).map { AlignedBuffer<Float>(count: widths[$0 + 1] * widths[$0]) }
        Benchmark("mlp 784-256-256-10 batch=\(batch) gemms direct (samples \(batch))", configuration: configuration) { benchmark in
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                for layer in 0..<3 {
                    let n = widths[layer + 1], k = widths[layer]
                    Float.gemm(.none, .transpose, m: batch, n: n, k: k, alpha: 1, a: activations[layer].baseAddress, lda: k,
                               b: weights[layer].baseAddress, ldb: k, beta: 1, c: activations[layer + 1].baseAddress, ldc: n)
                }
                for layer in stride(from: 2, through: 0, by: -1) {
                    let n = widths[layer + 1], k = widths[layer]
                    Float.gemm(.transpose, .none, m: n, n: k, k: batch, alpha: 1, a: gradients[layer + 1].baseAddress, lda: n,
                               b: activations[layer].baseAddress, ldb: k, beta: 1, c: weightGradients[layer].baseAddress, ldc: k)
                    if layer > 0 {
                        Float.gemm(.none, .none, m: batch, n: k, k: n, alpha: 1, a: gradients[layer + 1].baseAddress, lda: n,
                                   b: weights[layer].baseAddress, ldb: k, beta: 0, c: gradients[layer].baseAddress, ldc: k)
                    }
                }
            }
            benchmark.stopMeasurement()
            blackHole(weightGradients[0][0])
        }
    }
}
