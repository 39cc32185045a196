import Benchmark
import Descent
import Linalg

/// Curvature in Double on the peers' network (scripts/peers/peer_hessian_bench.py): a 10-64-64-3 tanh
/// MLP (5 059 parameters), softmax cross-entropy, 512 rows.
/// - One Hessian-vector product (R-operator: forward, R-forward, backward + R-backward) against two
///   gradient evaluations (what a finite-difference product would cost); expect a ratio near 1.
/// - The full Hessian (5 059 products) and its spectrum by `dsyevd_2stage`, against JAX's HVP map +
///   numpy `eigvalsh` (7.1 s + 10.0 s on this kind of machine); the two eigensolvers alone on it.
func registerCurvatureBenchmarks() {
    var random = RandomGenerator(seed: 5)
    guard let hessian = peerHessian(width: 64, random: &random) else { return }
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
    Benchmark("curvature 10-64-64-3 rows=512 full hessian + dsyevd_2stage spectrum", configuration: slow) { benchmark in
        for _ in benchmark.scaledIterations {
            if let assembled = try? hessian.assemble() {
                blackHole(try? HessianSpectrum(assembled, singularValues: false))
            }
        }
    }
    // Assembled on first use, so that filtering these cases out costs nothing.
    let assembled = LazyHessianMatrix(hessian)
    for driver in SymmetricEigenvalueDriver.allCases {
        Benchmark("curvature eigenvalues n=\(n) \(driver.routine(for: Double.self))", configuration: slow) { benchmark in
            guard let matrix = assembled.matrix else { return }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try? SymmetricEigen.eigenvalues(of: matrix, driver: driver))
            }
        }
    }
    registerLanczosBenchmarks()
}

/// Lanczos on the peers' 10-300-300-3 tanh MLP (94 503 parameters, 512 rows), against JAX HVP +
/// scipy `eigsh(k=1)`: one product with all four passes, one at a fixed point (what Lanczos makes),
/// `--top 1` (both ends, tolerance 1e-10) and the largest end only, and `--top 10` (largest), with
/// partial reorthogonalization (the default) and full (every step) for comparison.
func registerLanczosBenchmarks() {
    var random = RandomGenerator(seed: 6)
    guard let hessian = peerHessian(width: 300, random: &random) else { return }
    let n = hessian.dimension
    let vector = AlignedBuffer<Double>(count: n), result = AlignedBuffer<Double>(count: n)
    random.fillNormal(vector.buffer)
    let configuration = Benchmark.Configuration(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3), thresholds: nil)
    for reuse in [false, true] {
        Benchmark("curvature 10-300-300-3 rows=512 hessian-vector product\(reuse ? " at a fixed point" : "")", configuration: configuration) { benchmark in
            hessian.reusesPointPasses = reuse
            for _ in benchmark.scaledIterations {
                blackHole(hessian.apply(UnsafeBufferPointer(vector.buffer), into: result.buffer))
            }
        }
    }
    let slow = Benchmark.Configuration(metrics: [.wallClock, .mallocCountTotal], warmupIterations: 0, maxDuration: .seconds(60),
                                       maxIterations: 3, thresholds: nil)
    let runs: [(count: Int, ends: LanczosEnds, reorthogonalization: LanczosReorthogonalization)] = [
        (1, .both, .partial), (1, .largest, .partial), (1, .largest, .full), (10, .largest, .partial), (10, .largest, .full),
    ]
    for run in runs {
        let name = "curvature 10-300-300-3 rows=512 lanczos top-\(run.count) ends=\(run.ends.rawValue)"
            + (run.reorthogonalization == .full ? " full reorthogonalization" : "")
        Benchmark(name, configuration: slow) { benchmark in
            hessian.reusesPointPasses = true
            for _ in benchmark.scaledIterations {
                var lanczosRandom = RandomGenerator(seed: 3)
                blackHole(try? Lanczos.extremeEigenpairs(dimension: n, count: run.count, maxSteps: 300, ends: run.ends,
                                                         reorthogonalization: run.reorthogonalization, random: &lanczosRandom) {
                    hessian.apply($0, into: $1)
                })
            }
        }
    }
}

/// The peers' objective: a 10-`width`-`width`-3 tanh MLP, softmax cross-entropy over 512 normal rows
/// with uniform labels, weights and rows drawn from `random`.
func peerHessian(width: Int, random: inout RandomGenerator) -> NetworkHessian? {
    let rows = 512
    guard let network = try? Network<Double>(inputCount: 10, layers: [.dense(outputCount: width), .activation(.tanh),
                                                                      .dense(outputCount: width), .activation(.tanh),
                                                                      .dense(outputCount: 3)],
                                             loss: .crossEntropy(), initializer: .xavierNormal, maxBatchSize: rows, random: &random)
    else { return nil }
    let features = (0..<rows * 10).map { _ in random.normal() }
    let labels = (0..<rows).map { _ in Int32(random.uniformInt(below: 3)) }
    return try? NetworkHessian(network: network, features: features, rowCount: rows, classIndices: labels)
}

/// A network Hessian's dense matrix, assembled the first time it is asked for.
final class LazyHessianMatrix: @unchecked Sendable {
    private let hessian: NetworkHessian
    private var assembled: Matrix<Double>??

    init(_ hessian: NetworkHessian) { self.hessian = hessian }

    /// The symmetrized matrix (nil if assembly failed).
    var matrix: Matrix<Double>? {
        if let assembled { return assembled }
        let value = try? hessian.assemble().matrix
        assembled = .some(value)
        return value
    }
}
