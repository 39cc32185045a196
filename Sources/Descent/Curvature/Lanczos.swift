import Linalg

/// m steps of the Lanczos process on a symmetric operator H: an orthonormal basis Q (m×n, row j is
/// qⱼ) of the Krylov space span{q₀, Hq₀, …, H^{m−1}q₀} and the tridiagonal T = QHQᵀ with diagonal
/// α and off-diagonal β.
public struct LanczosDecomposition: Sendable {
    /// The basis, one unit vector per row, orthonormal to working precision (0×n when not kept).
    public var basis: Matrix<Double>
    /// αⱼ = qⱼᵀHqⱼ, the diagonal of T.
    public var alpha: [Double]
    /// βⱼ = ‖rⱼ‖ linking qⱼ to qⱼ₊₁, the off-diagonal of T (count m − 1); 0 where the process
    /// restarted after finding an invariant subspace.
    public var beta: [Double]
    /// β_{m−1}, the norm of the last residual: Ritz pair i of T has ‖Hy − θy‖ = β_{m−1}·|s_{m−1,i}|.
    public var finalBeta: Double
    /// The number of products H·v computed.
    public var productCount: Int

    /// The steps m.
    public var steps: Int { alpha.count }

    /// T as a dense m×m symmetric matrix.
    public var tridiagonal: Matrix<Double> {
        let m = steps
        var t = Matrix<Double>(rows: m, columns: m)
        for j in 0..<m {
            t[j, j] = alpha[j]
            if j + 1 < m {
                t[j, j + 1] = beta[j]
                t[j + 1, j] = beta[j]
            }
        }
        return t
    }

    /// Eigenvalues (ascending) and eigenvectors (rows) of T, by LAPACKE `dstevr` on the tridiagonal.
    public func tridiagonalEigen() throws(CurvatureError) -> EigenDecomposition<Double> {
        try CurvatureError.wrappingLinalg {
            try TridiagonalEigen.eigenpairs(diagonal: alpha, offDiagonal: beta, indices: 0..<steps)
        }
    }
}

/// Which end(s) of the spectrum `Lanczos.extremeEigenpairs` must converge.
public enum LanczosEnds: String, Sendable, CaseIterable, Codable {
    /// The k largest and the k smallest.
    case both
    /// The k largest only (the smallest are still reported, marked by their own convergence flag).
    case largest
    /// The k smallest only.
    case smallest
}

/// The state after one Lanczos step, for a progress observer (`Lanczos.extremeEigenpairs`).
public struct LanczosProgress: Sendable, Equatable {
    /// Steps taken (= products so far).
    public var step: Int
    /// The most steps allowed.
    public var maxSteps: Int
    /// The worst residual bound β·|s| of the k largest Ritz pairs, relative to max|θ|.
    public var largestResidual: Double
    /// The same for the k smallest.
    public var smallestResidual: Double
    /// The tolerance the relative bounds must reach.
    public var tolerance: Double
}

/// The k largest and k smallest eigenpairs found by Lanczos, with each residual ‖Hv − λv‖.
public struct LanczosResult: Sendable {
    /// The largest Ritz pairs, largest first.
    public var largest: [Eigenpair]
    /// The smallest (most negative) Ritz pairs, smallest first.
    public var smallest: [Eigenpair]
    /// Every Ritz value of the final T, ascending.
    public var ritzValues: [Double]
    /// Lanczos steps taken.
    public var steps: Int
    /// Products H·v computed, including those that measured residuals.
    public var productCount: Int
    /// Whether every pair of the requested end(s) met the tolerance (by the Lanczos residual bound).
    public var converged: Bool
    /// Whether the k largest met the tolerance.
    public var largestConverged: Bool
    /// Whether the k smallest met the tolerance.
    public var smallestConverged: Bool
    /// The first step at which the k largest met it (nil: never).
    public var largestConvergedStep: Int?
    /// The first step at which the k smallest met it (nil: never).
    public var smallestConvergedStep: Int?
    /// The relative tolerance asked for: β·|s| ≤ tolerance·max|θ|.
    public var tolerance: Double
    /// The Lanczos bounds β·|s_{m−1,i}| of the reported pairs (largest, then smallest), absolute.
    public var largestBounds: [Double]
    /// The bounds of the smallest pairs.
    public var smallestBounds: [Double]
    /// `dgemv` passes over the basis for reorthogonalization: one per reorthogonalized step (every
    /// step with `.full`, those Simon's estimate picked with `.partial`), two more for each full
    /// Gram–Schmidt pass the DGKS test asked for.
    public var reorthogonalizationPasses: Int
    /// Basis rows subtracted because their coefficient was above rounding level (the others of the
    /// one-pass coefficients are left: see `LanczosProcess.reorthogonalize`).
    public var reorthogonalizedRows: Int
}
