import Linalg

/// Where the gradient lives (Gur-Ari, Roberts & Dyer 2018, "Gradient Descent Happens in a Tiny
/// Subspace") and how many directions curve down (the saddle index), at one point.
public struct GradientSubspaceReport: Sendable, Equatable, Codable {
    /// k, the size of the top eigenspace.
    public var k: Int
    /// ‖P_k g‖²/‖g‖² with P_k the projector onto the top-k Hessian eigenvectors (0 when g = 0).
    public var fraction: Double
    /// ‖g‖.
    public var gradientNorm: Double
    /// Negative eigenvalues among the k smallest (below −tolerance·max|λ|).
    public var saddleIndex: Int
    /// The k largest eigenvalues, largest first.
    public var topEigenvalues: [Double]
    /// The k smallest eigenvalues, smallest first.
    public var bottomEigenvalues: [Double]

    enum CodingKeys: String, CodingKey {
        case k, fraction, gradientNorm = "gradient_norm", saddleIndex = "saddle_index"
        case topEigenvalues = "top_eigenvalues", bottomEigenvalues = "bottom_eigenvalues"
    }
}

/// The top-k subspace fraction of a gradient and the saddle index.
public enum GradientSubspace {
    /// Σᵢ (vᵢᵀg)²/‖g‖² for the orthonormal rows vᵢ of `basis` (k×n): one `dgemv`. 0 when g = 0.
    public static func fraction(of gradient: [Double], in basis: Matrix<Double>) -> Double {
        precondition(basis.columns == gradient.count, "GradientSubspace.fraction: basis of \(basis.columns) columns for \(gradient.count) values")
        var coefficients = [Double](repeating: 0, count: basis.rows)
        let norm = gradient.withUnsafeBufferPointer { g in
            coefficients.withUnsafeMutableBufferPointer { BLAS.gemv(basis, g, into: $0) }
            return BLAS.nrm2(g)
        }
        guard norm > 0 else { return 0 }
        return min(1, coefficients.reduce(0) { $0 + $1 * $1 } / (norm * norm))
    }

    /// The number of `values` below −tolerance·scale.
    public static func negativeCount(_ values: [Double], scale: Double, tolerance: Double) -> Int {
        values.filter { $0 < -tolerance * scale }.count
    }

    /// Both measures at the operator's point: one Lanczos run for the k largest and k smallest
    /// eigenpairs, and the full-objective gradient. An eigenvalue counts as negative when below
    /// −`negativeTolerance`·max|λ| (Lanczos's rounding leaves the many zero eigenvalues of a ReLU
    /// network at ±1e-12·max|λ|).
    public static func measure(_ hessian: NetworkHessian, k: Int, tolerance: Double = 1e-6, negativeTolerance: Double = 1e-6,
                               random: inout RandomGenerator) throws(CurvatureError) -> GradientSubspaceReport {
        let n = hessian.dimension
        guard k >= 1 && k <= n else { throw .invalidArgument(name: "k", message: "must be in 1…\(n), got \(k)") }
        let result = try Lanczos.extremeEigenpairs(dimension: n, count: k, tolerance: tolerance, ends: .both, random: &random) {
            hessian.apply($0, into: $1)
        }
        var gradient = [Double](repeating: 0, count: n)
        gradient.withUnsafeMutableBufferPointer { _ = hessian.lossAndGradient(into: $0) }
        let basis = Matrix(rows: k, columns: n, elements: result.largest.flatMap(\.vector))
        let top = result.largest.map(\.value), bottom = result.smallest.map(\.value)
        let scale = max(abs(top.first ?? 0), abs(bottom.first ?? 0))
        return GradientSubspaceReport(k: k, fraction: fraction(of: gradient, in: basis), gradientNorm: gradient.norm,
                                      saddleIndex: negativeCount(bottom, scale: scale, tolerance: negativeTolerance),
                                      topEigenvalues: top, bottomEigenvalues: bottom)
    }
}
