import Linalg

/// The Hessian of a function of two variables, a symmetric 2×2 matrix
///
///     ∇²f = [ xx  xy ]
///           [ xy  yy ]
///
/// with its spectrum from LAPACK (`SymmetricEigen`) for reports, and as a `Matrix<Double>` for
/// code that takes any Hessian.
public struct Hessian2: Sendable, Equatable {
    /// ∂²f/∂x².
    public var xx: Double
    /// ∂²f/∂x∂y = ∂²f/∂y∂x.
    public var xy: Double
    /// ∂²f/∂y².
    public var yy: Double

    /// Creates the matrix [[xx, xy], [xy, yy]].
    public init(xx: Double, xy: Double, yy: Double) {
        self.xx = xx
        self.xy = xy
        self.yy = yy
    }

    /// The matrix as a row-major 2×2 `Matrix`.
    public var matrix: Matrix<Double> {
        Matrix(rows: 2, columns: 2, elements: [xx, xy, xy, yy])
    }

    /// H·v.
    public func times(_ v: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2(xx * v.x + xy * v.y, xy * v.x + yy * v.y)
    }

    /// The two eigenvalues in ascending order, computed by LAPACK's `dsyevd`. Throws
    /// `LinalgError` when an entry is not finite.
    public func eigenvalues() throws -> [Double] {
        try SymmetricEigen.eigenvalues(of: matrix)
    }
}

/// The curvature of a test function at one point: the Hessian's eigenvalues (ascending) and what
/// they say — condition number |λ|max/|λ|min, saddle index (the number of negative eigenvalues).
public struct CurvatureReport: Sendable, Equatable {
    /// Where the Hessian was taken.
    public var point: SIMD2<Double>
    /// The Hessian there.
    public var hessian: Hessian2
    /// Its eigenvalues, ascending.
    public var eigenvalues: [Double]
    /// Condition number, saddle index and the rest of the spectrum's summary.
    public var spectrum: SpectrumSummary

    /// The curvature of `function` at `point`; throws `LinalgError` when the Hessian is not finite
    /// there (a diverged run).
    public init(function: any TestFunction, at point: SIMD2<Double>) throws {
        self.point = point
        hessian = function.hessian(at: point)
        eigenvalues = try hessian.eigenvalues()
        spectrum = SpectrumSummary(eigenvalues: eigenvalues)
    }

    /// |λ|max / |λ|min; +∞ when an eigenvalue is (numerically) zero.
    public var conditionNumber: Double { spectrum.conditionNumber }
}
