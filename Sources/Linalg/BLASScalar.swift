import COpenBLAS

/// A floating-point type that BLAS and LAPACK serve: `Float` (the s-routines) and `Double` (the
/// d-routines). Everything numeric in Descent is generic over it; training defaults to `Float`,
/// curvature analysis runs in `Double`.
///
/// The static members are thin, unchecked pointer-level calls into OpenBLAS/LAPACKE. All matrices
/// are row-major. Prefer the checked wrappers (`Matrix`, `BLAS`, `SymmetricEigen`, …) unless you
/// are in a hot loop that already knows its shapes.
public protocol BLASScalar: BinaryFloatingPoint, Sendable, CustomStringConvertible
where Self.RawSignificand: FixedWidthInteger {
    /// The name prefix of this type's BLAS routines: "s" or "d".
    static var blasPrefix: String { get }

    /// C ← α·op(A)·op(B) + β·C with op(A) m×k, op(B) k×n, C m×n, all row-major (`cblas_?gemm`).
    static func gemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// y ← α·op(A)·x + β·y with A m×n row-major (`cblas_?gemv`).
    static func gemv(
        _ trans: Transpose, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
        x: UnsafePointer<Self>, incx: Int, beta: Self, y: UnsafeMutablePointer<Self>, incy: Int)

    /// y ← α·x + y (`cblas_?axpy`).
    static func axpy(n: Int, alpha: Self, x: UnsafePointer<Self>, incx: Int, y: UnsafeMutablePointer<Self>, incy: Int)

    /// x ← α·x (`cblas_?scal`).
    static func scal(n: Int, alpha: Self, x: UnsafeMutablePointer<Self>, incx: Int)

    /// xᵀy (`cblas_?dot`).
    static func dot(n: Int, x: UnsafePointer<Self>, incx: Int, y: UnsafePointer<Self>, incy: Int) -> Self

    /// ‖x‖₂, computed without overflow (`cblas_?nrm2`).
    static func nrm2(n: Int, x: UnsafePointer<Self>, incx: Int) -> Self

    /// Eigenvalues (ascending, into `w`) and, when `vectors`, eigenvectors (columns of `a`) of the
    /// symmetric n×n matrix `a` by divide and conquer (`LAPACKE_?syevd`). Returns LAPACK's info.
    static func syevd(vectors: Bool, n: Int, a: UnsafeMutablePointer<Self>, lda: Int, w: UnsafeMutablePointer<Self>) -> Int32

    /// Eigenvalues with indices `il...iu` (1-based, ascending) of the symmetric matrix `a` by the
    /// MRRR algorithm (`LAPACKE_?syevr`, range "I"); eigenvectors into the columns of `z` when
    /// `vectors`. `found` receives how many were computed. Returns LAPACK's info.
    static func syevr(
        vectors: Bool, n: Int, a: UnsafeMutablePointer<Self>, lda: Int, il: Int, iu: Int,
        found: UnsafeMutablePointer<Int32>, w: UnsafeMutablePointer<Self>, z: UnsafeMutablePointer<Self>, ldz: Int,
        isuppz: UnsafeMutablePointer<Int32>) -> Int32

    /// Singular values only (descending, into `s`) of the m×n matrix `a` (`LAPACKE_?gesdd`, jobz "N").
    /// `a` is destroyed. Returns LAPACK's info.
    static func gesddValues(m: Int, n: Int, a: UnsafeMutablePointer<Self>, lda: Int, s: UnsafeMutablePointer<Self>) -> Int32

    /// Solves A·X = B for symmetric indefinite A by Bunch–Kaufman factorization (`LAPACKE_?sysv`).
    /// `b` (n×nrhs) is overwritten by X, `a` by the factorization. Returns LAPACK's info.
    static func sysv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Self>, lda: Int, ipiv: UnsafeMutablePointer<Int32>,
                     b: UnsafeMutablePointer<Self>, ldb: Int) -> Int32

    /// Solves A·X = B for symmetric positive definite A by Cholesky (`LAPACKE_?posv`).
    /// Returns LAPACK's info (positive: A is not positive definite).
    static func posv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Self>, lda: Int, b: UnsafeMutablePointer<Self>, ldb: Int) -> Int32
}

