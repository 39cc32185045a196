import Linalg

/// The state of a running Lanczos process: the basis rows q₀ … q_{m−1} in one m×n block allocated
/// once for `capacity` rows (pages are touched only as rows are written), the tridiagonal T (α, β),
/// and one n-vector of workspace. Nothing is copied or allocated per step: H·qⱼ is written
/// straight into row j + 1, orthogonalized and normalized there.
///
/// Step j (Paige's order): w = H·qⱼ − βⱼ₋₁qⱼ₋₁; αⱼ = qⱼᵀw; w ← w − αⱼqⱼ; then reorthogonalization
/// against rows 0…j (`reorthogonalize`: the coefficients c = Q·w by one `dgemv`, the rows whose
/// coefficient is above rounding level subtracted; two classical Gram–Schmidt passes of two
/// `dgemv` each when that removed more than 1 − 1/√2 of ‖w‖, the DGKS criterion of Daniel,
/// Gragg, Kaufman & Stewart 1976 — "twice is enough", Giraud et al. 2005) at every step
/// (`.full`) or only where Simon's estimate of the lost orthogonality asks for it (`.partial`,
/// `LanczosOrthogonality`); βⱼ = ‖w‖, qⱼ₊₁ = w/βⱼ.
final class LanczosProcess {
    let n: Int
    let capacity: Int
    /// capacity×n, row j = qⱼ (rows 0 ..< steps + 1 written; row `steps` is the next vector).
    let basis: UnsafeMutablePointer<Double>
    /// The next vector when every basis row is taken (after the last step).
    let spare: UnsafeMutablePointer<Double>
    /// Gram–Schmidt coefficients, one per row.
    let coefficients: UnsafeMutablePointer<Double>
    var alpha: [Double] = []
    /// βⱼ after step j (count = steps); the last is the residual norm of the final step.
    var beta: [Double] = []
    var productCount = 0
    /// Passes over the basis: one `dgemv` per step, two more per full Gram–Schmidt pass.
    var reorthogonalizationPasses = 0
    /// Rows subtracted individually after the one-pass coefficients.
    var selectedRows = 0
    /// max |αⱼ|, βⱼ so far (≈ ‖T‖): the scale for the breakdown test and the ω estimates.
    var scale = 0.0
    /// Every step, or where Simon's estimate asks.
    let reorthogonalization: LanczosReorthogonalization
    /// Simon's estimates of qⱼᵀqₖ (used by `.partial`).
    var orthogonality: LanczosOrthogonality
    var steps: Int { alpha.count }
    var finalBeta: Double { beta.last ?? 0 }

    init(dimension n: Int, capacity: Int, start: [Double]?, reorthogonalization: LanczosReorthogonalization = .full,
         random: inout RandomGenerator) throws(CurvatureError) {
        guard n > 0 else { throw .invalidArgument(name: "dimension", message: "must be positive, got \(n)") }
        guard capacity >= 1 && capacity <= n else { throw .invalidArgument(name: "steps", message: "must be in 1…\(n), got \(capacity)") }
        let (count, overflow) = capacity.multipliedReportingOverflow(by: n)
        guard !overflow && count <= Int.max / 8 else {
            throw .invalidArgument(name: "steps", message: "\(capacity) basis vectors of \(n) values do not fit in memory")
        }
        if let start {
            guard start.count == n else { throw .invalidArgument(name: "start", message: "has \(start.count) entries, the operator \(n)") }
            guard start.allSatisfy({ $0.isFinite }) else { throw .invalidArgument(name: "start", message: "holds a non-finite value") }
        }
        self.n = n
        self.capacity = capacity
        self.reorthogonalization = reorthogonalization
        orthogonality = LanczosOrthogonality(dimension: n, capacity: capacity)
        alpha.reserveCapacity(capacity)
        beta.reserveCapacity(capacity)
        basis = .allocate(capacity: count)
        spare = .allocate(capacity: n)
        coefficients = .allocate(capacity: capacity)
        let first = UnsafeMutableBufferPointer(start: basis, count: n)
        if let start { _ = first.update(fromContentsOf: start) } else { Self.fillNormal(first, random: &random) }
        var norm = BLAS.nrm2(UnsafeBufferPointer(first))
        if norm == 0 {
            Self.fillNormal(first, random: &random)
            norm = BLAS.nrm2(UnsafeBufferPointer(first))
        }
        BLAS.scal(1 / norm, first)
    }

    deinit {
        basis.deallocate()
        spare.deallocate()
        coefficients.deallocate()
    }

    static func fillNormal(_ x: UnsafeMutableBufferPointer<Double>, random: inout RandomGenerator) {
        for index in x.indices { x[index] = random.normal() }
    }

    /// Row j of the basis.
    func row(_ j: Int) -> UnsafeMutablePointer<Double> { basis + j * n }

