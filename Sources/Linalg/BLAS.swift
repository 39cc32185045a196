/// Shape-checked BLAS operations on `Matrix` values and buffers. A shape mismatch is a programming
/// error and stops with a message naming the routine and the shapes; the arithmetic is OpenBLAS's.
public enum BLAS {
    /// C ← α·op(A)·op(B) + β·C into a preallocated C (`?gemm`). op(A) must be m×k, op(B) k×n, C m×n.
    @inlinable
    public static func gemm<Scalar: BLASScalar>(
        _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, transposeA transA: Transpose = .none, transposeB transB: Transpose = .none,
        alpha: Scalar = 1, beta: Scalar = 0, into c: inout Matrix<Scalar>
    ) {
        let (m, k) = transA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        let (kB, n) = transB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
        precondition(k == kB && c.rows == m && c.columns == n,
                     "\(Scalar.blasPrefix)gemm: op(A) is \(m)×\(k), op(B) is \(kB)×\(n), C is \(c.rows)×\(c.columns)")
        if m == 0 || n == 0 { return }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    Scalar.gemm(transA, transB, m: m, n: n, k: k, alpha: alpha,
                                a: pa.baseAddress!, lda: max(1, a.columns), b: pb.baseAddress!, ldb: max(1, b.columns),
                                beta: beta, c: pc.baseAddress!, ldc: max(1, n))
                }
            }
        }
    }

    /// op(A)·op(B) as a new matrix.
    @inlinable
    public static func product<Scalar: BLASScalar>(
        _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, transposeA transA: Transpose = .none, transposeB transB: Transpose = .none
    ) -> Matrix<Scalar> {
        let m = transA == .none ? a.rows : a.columns
        let n = transB == .none ? b.columns : b.rows
        var c = Matrix<Scalar>(rows: m, columns: n)
        gemm(a, b, transposeA: transA, transposeB: transB, into: &c)
        return c
    }

    /// y ← α·op(A)·x + β·y (`?gemv`).
    @inlinable
    public static func gemv<Scalar: BLASScalar>(
        _ a: Matrix<Scalar>, _ x: UnsafeBufferPointer<Scalar>, transpose trans: Transpose = .none,
        alpha: Scalar = 1, beta: Scalar = 0, into y: UnsafeMutableBufferPointer<Scalar>
    ) {
        let (rowsOut, columnsIn) = trans == .none ? (a.rows, a.columns) : (a.columns, a.rows)
        precondition(x.count == columnsIn && y.count == rowsOut,
                     "\(Scalar.blasPrefix)gemv: op(A) is \(rowsOut)×\(columnsIn), x has \(x.count), y has \(y.count)")
        if rowsOut == 0 { return }
        if columnsIn == 0 {
            scal(beta, y)
            return
        }
        a.withUnsafeBufferPointer { pa in
            Scalar.gemv(trans, m: a.rows, n: a.columns, alpha: alpha, a: pa.baseAddress!, lda: max(1, a.columns),
                        x: x.baseAddress!, incx: 1, beta: beta, y: y.baseAddress!, incy: 1)
        }
    }

    /// y ← α·x + y (`?axpy`).
    @inlinable
    public static func axpy<Scalar: BLASScalar>(_ alpha: Scalar, _ x: UnsafeBufferPointer<Scalar>, _ y: UnsafeMutableBufferPointer<Scalar>) {
        precondition(x.count == y.count, "\(Scalar.blasPrefix)axpy: x has \(x.count), y has \(y.count)")
        if x.isEmpty { return }
        Scalar.axpy(n: x.count, alpha: alpha, x: x.baseAddress!, incx: 1, y: y.baseAddress!, incy: 1)
    }

    /// x ← α·x (`?scal`).
    @inlinable
    public static func scal<Scalar: BLASScalar>(_ alpha: Scalar, _ x: UnsafeMutableBufferPointer<Scalar>) {
        if x.isEmpty { return }
        Scalar.scal(n: x.count, alpha: alpha, x: x.baseAddress!, incx: 1)
    }

    /// xᵀy (`?dot`).
    @inlinable
    public static func dot<Scalar: BLASScalar>(_ x: UnsafeBufferPointer<Scalar>, _ y: UnsafeBufferPointer<Scalar>) -> Scalar {
        precondition(x.count == y.count, "\(Scalar.blasPrefix)dot: x has \(x.count), y has \(y.count)")
        if x.isEmpty { return 0 }
        return Scalar.dot(n: x.count, x: x.baseAddress!, incx: 1, y: y.baseAddress!, incy: 1)
    }

    /// ‖x‖₂ (`?nrm2`).
    @inlinable
    public static func nrm2<Scalar: BLASScalar>(_ x: UnsafeBufferPointer<Scalar>) -> Scalar {
        if x.isEmpty { return 0 }
        return Scalar.nrm2(n: x.count, x: x.baseAddress!, incx: 1)
    }
}

extension Array where Element: BLASScalar {
    /// xᵀy of two arrays of equal length, by BLAS.
    public func dot(_ other: [Element]) -> Element {
        withUnsafeBufferPointer { x in other.withUnsafeBufferPointer { y in BLAS.dot(x, y) } }
    }

    /// ‖x‖₂ by BLAS.
    public var norm: Element { withUnsafeBufferPointer { BLAS.nrm2($0) } }
}
