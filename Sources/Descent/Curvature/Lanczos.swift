import Linalg

/// m steps of the Lanczos process on a symmetric operator H: an orthonormal basis Q (m×n, row j is
/// qⱼ) of the Krylov space span{q₀, Hq₀, …, H^{m−1}q₀} and the tridiagonal T = QHQᵀ with diagonal
/// α and off-diagonal β.
public struct LanczosDecomposition: Sendable {
    /// The basis, one unit vector per row, orthonormal to working precision.
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

    /// Eigenvalues (ascending) and eigenvectors (rows) of T, by LAPACKE `dsyevd`.
    public func tridiagonalEigen() throws(CurvatureError) -> EigenDecomposition<Double> {
        do {
            return try SymmetricEigen.decompose(tridiagonal)
        } catch let error as LinalgError {
            throw .linalg(error)
        } catch {
            throw .invalidArgument(name: "tridiagonal", message: "\(error)")
        }
    }
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
    /// Whether every reported pair met the requested tolerance (by the Lanczos residual bound).
    public var converged: Bool
}

/// The symmetric Lanczos method with full reorthogonalization (Golub & Van Loan, *Matrix
/// Computations*, 4th ed., §10.1; Paige's analysis for why plain three-term Lanczos loses
/// orthogonality and produces ghost eigenvalues). Works on any symmetric operator given as a
/// product closure `(v, Hv)` — a network's `NetworkHessian`, a 2-D test function's analytic Hessian,
/// a matrix.
///
/// Step j: w = Hqⱼ; w is orthogonalized against every previous qᵢ by classical Gram–Schmidt done
/// twice (two `dgemv` pairs: c = Qw, w ← w − Qᵀc), αⱼ is the accumulated coefficient on qⱼ, and
/// βⱼ = ‖w‖, qⱼ₊₁ = w/βⱼ. If βⱼ ≤ 1e-12·‖T‖ the Krylov space is invariant; the process continues
/// from a random vector orthogonal to Q with βⱼ = 0, so all of a small operator's spectrum can be
/// reached. The Ritz values are the eigenvalues of T (LAPACKE `dsyevd` on the m×m matrix); Ritz
/// vectors are Qᵀs (one `dgemm`).
public enum Lanczos {
    /// Runs `steps` Lanczos steps from `start` (random normal when nil; it need not be normalized).
    public static func decompose(
        dimension n: Int, steps m: Int, start: [Double]? = nil, random: inout RandomGenerator,
        product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    ) throws(CurvatureError) -> LanczosDecomposition {
        var process = try LanczosProcess(dimension: n, capacity: m, start: start, random: &random)
        while process.steps < m {
            process.step(random: &random, product: product)
        }
        return process.decomposition
    }

