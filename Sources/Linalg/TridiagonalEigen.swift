import COpenBLAS

/// Eigenvalues and eigenvectors of a real symmetric tridiagonal matrix T (diagonal d, off-diagonal
/// e) through LAPACKE: `dstevr` (MRRR, O(m·k) for k selected pairs) and `dsterf` (all values,
/// O(m²), no vectors). This is what a Lanczos process needs at each convergence check: the few
/// extreme Ritz values of Tₘ and the last components of their eigenvectors, without touching the
/// Lanczos basis.
public enum TridiagonalEigen {
    /// The eigenpairs with ascending indices `indices` (0-based, within 0..<m) of T, ascending;
    /// `vectors` row i is the unit eigenvector of `values[i]` (empty rows when `vectors` is false).
    public static func eigenpairs(diagonal: [Double], offDiagonal: [Double], indices: Range<Int>,
                                  vectors: Bool = true) throws -> EigenDecomposition<Double> {
        let routine = "LAPACKE_dstevr"
        let m = diagonal.count
        try validate(diagonal: diagonal, offDiagonal: offDiagonal, routine: routine)
        guard indices.lowerBound >= 0, indices.upperBound <= m, !indices.isEmpty else {
            throw LinalgError.invalidArgument(routine: routine, message: "indices \(indices) outside 0..<\(m) or empty")
        }
        let k = indices.count
        var d = diagonal
        // dstevr reads n − 1 off-diagonal entries but uses the n-th as workspace.
        var e = offDiagonal + [0]
        var w = [Double](repeating: 0, count: m)
        var z = [Double](repeating: 0, count: vectors ? m * k : 1)
        var isuppz = [Int32](repeating: 0, count: 2 * k)
        var found: Int32 = 0
        let info = LAPACKE_dstevr(LAPACK_COL_MAJOR, lapackChar(vectors ? "V" : "N"), lapackChar("I"), Int32(m), &d, &e, 0, 0,
                                  Int32(indices.lowerBound + 1), Int32(indices.upperBound), 0, &found, &w, &z,
                                  Int32(max(1, m)), &isuppz)
        guard info == 0 else { throw LinalgError.lapackFailure(routine: routine, info: Int(info)) }
        guard Int(found) == k else {
            throw LinalgError.invalidArgument(routine: routine, message: "computed \(found) eigenvalues, expected \(k)")
        }
        // Column-major z: eigenvector i is z[i·m ..< (i + 1)·m], one row of the result each.
        let rows = vectors ? Matrix(rows: k, columns: m, elements: z) : Matrix(rows: 0, columns: m)
        return EigenDecomposition(values: Array(w[0..<k]), vectors: rows)
    }

    /// Every eigenvalue of T, ascending (`dsterf`, Pal–Walker–Kahan QR without vectors).
    public static func eigenvalues(diagonal: [Double], offDiagonal: [Double]) throws -> [Double] {
        let routine = "LAPACKE_dsterf"
        try validate(diagonal: diagonal, offDiagonal: offDiagonal, routine: routine)
        guard !diagonal.isEmpty else { return [] }
        var d = diagonal, e = offDiagonal + [0]
        let info = LAPACKE_dsterf(Int32(d.count), &d, &e)
        guard info == 0 else { throw LinalgError.lapackFailure(routine: routine, info: Int(info)) }
        return d
    }

    static func validate(diagonal: [Double], offDiagonal: [Double], routine: String) throws {
        guard offDiagonal.count == max(0, diagonal.count - 1) else {
            throw LinalgError.invalidArgument(routine: routine,
                                              message: "\(diagonal.count) diagonal and \(offDiagonal.count) off-diagonal entries (need one fewer)")
        }
        guard diagonal.allSatisfy(\.isFinite) && offDiagonal.allSatisfy(\.isFinite) else {
            throw LinalgError.invalidArgument(routine: routine, message: "the tridiagonal matrix holds a non-finite entry")
        }
    }
}
