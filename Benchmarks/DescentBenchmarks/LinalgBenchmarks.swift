import Benchmark
import COpenBLAS
import Linalg

/// Float GEMM through Linalg's checked wrapper against a direct `cblas_sgemm` on the same buffers,
/// at n = 64, 256, 1024, and `dsyevd` at n = 500. Compare each `wrapper` row with its `direct` row.
func registerLinalgBenchmarks() {
    for n in [64, 256, 1024] {
        var random = RandomGenerator(seed: 1)
        var a = Matrix<Float>(rows: n, columns: n), b = Matrix<Float>(rows: n, columns: n)
        a.withUnsafeMutableBufferPointer { random.fillNormal($0) }
        b.withUnsafeMutableBufferPointer { random.fillNormal($0) }
        let flops = 2 * n * n * n
        let configuration = Benchmark.Configuration(
            metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one,
            maxDuration: .seconds(3), thresholds: nil)
        Benchmark("sgemm n=\(n) wrapper (flops \(flops))", configuration: configuration) { benchmark in
            var c = Matrix<Float>(rows: n, columns: n)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                BLAS.gemm(a, b, into: &c)
            }
            benchmark.stopMeasurement()
            blackHole(c[0, 0])
        }
        Benchmark("sgemm n=\(n) direct (flops \(flops))", configuration: configuration) { benchmark in
            var c = Matrix<Float>(rows: n, columns: n)
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        benchmark.startMeasurement()
                        for _ in benchmark.scaledIterations {
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1,
                                        pa.baseAddress, Int32(n), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                        }
                        benchmark.stopMeasurement()
                    }
                }
            }
            blackHole(c[0, 0])
        }
    }

    let n = 500
    var random = RandomGenerator(seed: 2)
    var base = Matrix<Double>(rows: n, columns: n)
    base.withUnsafeMutableBufferPointer { random.fillNormal($0) }
    let symmetric = BLAS.product(base, base, transposeA: .transpose)
    Benchmark("dsyevd n=500 eigenvalues", configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5))) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try SymmetricEigen.eigenvalues(of: symmetric))
        }
    }
}
