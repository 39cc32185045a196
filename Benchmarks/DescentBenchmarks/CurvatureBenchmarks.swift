import Benchmark
import Descent
import Linalg

/// Curvature in Double on the peers' network (shared/peers/peer_hessian_bench.py): a 10-64-64-3 tanh
/// MLP (5 059 parameters), softmax cross-entropy, 512 rows.
/// - One Hessian-vector product (R-operator: forward, R-forward, backward + R-backward) against two
///   gradient evaluations (what a finite-difference product would cost); expect a ratio near 1.
/// - The full Hessian (5 059 products) and its spectrum by `dsyevd`, against JAX's HVP map + numpy
///   `eigvalsh` (7.1 s + 10.0 s on this kind of machine).
func registerCurvatureBenchmarks() {
    let rows = 512
    var random = RandomGenerator(seed: 5)
    guard let network = try? Network<Double>(inputCount: 10, layers: [.dense(outputCount: 64), .activation(.tanh),
                                                                      .dense(outputCount: 64), .activation(.tanh),
                                                                      .dense(outputCount: 3)],
                                             loss: .crossEntropy(), initializer: .xavierNormal, maxBatchSize: rows, random: &random)
    else { return }
    let features = (0..<rows * 10).map { _ in random.normal() }
    let labels = (0..<rows).map { _ in Int32(random.uniformInt(below: 3)) }
    guard let hessian = try? NetworkHessian(network: network, features: features, rowCount: rows, classIndices: labels) else { return }
    let n = hessian.dimension
    let vector = AlignedBuffer<Double>(count: n), result = AlignedBuffer<Double>(count: n)
    random.fillNormal(vector.buffer)
    let configuration = Benchmark.Configuration(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3), thresholds: nil)

    Benchmark("curvature 10-64-64-3 rows=512 hessian-vector product", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(hessian.apply(UnsafeBufferPointer(vector.buffer), into: result.buffer))
        }
    }
    Benchmark("curvature 10-64-64-3 rows=512 two gradients", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(hessian.lossAndGradient(into: result.buffer))
            blackHole(hessian.lossAndGradient(into: result.buffer))
        }
    }
    let slow = Benchmark.Configuration(metrics: [.wallClock], warmupIterations: 0, maxDuration: .seconds(120), maxIterations: 1,
                                       thresholds: nil)
    Benchmark("curvature 10-64-64-3 rows=512 full hessian (\(n) products)", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? hessian.assemble())
        }
    }
    Benchmark("curvature 10-64-64-3 rows=512 full hessian + dsyevd spectrum", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            if let assembled = try? hessian.assemble() {
                blackHole(try? HessianSpectrum(assembled, singularValues: false))
            }
        }
    }
}