    /// One step: multiplies qⱼ, orthogonalizes, sets αⱼ, βⱼ and qⱼ₊₁ (a fresh random direction
    /// orthogonal to the basis, with βⱼ = 0, when the Krylov space became invariant).
    func step(random: inout RandomGenerator, product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) {
        let j = steps
        precondition(j < capacity, "Lanczos: all \(capacity) steps taken")
        let q = row(j), w = j + 1 < capacity ? row(j + 1) : spare
        product(UnsafeBufferPointer(start: q, count: n), UnsafeMutableBufferPointer(start: w, count: n))
        productCount += 1
        if j > 0 { Double.axpy(n: n, alpha: -beta[j - 1], x: row(j - 1), incx: 1, y: w, incy: 1) }
        var alphaJ = Double.dot(n: n, x: q, incx: 1, y: w, incy: 1)
        Double.axpy(n: n, alpha: -alphaJ, x: q, incx: 1, y: w, incy: 1)
        if reorthogonalization == .full { alphaJ += reorthogonalize(w, rows: j + 1) }
        alpha.append(alphaJ)
        scale = max(scale, abs(alphaJ), j > 0 ? beta[j - 1] : 0, .leastNormalMagnitude)
        var norm = Double.nrm2(n: n, x: w, incx: 1)
        if reorthogonalization == .partial,
           orthogonality.advance(step: j, alpha: alpha, beta: beta, norm: norm, scale: scale) {
            alpha[j] += reorthogonalize(w, rows: j + 1)
            norm = Double.nrm2(n: n, x: w, incx: 1)
            orthogonality.reorthogonalized(step: j)
        }
        conclude(w, step: j, norm: norm, random: &random)
    }

    /// βⱼ = `norm` and qⱼ₊₁ = w/βⱼ; or, when w vanished against ‖T‖ (the Krylov space is invariant),
    /// βⱼ = 0 and qⱼ₊₁ a random unit vector orthogonalized twice against the basis.
    func conclude(_ w: UnsafeMutablePointer<Double>, step j: Int, norm: Double, random: inout RandomGenerator) {
        let wBuffer = UnsafeMutableBufferPointer(start: w, count: n)
        guard norm <= 1e-12 * scale && j + 1 < capacity else {
            beta.append(norm)
            if norm > 0 { BLAS.scal(1 / norm, wBuffer) }
            return
        }
        beta.append(0)
        var restartNorm = 0.0
        for _ in 0..<3 {
            Self.fillNormal(wBuffer, random: &random)
            _ = orthogonalize(w, rows: j + 1)
            _ = orthogonalize(w, rows: j + 1)
            restartNorm = BLAS.nrm2(UnsafeBufferPointer(wBuffer))
            if restartNorm > 1e-8 { break }
        }
        BLAS.scal(1 / restartNorm, wBuffer)
        orthogonality.restarted(step: j)
    }

    /// Full reorthogonalization after the three-term step, reading the basis once: c = Q·w by one
    /// `dgemv`, then w ← w − cᵢqᵢ (one `dgemv` per run of consecutive rows) for the rows with
    /// |cᵢ| > 1e-12·‖w‖ only — the others
    /// are at the rounding level of the dot products themselves (≈ √n·ε·‖w‖), and leaving them
    /// keeps qⱼ₊₁ orthogonal to 1e-12, far below the √ε semi-orthogonality that already keeps the
    /// Ritz values accurate to working precision (Simon 1984). If that removed more than 1 − 1/√2
    /// of ‖w‖, two full Gram–Schmidt passes follow (DGKS). Returns the correction to αⱼ.
    func reorthogonalize(_ w: UnsafeMutablePointer<Double>, rows: Int) -> Double {
        let before = Double.nrm2(n: n, x: w, incx: 1)
        Double.gemv(.none, m: rows, n: n, alpha: 1, a: basis, lda: n, x: w, incx: 1, beta: 0, y: coefficients, incy: 1)
        reorthogonalizationPasses += 1
        let threshold = 1e-12 * before
        var i = 0
        while i < rows {
            guard abs(coefficients[i]) > threshold else {
                i += 1
                continue
            }
            // A run of consecutive selected rows: w ← w − Q[run]ᵀ·c[run] in one `dgemv`.
            var end = i + 1
            while end < rows && abs(coefficients[end]) > threshold { end += 1 }
            Double.gemv(.transpose, m: end - i, n: n, alpha: -1, a: row(i), lda: n, x: coefficients + i, incx: 1,
                        beta: 1, y: w, incy: 1)
            selectedRows += end - i
            i = end
        }
        var last = coefficients[rows - 1]
        let after = Double.nrm2(n: n, x: w, incx: 1)
        if after < 0.7071067811865476 * before {
            last += orthogonalize(w, rows: rows)
            last += orthogonalize(w, rows: rows)
        }
        return last
    }

    /// w ← (I − QᵀQ)w over the first `rows` rows by two `dgemv` (c = Q·w, then w ← w − Qᵀ·c);
    /// returns the coefficient on the last row.
    func orthogonalize(_ w: UnsafeMutablePointer<Double>, rows: Int) -> Double {
        reorthogonalizationPasses += 1
        Double.gemv(.none, m: rows, n: n, alpha: 1, a: basis, lda: n, x: w, incx: 1, beta: 0, y: coefficients, incy: 1)
        Double.gemv(.transpose, m: rows, n: n, alpha: -1, a: basis, lda: n, x: coefficients, incx: 1, beta: 1, y: w, incy: 1)
        return coefficients[rows - 1]
    }

    /// T's off-diagonal (β₀ … β_{m−2}).
    var offDiagonal: [Double] { Array(beta.prefix(max(0, steps - 1))) }

    /// The basis rows taken so far as an m×n matrix (one copy, made once at the end).
    func basisMatrix() -> Matrix<Double> {
        var matrix = Matrix<Double>(rows: steps, columns: n)
        matrix.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: basis, count: steps * n) }
        return matrix
    }
}