@usableFromInline let rowMajorLayout = Int32(LAPACK_ROW_MAJOR)
@usableFromInline func lapackChar(_ ascii: Unicode.Scalar) -> CChar { CChar(bitPattern: UInt8(ascii: ascii)) }

extension Float: BLASScalar {
    public static var blasPrefix: String { "s" }

    @inlinable @inline(__always)
    public static func gemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(CblasRowMajor, transA.cblas, transB.cblas, Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    @inlinable @inline(__always)
    public static func gemv(
        _ trans: Transpose, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, incx: Int, beta: Float, y: UnsafeMutablePointer<Float>, incy: Int
    ) {
        cblas_sgemv(CblasRowMajor, trans.cblas, Int32(m), Int32(n), alpha, a, Int32(lda),
                    x, Int32(incx), beta, y, Int32(incy))
    }

    @inlinable @inline(__always)
    public static func axpy(n: Int, alpha: Float, x: UnsafePointer<Float>, incx: Int, y: UnsafeMutablePointer<Float>, incy: Int) {
        cblas_saxpy(Int32(n), alpha, x, Int32(incx), y, Int32(incy))
    }

    @inlinable @inline(__always)
    public static func scal(n: Int, alpha: Float, x: UnsafeMutablePointer<Float>, incx: Int) {
        cblas_sscal(Int32(n), alpha, x, Int32(incx))
    }

    @inlinable @inline(__always)
    public static func dot(n: Int, x: UnsafePointer<Float>, incx: Int, y: UnsafePointer<Float>, incy: Int) -> Float {
        cblas_sdot(Int32(n), x, Int32(incx), y, Int32(incy))
    }

    @inlinable @inline(__always)
    public static func nrm2(n: Int, x: UnsafePointer<Float>, incx: Int) -> Float {
        cblas_snrm2(Int32(n), x, Int32(incx))
    }

    public static func syevd(vectors: Bool, n: Int, a: UnsafeMutablePointer<Float>, lda: Int, w: UnsafeMutablePointer<Float>) -> Int32 {
        LAPACKE_ssyevd(rowMajorLayout, lapackChar(vectors ? "V" : "N"), lapackChar("U"), Int32(n), a, Int32(lda), w)
    }

    public static func syevr(
        vectors: Bool, n: Int, a: UnsafeMutablePointer<Float>, lda: Int, il: Int, iu: Int,
        found: UnsafeMutablePointer<Int32>, w: UnsafeMutablePointer<Float>, z: UnsafeMutablePointer<Float>, ldz: Int,
        isuppz: UnsafeMutablePointer<Int32>
    ) -> Int32 {
        LAPACKE_ssyevr(rowMajorLayout, lapackChar(vectors ? "V" : "N"), lapackChar("I"), lapackChar("U"), Int32(n),
                       a, Int32(lda), 0, 0, Int32(il), Int32(iu), 0, found, w, z, Int32(ldz), isuppz)
    }

    public static func gesddValues(m: Int, n: Int, a: UnsafeMutablePointer<Float>, lda: Int, s: UnsafeMutablePointer<Float>) -> Int32 {
        // Row-major gesdd checks ldu ≥ m and ldvt ≥ n even with jobz "N" (shared/PLATFORM.md).
        var dummyU: Float = 0, dummyVT: Float = 0
        return LAPACKE_sgesdd(rowMajorLayout, lapackChar("N"), Int32(m), Int32(n), a, Int32(lda), s,
                              &dummyU, Int32(max(1, m)), &dummyVT, Int32(max(1, n)))
    }

    public static func sysv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, lda: Int, ipiv: UnsafeMutablePointer<Int32>,
                            b: UnsafeMutablePointer<Float>, ldb: Int) -> Int32 {
        LAPACKE_ssysv(rowMajorLayout, lapackChar("U"), Int32(n), Int32(nrhs), a, Int32(lda), ipiv, b, Int32(ldb))
    }

