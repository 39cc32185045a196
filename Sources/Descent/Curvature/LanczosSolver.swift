import Linalg

/// The symmetric Lanczos method with full or partial reorthogonalization (Golub & Van Loan, *Matrix
/// Computations*, 4th ed., §10.1; Paige's analysis for why plain three-term Lanczos loses
/// orthogonality and produces ghost eigenvalues; Simon 1984 for partial reorthogonalization,
/// which keeps the basis semi-orthogonal at a fraction of the passes over it). Works on any
/// symmetric operator given as a product closure `(v, Hv)` — a network's `NetworkHessian`, a 2-D
/// test function's analytic Hessian, a matrix.
///
/// The basis lives in one block written in place (`LanczosProcess`: three-term recurrence, then
/// classical Gram–Schmidt as `dgemv` passes where `LanczosReorthogonalization` says). Convergence
/// is checked after every step on Tₘ alone: its k extreme eigenpairs by `dstevr` (O(m·k)), and the bound ‖Hy − θy‖ = βₘ·|sₘ| from the last
/// component of each eigenvector s. The Ritz vectors y = Qᵀs are formed once, at the end, by one
/// `dgemm` of the selected eigenvectors of T with the basis, and normalized (a semi-orthogonal
/// basis leaves ‖y‖ = 1 + O(√ε)).
public enum Lanczos {
    /// Runs `steps` Lanczos steps from `start` (random normal when nil; it need not be normalized).
    /// `keepingBasis: false` returns a 0×n basis (the spectral density needs only T). With `.full`
    /// reorthogonalization (the default) the basis is orthonormal to working precision; with
    /// `.partial`, to √ε.
    public static func decompose(
        dimension n: Int, steps m: Int, start: [Double]? = nil, keepingBasis: Bool = true,
        reorthogonalization: LanczosReorthogonalization = .full, random: inout RandomGenerator,
        product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    ) throws(CurvatureError) -> LanczosDecomposition {
        let process = try LanczosProcess(dimension: n, capacity: m, start: start, reorthogonalization: reorthogonalization,
                                         random: &random)
        while process.steps < m { process.step(random: &random, product: product) }
        return LanczosDecomposition(basis: keepingBasis ? process.basisMatrix() : Matrix(rows: 0, columns: n),
                                    alpha: process.alpha, beta: process.offDiagonal, finalBeta: process.finalBeta,
                                    productCount: process.productCount)
    }

    /// The `count` largest and `count` smallest eigenpairs of the symmetric operator.
    ///
    /// Steps: at most `maxSteps` (default min(n, max(4·count, 2·count + 40))). After every step the
    /// extreme Ritz pairs' bounds β·|s_{m−1,i}| are checked; an end has converged when all its
    /// `count` bounds are ≤ `tolerance`·max|θ|, and the iteration stops when the `ends` asked for
    /// have. With `measureResiduals`, each reported pair of the `ends` asked for has its ‖Hv − λv‖
    /// measured by one more product (the other end, and every pair without it, report the bound).
    /// `start` warm-starts the iteration (e.g. the previous top eigenvector while training).
    /// `reorthogonalization` is `.partial` (Simon's) unless asked otherwise: the same Ritz values
    /// to working precision for a fraction of the passes over the basis.
    /// `progress` is called after every step.
    public static func extremeEigenpairs(
        dimension n: Int, count: Int, maxSteps: Int? = nil, tolerance: Double = 1e-10, start: [Double]? = nil,
        ends: LanczosEnds = .both, measureResiduals: Bool = true, reorthogonalization: LanczosReorthogonalization = .partial,
        random: inout RandomGenerator,
        progress: ((LanczosProgress) -> Void)? = nil,
        product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    ) throws(CurvatureError) -> LanczosResult {
        guard n > 0 else { throw .invalidArgument(name: "dimension", message: "must be positive, got \(n)") }
        guard count >= 1 && count <= n else { throw .invalidArgument(name: "count", message: "must be in 1…\(n), got \(count)") }
        let limit = min(n, maxSteps ?? max(4 * count, 2 * count + 40))
        guard limit >= 1 else { throw .invalidArgument(name: "maxSteps", message: "must be positive, got \(limit)") }
        guard tolerance >= 0 else { throw .invalidArgument(name: "tolerance", message: "must be non-negative, got \(tolerance)") }
        let process = try LanczosProcess(dimension: n, capacity: limit, start: start, reorthogonalization: reorthogonalization,
                                         random: &random)
        var check = LanczosCheck(count: count, tolerance: tolerance)
        while process.steps < limit {
            process.step(random: &random, product: product)
            try check.update(process)
            progress?(LanczosProgress(step: process.steps, maxSteps: limit, largestResidual: check.largestResidual,
                                      smallestResidual: check.smallestResidual, tolerance: tolerance))
            if check.done(ends) { break }
        }
        return try finish(process, check: check, ends: ends, measureResiduals: measureResiduals, product: product)
    }

