import Linalg

/// The JSON record of a Hessian analysis: one line of type "hessian" with every key present. The
/// subject is a model (`model`, `data`, `rows`, … set; `function`, `at`, `hessian` null) or a 2-D
/// test function (the other way round); the spectrum comes from the full matrix (`method` "full":
/// condition numbers, eigenvalue counts, trace, ‖H‖F) or from Lanczos (`method` "lanczos":
/// `largest`, `smallest` and the convergence fields); what was not computed, and every number that
/// is not finite, is null.
public struct HessianRecord: JSONRecord, Sendable {
    /// "hessian".
    public let type = "hessian"

    /// The model file (model mode).
    @JSONNullable public var model: String?
    /// The data file (model mode).
    @JSONNullable public var data: String?
    /// Rows the objective is taken over (model mode).
    @JSONNullable public var rows: Int?
    /// "evaluation": dropout off, batch norm on running statistics (model mode).
    @JSONNullable public var mode: String?
    /// "double": the precision H is computed in (model mode).
    @JSONNullable public var precision: String?
    /// The precision the model was trained in (model mode).
    @JSONNullable public var trainedPrecision: String?
    /// The L2 penalty in the objective (model mode).
    @JSONNullable public var l2: Double?
    /// The L1 penalty of training (its Hessian is 0 almost everywhere; model mode).
    @JSONNullable public var l1: Double?
    /// The test function's name (function mode).
    @JSONNullable public var function: String?
    /// The point [x, y] (function mode).
    @JSONNullable public var at: [Double]?
    /// The analytic 2×2 Hessian, row by row (function mode).
    @JSONNullable public var hessian: [[Double]]?
    /// f at the point (function mode).
    @JSONNullable public var value: Double?
    /// ∇f at the point, [∂f/∂x, ∂f/∂y] (function mode).
    @JSONNullable public var gradient: [Double]?
    /// det H = h_xx·h_yy − h_xy² (function mode): negative at a saddle.
    @JSONNullable public var determinant: Double?

    /// "full" or "lanczos".
    public var method: String
    /// n, the number of parameters.
    public var parameters: Int
    /// The largest eigenvalue (or Ritz value).
    @JSONNullable public var lambdaMax: Double?
    /// The smallest eigenvalue (or Ritz value).
    @JSONNullable public var lambdaMin: Double?
    /// |λ|max/|λ|min (full).
    @JSONNullable public var conditionNumber: Double?
    /// |λ|max over the smallest |λ| above the zero tolerance (full).
    @JSONNullable public var nonzeroConditionNumber: Double?
    /// σmax/σmin (full).
    @JSONNullable public var singularConditionNumber: Double?
    /// λmax/λ⁺min over the positive part (full).
    @JSONNullable public var positiveConditionNumber: Double?
    /// Eigenvalues below −tolerance: the saddle index (full).
    @JSONNullable public var negativeEigenvalues: Int?
    /// Eigenvalues within ±tolerance (full).
    @JSONNullable public var nearZeroEigenvalues: Int?
    /// Eigenvalues above the tolerance (full).
    @JSONNullable public var positiveEigenvalues: Int?
    /// The tolerance |λ|max·n·ε (full).
    @JSONNullable public var zeroTolerance: Double?
    /// tr H: exact (full), else Hutchinson's estimate when asked for.
    @JSONNullable public var trace: Double?
    /// ‖H‖F (full).
    @JSONNullable public var frobeniusNorm: Double?
    /// ‖H − Hᵀ‖F/‖H‖F before symmetrizing (full).
    @JSONNullable public var asymmetry: Double?

    /// The largest Ritz pairs' values and residuals ‖Hv − λv‖ (Lanczos).
    @JSONNullable public var largest: [RitzValue]?
    /// The smallest Ritz pairs' values and residuals (Lanczos).
    @JSONNullable public var smallest: [RitzValue]?
    /// Lanczos steps taken.
    @JSONNullable public var lanczosSteps: Int?
    /// Both ends converged.
    @JSONNullable public var converged: Bool?
    /// The largest end converged.
    @JSONNullable public var largestConverged: Bool?
    /// The smallest end converged.
    @JSONNullable public var smallestConverged: Bool?
    /// The step at which the largest end converged.
    @JSONNullable public var largestConvergedStep: Int?
    /// The step at which the smallest end converged.
    @JSONNullable public var smallestConvergedStep: Int?
    /// The relative convergence tolerance (Lanczos).
    @JSONNullable public var tolerance: Double?
    /// Passes of reorthogonalization over the basis (Lanczos).
    @JSONNullable public var reorthogonalizationPasses: Int?
    /// Basis rows those passes read (Lanczos).
    @JSONNullable public var reorthogonalizedRows: Int?