    public static func posv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, lda: Int, b: UnsafeMutablePointer<Float>, ldb: Int) -> Int32 {
        LAPACKE_sposv(rowMajorLayout, lapackChar("U"), Int32(n), Int32(nrhs), a, Int32(lda), b, Int32(ldb))
    }
}

extension Double: BLASScalar {
    public static var blasPrefix: String { "d" }

    @inlinable @inline(__always)
    public static func gemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(CblasRowMajor, transA.cblas, transB.cblas, Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    @inlinable @inline(__always)
    public static func gemv(
        _ trans: Transpose, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
        x: UnsafePointer<Double>, incx: Int, beta: Double, y: UnsafeMutablePointer<Double>, incy: Int
    ) {
        cblas_dgemv(CblasRowMajor, trans.cblas, Int32(m), Int32(n), alpha, a, Int32(lda),
                    x, Int32(incx), beta, y, Int32(incy))
    }

    @inlinable @inline(__always)
    public static func axpy(n: Int, alpha: Double, x: UnsafePointer<Double>, incx: Int, y: UnsafeMutablePointer<Double>, incy: Int) {
        cblas_daxpy(Int32(n), alpha, x, Int32(incx), y, Int32(incy))
    }

    @inlinable @inline(__always)
    public static func scal(n: Int, alpha: Double, x: UnsafeMutablePointer<Double>, incx: Int) {
        cblas_dscal(Int32(n), alpha, x, Int32(incx))
    }

    @inlinable @inline(__always)
    public static func dot(n: Int, x: UnsafePointer<Double>, incx: Int, y: UnsafePointer<Double>, incy: Int) -> Double {
        cblas_ddot(Int32(n), x, Int32(incx), y, Int32(incy))
    }

    @inlinable @inline(__always)
    public static func nrm2(n: Int, x: UnsafePointer<Double>, incx: Int) -> Double {
        cblas_dnrm2(Int32(n), x, Int32(incx))
    }

    public static func syevd(vectors: Bool, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, w: UnsafeMutablePointer<Double>) -> Int32 {
        LAPACKE_dsyevd(rowMajorLayout, lapackChar(vectors ? "V" : "N"), lapackChar("U"), Int32(n), a, Int32(lda), w)
    }

    public static func syevr(
        vectors: Bool, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, il: Int, iu: Int,
        found: UnsafeMutablePointer<Int32>, w: UnsafeMutablePointer<Double>, z: UnsafeMutablePointer<Double>, ldz: Int,
        isuppz: UnsafeMutablePointer<Int32>
    ) -> Int32 {
        LAPACKE_dsyevr(rowMajorLayout, lapackChar(vectors ? "V" : "N"), lapackChar("I"), lapackChar("U"), Int32(n),
                       a, Int32(lda), 0, 0, Int32(il), Int32(iu), 0, found, w, z, Int32(ldz), isuppz)
    }

    public static func gesddValues(m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, s: UnsafeMutablePointer<Double>) -> Int32 {
        var dummyU: Double = 0, dummyVT: Double = 0
        return LAPACKE_dgesdd(rowMajorLayout, lapackChar("N"), Int32(m), Int32(n), a, Int32(lda), s,
                              &dummyU, Int32(max(1, m)), &dummyVT, Int32(max(1, n)))
    }

    public static func sysv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, lda: Int, ipiv: UnsafeMutablePointer<Int32>,
                            b: UnsafeMutablePointer<Double>, ldb: Int) -> Int32 {
        LAPACKE_dsysv(rowMajorLayout, lapackChar("U"), Int32(n), Int32(nrhs), a, Int32(lda), ipiv, b, Int32(ldb))
    }

    public static func posv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, lda: Int, b: UnsafeMutablePointer<Double>, ldb: Int) -> Int32 {
        LAPACKE_dposv(rowMajorLayout, lapackChar("U"), Int32(n), Int32(nrhs), a, Int32(lda), b, Int32(ldb))
    }
}