    /// Ritz vectors of the checked pairs by one `dgemm`, residuals, and the result.
    static func finish(_ process: LanczosProcess, check: LanczosCheck, ends: LanczosEnds, measureResiduals: Bool,
                       product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) throws(CurvatureError) -> LanczosResult {
        let n = process.n, m = process.steps
        let largest = check.largest, smallest = check.smallest
        let selected = largest.vectors.rows + smallest.vectors.rows
        // S (selected×m, rows = eigenvectors of T) times Q (m×n): every Ritz vector in one GEMM.
        var s = [Double](repeating: 0, count: selected * m)
        largest.vectors.withUnsafeBufferPointer { for i in 0..<$0.count { s[i] = $0[i] } }
        smallest.vectors.withUnsafeBufferPointer { for i in 0..<$0.count { s[largest.vectors.count + i] = $0[i] } }
        var y = Matrix<Double>(rows: selected, columns: n)
        y.withUnsafeMutableBufferPointer { yp in
            Double.gemm(.none, .none, m: selected, n: n, k: m, alpha: 1, a: s, lda: m, b: process.basis, ldb: n,
                        beta: 0, c: yp.baseAddress!, ldc: n)
            for row in 0..<selected {
                let vector = UnsafeMutableBufferPointer(rebasing: yp[row * n ..< (row + 1) * n])
                let norm = BLAS.nrm2(UnsafeBufferPointer(vector))
                if norm > 0 { BLAS.scal(1 / norm, vector) }
            }
        }
        var products = process.productCount
        func pair(_ row: Int, value: Double, bound: Double, measured: Bool) -> Eigenpair {
            let vector = y.row(row)
            guard measured else { return Eigenpair(value: value, vector: vector, residual: bound) }
            products += 1
            return Eigenpair(value: value, vector: vector, residual: residual(of: vector, value: value, product: product))
        }
        // `check` holds T's pairs ascending; the largest are reported largest first.
        let k = largest.values.count
        let measureTop = measureResiduals && ends != .smallest, measureBottom = measureResiduals && ends != .largest
        let top = (0..<k).reversed().map { pair($0, value: largest.values[$0], bound: check.largestBounds[$0], measured: measureTop) }
        let bottom = (0..<smallest.values.count).map {
            pair(k + $0, value: smallest.values[$0], bound: check.smallestBounds[$0], measured: measureBottom)
        }
        let exhausted = m == n
        let topConverged = check.largestConverged || exhausted, bottomConverged = check.smallestConverged || exhausted
        let converged = switch ends {
        case .both: topConverged && bottomConverged
        case .largest: topConverged
        case .smallest: bottomConverged
        }
        return LanczosResult(largest: top, smallest: bottom, ritzValues: try check.allValues(process), steps: m,
                             productCount: products, converged: converged, largestConverged: topConverged,
                             smallestConverged: bottomConverged, largestConvergedStep: check.largestStep,
                             smallestConvergedStep: check.smallestStep, tolerance: check.tolerance,
                             largestBounds: Array(check.largestBounds.reversed()), smallestBounds: check.smallestBounds,
                             reorthogonalizationPasses: process.reorthogonalizationPasses, reorthogonalizedRows: process.selectedRows)
    }

