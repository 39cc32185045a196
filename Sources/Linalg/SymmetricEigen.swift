/// Which eigenvalues of a symmetric matrix to compute.
public enum EigenvalueSelection: Sendable, Equatable {
    /// Every eigenvalue.
    case all
    /// The k largest (algebraically).
    case largest(Int)
    /// The k smallest (algebraically: the most negative first).
    case smallest(Int)
}

/// Eigenvalues and orthonormal eigenvectors of a symmetric matrix: A·vᵢ = λᵢ·vᵢ.
public struct EigenDecomposition<Scalar: BLASScalar>: Sendable {
    /// The eigenvalues in ascending order.
    public var values: [Scalar]
    /// Row i is the unit eigenvector of `values[i]`.
    public var vectors: Matrix<Scalar>
}

/// Eigenvalue problems of real symmetric matrices through LAPACKE: `?syevd_2stage` for every eigenvalue
/// without vectors, `?syevd` (divide and conquer) for the whole spectrum with vectors, `?syevr`
/// (MRRR) for the k largest or smallest. Only the upper triangle of the input is read. Non-finite
/// input or a non-zero LAPACK `info` throws `LinalgError`.
public enum SymmetricEigen {
    /// The eigenvalues of the symmetric matrix `a` in ascending order: all of them by the two-stage
    /// driver `?syevd_2stage` (see `SymmetricEigenvalueDriver`), a selection by `?syevr`.
    public static func eigenvalues<Scalar: BLASScalar>(of a: Matrix<Scalar>, selecting selection: EigenvalueSelection = .all) throws -> [Scalar] {
        if selection == .all { return try eigenvalues(of: a, driver: .twoStage) }
        return try solve(a, selection: selection, vectors: false).values
    }

    /// Eigenvalues (ascending) with their eigenvectors.
    public static func decompose<Scalar: BLASScalar>(_ a: Matrix<Scalar>, selecting selection: EigenvalueSelection = .all) throws -> EigenDecomposition<Scalar> {
        try solve(a, selection: selection, vectors: true)
    }

    static func solve<Scalar: BLASScalar>(_ a: Matrix<Scalar>, selection: EigenvalueSelection, vectors: Bool) throws -> EigenDecomposition<Scalar> {
        let n = a.rows
        switch selection {
        case .all:
            let routine = "LAPACKE_\(Scalar.blasPrefix)syevd"
            try validate(a, routine: routine)
            var work = a
            var values = [Scalar](repeating: 0, count: n)
            if n == 0 { return EigenDecomposition(values: [], vectors: Matrix(rows: 0, columns: 0)) }
            let info = work.withUnsafeMutableBufferPointer { pa in
                values.withUnsafeMutableBufferPointer { pw in
                    Scalar.syevd(vectors: vectors, n: n, a: pa.baseAddress!, lda: n, w: pw.baseAddress!)
                }
            }
            guard info == 0 else { throw LinalgError.lapackFailure(routine: routine, info: Int(info)) }
            // Row-major LAPACK leaves eigenvector j in column j; we hand out rows.
            return EigenDecomposition(values: values, vectors: vectors ? work.transposed() : Matrix(rows: 0, columns: n))
        case let .largest(k), let .smallest(k):
            let routine = "LAPACKE_\(Scalar.blasPrefix)syevr"
            try validate(a, routine: routine)
            guard k >= 1 && k <= n else {
                throw LinalgError.invalidArgument(routine: routine, message: "asked for \(k) eigenvalues of a \(n)×\(n) matrix (1…\(n) allowed)")
            }
            let (il, iu) = if case .largest = selection { (n - k + 1, n) } else { (1, k) }
            var work = a
            var values = [Scalar](repeating: 0, count: n)
            var z = [Scalar](repeating: 0, count: vectors ? n * k : 1)
            var isuppz = [Int32](repeating: 0, count: 2 * max(1, k))
            var found: Int32 = 0
            let info = work.withUnsafeMutableBufferPointer { pa in
                values.withUnsafeMutableBufferPointer { pw in
                    z.withUnsafeMutableBufferPointer { pz in
                        Scalar.syevr(vectors: vectors, n: n, a: pa.baseAddress!, lda: n, il: il, iu: iu, found: &found,
                                     w: pw.baseAddress!, z: pz.baseAddress!, ldz: vectors ? k : 1, isuppz: &isuppz)
                    }
                }
            }
            guard info == 0 else { throw LinalgError.lapackFailure(routine: routine, info: Int(info)) }
            guard Int(found) == k else {
                throw LinalgError.invalidArgument(routine: routine, message: "computed \(found) eigenvalues, expected \(k)")
            }
            let eigenvectors = vectors ? Matrix(rows: n, columns: k, elements: z).transposed() : Matrix(rows: 0, columns: n)
            return EigenDecomposition(values: Array(values[0..<k]), vectors: eigenvectors)
        }
    }

    static func validate<Scalar: BLASScalar>(_ a: Matrix<Scalar>, routine: String) throws {
        guard a.isSquare else {
            throw LinalgError.invalidArgument(routine: routine, message: "the matrix is \(a.rows)×\(a.columns), not square")
        }
        try a.withUnsafeBufferPointer { try requireFinite($0, routine: routine) }
    }
}
