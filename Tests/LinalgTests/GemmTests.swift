import Testing
@testable import Linalg

@Suite("BLAS wrappers against naive loops")
struct GemmTests {
    static let shapes: [(Int, Int, Int)] = [(1, 1, 1), (3, 7, 5), (65, 33, 129)]
    static let transposes: [(Transpose, Transpose)] = [(.none, .none), (.none, .transpose), (.transpose, .none), (.transpose, .transpose)]
    static let scalings: [(Double, Double)] = [(1, 0), (-0.5, 1), (2.5, -1.5)]

    func check<S: BLASScalar>(_ type: S.Type, m: Int, n: Int, k: Int, transA: Transpose, transB: Transpose,
                              alpha: Double, beta: Double, tolerance: Double) {
        let a: Matrix<S> = transA == .none ? randomMatrix(m, k, seed: 1) : randomMatrix(k, m, seed: 1)
        let b: Matrix<S> = transB == .none ? randomMatrix(k, n, seed: 2) : randomMatrix(n, k, seed: 2)
        var c: Matrix<S> = randomMatrix(m, n, seed: 3)
        let expected = Naive.gemm(a, b, transA: transA, transB: transB, alpha: alpha, beta: beta, c: c)
        BLAS.gemm(a, b, transposeA: transA, transposeB: transB, alpha: S(alpha), beta: S(beta), into: &c)
        let scale = max(1, expected.map(abs).max() ?? 1)
        for (index, value) in c.elements.enumerated() {
            let error = abs(Double(value) - expected[index]) / scale
            #expect(error <= tolerance, "\(S.self) \(m)×\(n)×\(k) \(transA)/\(transB) α=\(alpha) β=\(beta) at \(index): \(value) vs \(expected[index])")
            if error > tolerance { return }
        }
    }

    @Test("gemm, every transpose, shape and scaling, Float and Double", arguments: 0..<4)
    func gemm(transposeIndex: Int) {
        let (transA, transB) = Self.transposes[transposeIndex]
        for (m, n, k) in Self.shapes {
            for (alpha, beta) in Self.scalings {
                check(Float.self, m: m, n: n, k: k, transA: transA, transB: transB, alpha: alpha, beta: beta, tolerance: 1e-5)
                check(Double.self, m: m, n: n, k: k, transA: transA, transB: transB, alpha: alpha, beta: beta, tolerance: 1e-13)
            }
        }
    }

    @Test("gemv in both orientations")
    func gemv() {
        let a: Matrix<Double> = randomMatrix(9, 4, seed: 5)
        let x4 = (0..<4).map { Double($0) - 1.5 }, x9 = (0..<9).map { Double($0) * 0.25 }
        var y9 = [Double](repeating: 1, count: 9), y4 = [Double](repeating: -2, count: 4)
        x4.withUnsafeBufferPointer { x in y9.withUnsafeMutableBufferPointer { BLAS.gemv(a, x, alpha: 2, beta: 0.5, into: $0) } }
        x9.withUnsafeBufferPointer { x in y4.withUnsafeMutableBufferPointer { BLAS.gemv(a, x, transpose: .transpose, alpha: -1, beta: 1, into: $0) } }
        for i in 0..<9 {
            let expected = 2 * (0..<4).reduce(0.0) { $0 + a[i, $1] * x4[$1] } + 0.5
            #expect(abs(y9[i] - expected) < 1e-13)
        }
        for j in 0..<4 {
            let expected = -(0..<9).reduce(0.0) { $0 + a[$1, j] * x9[$1] } - 2
            #expect(abs(y4[j] - expected) < 1e-13)
        }
    }

    @Test("axpy, scal, dot and nrm2")
    func level1() {
        let x: [Float] = [1, -2, 3.5, 0.25, 8]
        var y: [Float] = [0.5, 0.5, -1, 2, 3]
        let dotExpected = zip(x, y).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        #expect(abs(x.dot(y) - dotExpected) < 1e-5)
        #expect(abs(x.norm - (x.reduce(Float(0)) { $0 + $1 * $1 }).squareRoot()) < 1e-5)
        let before = y
        x.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { BLAS.axpy(-3, px, $0) } }
        for i in 0..<5 { #expect(y[i] == before[i] - 3 * x[i]) }
        y.withUnsafeMutableBufferPointer { BLAS.scal(0.5, $0) }
        for i in 0..<5 { #expect(y[i] == (before[i] - 3 * x[i]) * 0.5) }
        // nrm2 does not overflow where the naive sum of squares would.
        let huge: [Double] = [1e200, 1e200]
        #expect(abs(huge.norm / (1e200 * 2.0.squareRoot()) - 1) < 1e-15)
    }

    @Test("Matrix basics: transpose, identity, rows and columns, copy on write")
    func matrixBasics() {
        let a = Matrix<Double>([[1, 2, 3], [4, 5, 6]])
        #expect(a.transposed() == Matrix([[1, 4], [2, 5], [3, 6]]))
        #expect(a.row(1) == [4, 5, 6])
        #expect(a.column(2) == [3, 6])
        var b = a
        b[0, 0] = 100
        #expect(a[0, 0] == 1 && b[0, 0] == 100)
        #expect(BLAS.product(Matrix<Double>.identity(2), a) == a)
        #expect(abs(a.frobeniusNorm - (91.0).squareRoot()) < 1e-14)
    }
}