    /// ‖Hv − λv‖₂ by one product.
    public static func residual(of vector: [Double], value: Double,
                                product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) -> Double {
        var hv = [Double](repeating: 0, count: vector.count)
        vector.withUnsafeBufferPointer { v in
            hv.withUnsafeMutableBufferPointer { out in
                product(v, out)
                BLAS.axpy(-value, v, out)
            }
        }
        return hv.withUnsafeBufferPointer { BLAS.nrm2($0) }
    }
}

/// The convergence test on Tₘ after each step: its `count` smallest and largest eigenpairs by
/// `dstevr` and their bounds βₘ·|s_{m−1,i}|, with the step at which each end first converged.
struct LanczosCheck {
    let count: Int
    let tolerance: Double
    var largest: (values: [Double], vectors: Matrix<Double>) = ([], Matrix(rows: 0, columns: 0))
    var smallest: (values: [Double], vectors: Matrix<Double>) = ([], Matrix(rows: 0, columns: 0))
    /// Bounds of `largest` / `smallest` (ascending order, like the values).
    var largestBounds: [Double] = []
    var smallestBounds: [Double] = []
    /// max bound / max|θ| of each end.
    var largestResidual = Double.infinity
    var smallestResidual = Double.infinity
    var largestStep: Int?
    var smallestStep: Int?

    init(count: Int, tolerance: Double) {
        self.count = count
        self.tolerance = tolerance
    }

    /// Recomputes the extreme pairs of T and their bounds.
    mutating func update(_ process: LanczosProcess) throws(CurvatureError) {
        let m = process.steps, k = min(count, m)
        let d = process.alpha, e = process.offDiagonal, beta = process.finalBeta
        let (top, bottom) = try CurvatureError.wrappingLinalg {
            (try TridiagonalEigen.eigenpairs(diagonal: d, offDiagonal: e, indices: (m - k)..<m),
             try TridiagonalEigen.eigenpairs(diagonal: d, offDiagonal: e, indices: 0..<k))
        }
        largest = (top.values, top.vectors)
        smallest = (bottom.values, bottom.vectors)
        let scale = max(abs(top.values[k - 1]), abs(bottom.values[0]), Double.leastNormalMagnitude)
        largestBounds = (0..<k).map { abs(beta * largest.vectors[$0, m - 1]) }
        smallestBounds = (0..<k).map { abs(beta * smallest.vectors[$0, m - 1]) }
        largestResidual = largestBounds.max()! / scale
        smallestResidual = smallestBounds.max()! / scale
        if largestConverged && largestStep == nil { largestStep = m }
        if smallestConverged && smallestStep == nil { smallestStep = m }
    }

    /// Whether the k largest meet the tolerance now (all `count` pairs present).
    var largestConverged: Bool { largest.values.count == count && largestResidual <= tolerance }
    /// Whether the k smallest meet it now.
    var smallestConverged: Bool { smallest.values.count == count && smallestResidual <= tolerance }

    /// Whether the ends asked for have converged.
    func done(_ ends: LanczosEnds) -> Bool {
        switch ends {
        case .both: largestConverged && smallestConverged
        case .largest: largestConverged
        case .smallest: smallestConverged
        }
    }

    /// Every eigenvalue of the final T (`dsterf`).
    func allValues(_ process: LanczosProcess) throws(CurvatureError) -> [Double] {
        try CurvatureError.wrappingLinalg { try TridiagonalEigen.eigenvalues(diagonal: process.alpha, offDiagonal: process.offDiagonal) }
    }
}
