/// Singular values and condition numbers of general matrices through LAPACKE `?gesdd`.
public enum SingularValues {
    /// The singular values σ₁ ≥ σ₂ ≥ … ≥ 0 of the m×n matrix `a` (min(m, n) of them).
    public static func values<Scalar: BLASScalar>(of a: Matrix<Scalar>) throws -> [Scalar] {
        let routine = "LAPACKE_\(Scalar.blasPrefix)gesdd"
        try a.withUnsafeBufferPointer { try requireFinite($0, routine: routine) }
        let count = min(a.rows, a.columns)
        if count == 0 { return [] }
        var work = a
        var sigma = [Scalar](repeating: 0, count: count)
        let info = work.withUnsafeMutableBufferPointer { pa in
            sigma.withUnsafeMutableBufferPointer { ps in
                Scalar.gesddValues(m: a.rows, n: a.columns, a: pa.baseAddress!, lda: a.columns, s: ps.baseAddress!)
            }
        }
        guard info == 0 else { throw LinalgError.lapackFailure(routine: routine, info: Int(info)) }
        return sigma
    }

    /// The 2-norm condition number κ(A) = σmax/σmin of `a`.
    ///
    /// A matrix is treated as rank-deficient, with κ = +∞, when σmin ≤ σmax·max(m, n)·ε (ε the unit
    /// roundoff of `Scalar`): the same numerical-rank rule as NumPy's `matrix_rank`. Computed singular
    /// values of an exactly singular matrix are rounding noise of that size, not zero, so a plain
    /// ratio would report a meaningless 1e16 instead of the +∞ that is true. An empty matrix throws.
    public static func conditionNumber<Scalar: BLASScalar>(of a: Matrix<Scalar>) throws -> Scalar {
        let sigma = try values(of: a)
        guard let largest = sigma.first, let smallest = sigma.last else {
            throw LinalgError.invalidArgument(routine: "conditionNumber", message: "the matrix is empty (\(a.rows)×\(a.columns))")
        }
        let tolerance = largest * Scalar(max(a.rows, a.columns)) * Scalar.ulpOfOne
        if smallest <= tolerance { return .infinity }
        return largest / smallest
    }
}