    /// The `count` largest and `count` smallest eigenpairs of the symmetric operator.
    ///
    /// Steps: at most `maxSteps` (default min(n, max(4·count, 2·count + 40))); from 2·count steps on,
    /// every 5 steps the extreme Ritz pairs' residual bounds β·|s_{m−1,i}| are checked, and the
    /// iteration stops when all 2·count are ≤ `tolerance`·max|θ|. With `measureResiduals`, each
    /// reported pair's ‖Hv − λv‖ is measured by one more product (else the bound is reported).
    /// `start` warm-starts the iteration (e.g. the previous top eigenvector while training).
    public static func extremeEigenpairs(
        dimension n: Int, count: Int, maxSteps: Int? = nil, tolerance: Double = 1e-10, start: [Double]? = nil,
        measureResiduals: Bool = true, random: inout RandomGenerator,
        product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    ) throws(CurvatureError) -> LanczosResult {
        guard n > 0 else { throw .invalidArgument(name: "dimension", message: "must be positive, got \(n)") }
        guard count >= 1 && count <= n else { throw .invalidArgument(name: "count", message: "must be in 1…\(n), got \(count)") }
        let limit = min(n, maxSteps ?? max(4 * count, 2 * count + 40))
        guard limit >= 1 else { throw .invalidArgument(name: "maxSteps", message: "must be positive, got \(limit)") }
        guard tolerance >= 0 else { throw .invalidArgument(name: "tolerance", message: "must be non-negative, got \(tolerance)") }
        var process = try LanczosProcess(dimension: n, capacity: limit, start: start, random: &random)
        var converged = false
        while process.steps < limit {
            process.step(random: &random, product: product)
            let m = process.steps
            if m >= min(limit, 2 * count) && (m % 5 == 0 || m == limit) {
                let eigen = try process.decomposition.tridiagonalEigen()
                converged = extremesConverged(eigen, count: count, finalBeta: process.finalBeta, tolerance: tolerance)
                if converged { break }
            }
        }
        let decomposition = process.decomposition
        let eigen = try decomposition.tridiagonalEigen()
        let m = decomposition.steps
        let k = min(count, m)
        let largestIndices = (0..<k).map { m - 1 - $0 }, smallestIndices = Array(0..<k)
        var products = decomposition.productCount
        func pairs(_ indices: [Int]) -> [Eigenpair] {
            indices.map { index in
                let s = eigen.vectors.row(index)
                var y = [Double](repeating: 0, count: n)
                decomposition.basis.withUnsafeBufferPointer { q in
                    s.withUnsafeBufferPointer { sp in
                        y.withUnsafeMutableBufferPointer { yp in
                            // y = Qᵀs (1×m · m×n).
                            Double.gemv(.transpose, m: m, n: n, alpha: 1, a: q.baseAddress!, lda: n, x: sp.baseAddress!, incx: 1,
                                        beta: 0, y: yp.baseAddress!, incy: 1)
                        }
                    }
                }
                let theta = eigen.values[index]
                var residual = abs(decomposition.finalBeta * s[m - 1])
                if measureResiduals {
                    residual = Lanczos.residual(of: y, value: theta, product: product)
                    products += 1
                }
                return Eigenpair(value: theta, vector: y, residual: residual)
            }
        }
        let largest = pairs(largestIndices), smallest = pairs(smallestIndices)
        if !converged {
            converged = extremesConverged(eigen, count: count, finalBeta: decomposition.finalBeta, tolerance: tolerance) || m == n
        }
        return LanczosResult(largest: largest, smallest: smallest, ritzValues: eigen.values, steps: m,
                             productCount: products, converged: converged)
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

    static func extremesConverged(_ eigen: EigenDecomposition<Double>, count: Int, finalBeta: Double, tolerance: Double) -> Bool {
        let m = eigen.values.count
        guard m >= 1 else { return false }
        let scale = max(abs(eigen.values[0]), abs(eigen.values[m - 1]), .leastNormalMagnitude)
        let indices = Set(Array(0..<min(count, m)) + Array(max(0, m - count)..<m))
        return indices.allSatisfy { abs(finalBeta * eigen.vectors[$0, m - 1]) <= tolerance * scale }
    }
}

/// The state of a running Lanczos process (basis rows filled so far, α, β).
struct LanczosProcess {
    let n: Int
    let capacity: Int
    var basis: Matrix<Double>
    var alpha: [Double] = []
    var beta: [Double] = []
    var finalBeta = 0.0
    var productCount = 0
    var next: [Double]
    var steps: Int { alpha.count }

    init(dimension n: Int, capacity: Int, start: [Double]?, random: inout RandomGenerator) throws(CurvatureError) {
        guard n > 0 else { throw .invalidArgument(name: "dimension", message: "must be positive, got \(n)") }
        guard capacity >= 1 && capacity <= n else { throw .invalidArgument(name: "steps", message: "must be in 1…\(n), got \(capacity)") }
        self.n = n
        self.capacity = capacity
        basis = Matrix(rows: capacity, columns: n)
        var q = start ?? (0..<n).map { _ in random.normal() }
        guard q.count == n else { throw .invalidArgument(name: "start", message: "has \(q.count) entries, the operator \(n)") }
        guard q.allSatisfy({ $0.isFinite }) else { throw .invalidArgument(name: "start", message: "holds a non-finite value") }
        var norm = q.withUnsafeBufferPointer { BLAS.nrm2($0) }
        if norm == 0 {
            q = (0..<n).map { _ in random.normal() }
            norm = q.withUnsafeBufferPointer { BLAS.nrm2($0) }
        }
        q.withUnsafeMutableBufferPointer { BLAS.scal(1 / norm, $0) }
        next = q
    }