    /// Hutchinson's estimate of tr H (nil when no trace was estimated).
    @JSONNullable public var traceEstimate: Double?
    /// Its standard error.
    @JSONNullable public var traceStandardError: Double?
    /// Its number of Rademacher vectors.
    @JSONNullable public var traceSamples: Int?

    /// Hessian-vector products used (null for an analytic Hessian).
    @JSONNullable public var hessianVectorProducts: Int?
    /// Wall-clock seconds of the analysis.
    @JSONNullable public var seconds: Double?
    /// Seconds inside Hessian-vector products.
    @JSONNullable public var productSeconds: Double?
    /// Seconds of the Lanczos run.
    @JSONNullable public var lanczosSeconds: Double?
    /// Lanczos's seconds outside its products.
    @JSONNullable public var lanczosOverheadSeconds: Double?
    /// Seconds assembling the dense Hessian.
    @JSONNullable public var assemblySeconds: Double?
    /// Seconds of the eigensolver.
    @JSONNullable public var eigensolverSeconds: Double?
    /// The eigensolver routine(s).
    @JSONNullable public var eigensolver: String?

    /// A Ritz value and its residual norm.
    public struct RitzValue: Encodable, Sendable {
        /// λ.
        @JSONNullable public var value: Double?
        /// ‖Hv − λv‖.
        @JSONNullable public var residual: Double?
    }

    /// The record of a spectrum of `parameters` values: from the full matrix, or from Lanczos,
    /// with Hutchinson's trace estimate when there is one. Subject and timing fields start null.
    public init(parameters: Int, full: HessianSpectrum?, lanczos: LanczosResult?, traceEstimate: TraceEstimate?) {
        method = full != nil ? "full" : "lanczos"
        self.parameters = parameters
        lambdaMax = full?.summary.lambdaMax ?? lanczos?.largest.first?.value
        lambdaMin = full?.summary.lambdaMin ?? lanczos?.smallest.first?.value
        if let full { setFull(full) } else { trace = traceEstimate?.estimate }
        if let lanczos { setLanczos(lanczos) }
        if let traceEstimate {
            self.traceEstimate = traceEstimate.estimate
            traceStandardError = traceEstimate.standardError
            traceSamples = traceEstimate.sampleCount
        }
    }

    mutating func setFull(_ full: HessianSpectrum) {
        let s = full.summary
        conditionNumber = s.conditionNumber
        nonzeroConditionNumber = s.nonzeroConditionNumber
        singularConditionNumber = full.singularConditionNumber
        positiveConditionNumber = s.positiveConditionNumber
        negativeEigenvalues = s.negativeCount
        nearZeroEigenvalues = s.nearZeroCount
        positiveEigenvalues = s.positiveCount
        zeroTolerance = s.tolerance
        trace = s.trace
        frobeniusNorm = full.frobeniusNorm
        asymmetry = full.asymmetry
    }

    mutating func setLanczos(_ lanczos: LanczosResult) {
        largest = lanczos.largest.map { RitzValue(value: $0.value, residual: $0.residual) }
        smallest = lanczos.smallest.map { RitzValue(value: $0.value, residual: $0.residual) }
        lanczosSteps = lanczos.steps
        converged = lanczos.converged
        largestConverged = lanczos.largestConverged
        smallestConverged = lanczos.smallestConverged
        largestConvergedStep = lanczos.largestConvergedStep
        smallestConvergedStep = lanczos.smallestConvergedStep
        tolerance = lanczos.tolerance
        reorthogonalizationPasses = lanczos.reorthogonalizationPasses
        reorthogonalizedRows = lanczos.reorthogonalizedRows
    }
}
