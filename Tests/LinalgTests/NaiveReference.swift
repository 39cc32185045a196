@testable import Linalg

/// Independent references for the BLAS wrappers: plain loops in Double, no BLAS.
enum Naive {
    /// α·op(A)·op(B) + β·C by the triple loop, in Double.
    static func gemm<S: BLASScalar>(_ a: Matrix<S>, _ b: Matrix<S>, transA: Transpose, transB: Transpose,
                                    alpha: Double, beta: Double, c: Matrix<S>) -> [Double] {
        let m = c.rows, n = c.columns
        let k = transA == .none ? a.columns : a.rows
        var result = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let aip = transA == .none ? a[i, p] : a[p, i]
                    let bpj = transB == .none ? b[p, j] : b[j, p]
                    sum += Double(aip) * Double(bpj)
                }
                result[i * n + j] = alpha * sum + beta * Double(c[i, j])
            }
        }
        return result
    }
}

/// A rows×columns matrix of seeded normal values.
func randomMatrix<S: BLASScalar>(_ rows: Int, _ columns: Int, seed: UInt64, as type: S.Type = S.self) -> Matrix<S> {
    var random = RandomGenerator(seed: seed)
    var m = Matrix<S>(rows: rows, columns: columns)
    m.withUnsafeMutableBufferPointer { random.fillNormal($0) }
    return m
}

/// A random symmetric n×n matrix (B + Bᵀ)/2.
func randomSymmetric(_ n: Int, seed: UInt64) -> Matrix<Double> {
    let b: Matrix<Double> = randomMatrix(n, n, seed: seed)
    var s = Matrix<Double>(rows: n, columns: n)
    for i in 0..<n { for j in 0..<n { s[i, j] = (b[i, j] + b[j, i]) / 2 } }
    return s
}