    var decomposition: LanczosDecomposition {
        let m = steps
        let used = Matrix<Double>(rows: m, columns: n, elements: Array(basis.elements[0 ..< m * n]))
        return LanczosDecomposition(basis: used, alpha: alpha, beta: Array(beta.prefix(max(0, m - 1))),
                                    finalBeta: finalBeta, productCount: productCount)
    }

    /// Appends `next` as row j, multiplies, orthogonalizes against rows 0…j twice, sets αⱼ, βⱼ and
    /// the next vector (a fresh random one after an invariant subspace).
    mutating func step(random: inout RandomGenerator,
                       product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) {
        let j = steps
        precondition(j < capacity, "Lanczos: all \(capacity) steps taken")
        let n = self.n
        var w = [Double](repeating: 0, count: n)
        basis.withUnsafeMutableBufferPointer { q in
            let row = q.baseAddress! + j * n
            row.update(from: next, count: n)
            w.withUnsafeMutableBufferPointer { product(UnsafeBufferPointer(start: row, count: n), $0) }
        }
        productCount += 1
        var alphaJ = 0.0
        let coefficients = orthogonalize(&w, rows: j + 1)
        alphaJ = coefficients
        alpha.append(alphaJ)
        var norm = w.withUnsafeBufferPointer { BLAS.nrm2($0) }
        let scale = max(alpha.map(abs).max() ?? 0, beta.max() ?? 0, .leastNormalMagnitude)
        if norm <= 1e-12 * scale && j + 1 < capacity {
            // Invariant subspace: continue from a random direction orthogonal to the basis.
            finalBeta = 0
            beta.append(0)
            for _ in 0..<3 {
                w = (0..<n).map { _ in random.normal() }
                _ = orthogonalize(&w, rows: j + 1)
                norm = w.withUnsafeBufferPointer { BLAS.nrm2($0) }
                if norm > 1e-8 { break }
            }
            w.withUnsafeMutableBufferPointer { BLAS.scal(1 / norm, $0) }
            next = w
            return
        }
        finalBeta = norm
        beta.append(norm)
        if norm > 0 { w.withUnsafeMutableBufferPointer { BLAS.scal(1 / norm, $0) } }
        next = w
    }

    /// w ← (I − QᵀQ)w twice over the first `rows` basis vectors (classical Gram–Schmidt, twice:
    /// "twice is enough", Giraud et al. 2005); returns the summed coefficient on the last row.
    func orthogonalize(_ w: inout [Double], rows: Int) -> Double {
        var c = [Double](repeating: 0, count: rows)
        var last = 0.0
        basis.withUnsafeBufferPointer { q in
            w.withUnsafeMutableBufferPointer { wp in
                c.withUnsafeMutableBufferPointer { cp in
                    for _ in 0..<2 {
                        // c = Q w;  w ← w − Qᵀ c.
                        Double.gemv(.none, m: rows, n: n, alpha: 1, a: q.baseAddress!, lda: n, x: wp.baseAddress!, incx: 1,
                                    beta: 0, y: cp.baseAddress!, incy: 1)
                        Double.gemv(.transpose, m: rows, n: n, alpha: -1, a: q.baseAddress!, lda: n, x: cp.baseAddress!, incx: 1,
                                    beta: 1, y: wp.baseAddress!, incy: 1)
                        last += cp[rows - 1]
                    }
                }
            }
        }
        return last
    }
}
