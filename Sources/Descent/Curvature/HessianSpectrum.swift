import Linalg

/// One eigenpair H·v = λ·v, with v of unit length.
public struct Eigenpair: Sendable, Equatable, Codable {
    /// The eigenvalue λ.
    public var value: Double
    /// The unit eigenvector v.
    public var vector: [Double]
    /// ‖H·v − λ·v‖₂ (0 when it was not measured).
    public var residual: Double

    /// A pair with its residual.
    public init(value: Double, vector: [Double], residual: Double = 0) {
        self.value = value
        self.vector = vector
        self.residual = residual
    }
}

/// Everything reported about a dense symmetric Hessian H of n parameters from its full eigendecomposition.
///
/// Built on `SpectrumSummary` (λmax, λmin, |λ|max/|λ|min, λmax/λ⁺min, the negative / near-zero /
/// positive counts with the tolerance |λ|max·n·ε, trace Σλ), to which it adds the Frobenius norm,
/// the singular values' σmax/σmin from `dgesdd`, the asymmetry of the assembled matrix, and on
/// request the eigenvectors of the extremes. For a symmetric matrix σᵢ = |λᵢ|, so σmax/σmin equals
/// |λ|max/|λ|min up to rounding: two LAPACK routines checking each other.
public struct HessianSpectrum: Sendable {
    /// n, the number of parameters.
    public var parameterCount: Int
    /// The eigenvalue summary (extremes, condition numbers, counts, tolerance, trace).
    public var summary: SpectrumSummary
    /// Every eigenvalue, ascending (by `eigensolver`).
    public var eigenvalues: [Double]
    /// The LAPACKE routine that computed them: `dsyevd_2stage` for values only, `dsyevd` with vectors.
    public var eigensolver: String
    /// ‖H‖F = √(Σᵢⱼ hᵢⱼ²) = √(Σ λ²).
    public var frobeniusNorm: Double
    /// The largest singular value σmax: by `dgesdd` when `singularValuesByGesdd`, else max|λ|
    /// (the same number for a symmetric matrix, without a second O(n³) factorization).
    public var singularValueMax: Double
    /// The smallest singular value σmin: by `dgesdd`, else min|λ|.
    public var singularValueMin: Double
    /// Whether σmax and σmin come from `dgesdd` (true) or from |λ| (false).
    public var singularValuesByGesdd: Bool
    /// ‖H − Hᵀ‖F/‖H‖F of the assembled matrix before symmetrization; nil for a matrix given as is.
    public var asymmetry: Double?
    /// The eigenpairs of the k largest eigenvalues, largest first (empty unless asked for).
    public var largest: [Eigenpair]
    /// The eigenpairs of the k smallest (most negative) eigenvalues, smallest first.
    public var smallest: [Eigenpair]

    /// σmax/σmin, the 2-norm condition number (+∞ when σmin = 0). Unlike
    /// `summary.conditionNumber` no tolerance applies: rounding-level σmin give a huge finite ratio.
    public var singularConditionNumber: Double {
        singularValueMin > 0 ? singularValueMax / singularValueMin : .infinity
    }

    /// Analyses the symmetric matrix `hessian` (only its upper triangle is read): eigenvalues by the
    /// two-stage `dsyevd_2stage`, or, when `extremeVectors` is positive, by `dsyevd` with every
    /// eigenvector (computed once) for the `extremeVectors` largest and smallest; singular values by
    /// `dgesdd` when `singularValues` (about 3× the time of `dsyevd` at n = 5 000: leave it off for large
    /// n, σ then come from |λ|).
    public init(hessian: Matrix<Double>, asymmetry: Double? = nil, extremeVectors: Int = 0,
                singularValues: Bool = true) throws(CurvatureError) {
        let n = hessian.rows
        guard hessian.isSquare && n > 0 else {
            throw .invalidArgument(name: "hessian", message: "must be square and non-empty, got \(hessian.rows)×\(hessian.columns)")
        }
        guard extremeVectors >= 0 && extremeVectors <= n else {
            throw .invalidArgument(name: "extremeVectors", message: "must be in 0…\(n), got \(extremeVectors)")
        }
        do {
            if extremeVectors > 0 {
                let decomposition = try SymmetricEigen.decompose(hessian)
                eigenvalues = decomposition.values
                eigensolver = "dsyevd"
                largest = (0..<extremeVectors).map {
                    Eigenpair(value: decomposition.values[n - 1 - $0], vector: decomposition.vectors.row(n - 1 - $0))
                }
                smallest = (0..<extremeVectors).map {
                    Eigenpair(value: decomposition.values[$0], vector: decomposition.vectors.row($0))
                }
            } else {
                eigenvalues = try SymmetricEigen.eigenvalues(of: hessian, driver: .twoStage)
                eigensolver = "dsyevd_2stage"
                largest = []
                smallest = []
            }
            if singularValues {
                let sigma = try SingularValues.values(of: hessian)
                singularValueMax = sigma.first!
                singularValueMin = sigma.last!
            } else {
                singularValueMax = eigenvalues.map(abs).max()!
                singularValueMin = eigenvalues.map(abs).min()!
            }
            singularValuesByGesdd = singularValues
        } catch let error as LinalgError {
            throw .linalg(error)
        } catch {
            throw .invalidArgument(name: "hessian", message: "\(error)")
        }
        parameterCount = n
        summary = SpectrumSummary(eigenvalues: eigenvalues)
        frobeniusNorm = hessian.frobeniusNorm
        self.asymmetry = asymmetry
    }

    /// Analyses an assembled Hessian, keeping its asymmetry.
    public init(_ assembled: AssembledHessian, extremeVectors: Int = 0, singularValues: Bool = true) throws(CurvatureError) {
        try self.init(hessian: assembled.matrix, asymmetry: assembled.asymmetry, extremeVectors: extremeVectors,
                      singularValues: singularValues)
    }
}
