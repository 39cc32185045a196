import Linalg

/// A Newton step and how its linear system was solved.
public struct NewtonStep: Sendable, Equatable {
    /// Which LAPACK factorization solved (H + δI)·p = −g.
    public enum Solver: String, Sendable, Equatable {
        /// Cholesky, `dposv`: H + δI was positive definite.
        case cholesky
        /// Bunch–Kaufman LDLᵀ, `dsysv`: H + δI was indefinite (the step then heads for a saddle or
        /// maximum along the negative directions).
        case bunchKaufman
    }

    /// p = −(H + δI)⁻¹·g; the update is θ ← θ + p.
    public var step: [Double]
    /// The factorization used.
    public var solver: Solver
}

/// The damped Newton step of the lecture: p = −(H + δI)⁻¹·g for the (dense, symmetric) Hessian H
/// and gradient g, δ ≥ 0 the damping (Levenberg's: δ → 0 is Newton, δ → ∞ gradient descent with
/// step 1/δ). On a quadratic ½xᵀAx − bᵀx with δ = 0 one step lands on the minimizer A⁻¹b.
///
/// Solved by Cholesky (`dposv`) first — it also tests positive definiteness — and by Bunch–Kaufman
/// (`dsysv`) when that fails; an exactly singular H + δI throws `CurvatureError.linalg`.
public enum DampedNewton {
    /// The step for `hessian` (n×n, only the upper triangle is read) and `gradient` (n).
    public static func step(hessian: Matrix<Double>, gradient: [Double], damping: Double = 0) throws(CurvatureError) -> NewtonStep {
        let n = gradient.count
        guard hessian.rows == n && hessian.columns == n && n > 0 else {
            throw .invalidArgument(name: "hessian", message: "is \(hessian.rows)×\(hessian.columns), the gradient has \(n) entries")
        }
        guard damping >= 0 && damping.isFinite else { throw .invalidArgument(name: "damping", message: "must be finite and ≥ 0, got \(damping)") }
        guard gradient.allSatisfy({ $0.isFinite }) else { throw .invalidArgument(name: "gradient", message: "holds a non-finite value") }
        guard hessian.elements.allSatisfy({ $0.isFinite }) else { throw .invalidArgument(name: "hessian", message: "holds a non-finite value") }
        var shifted = hessian
        if damping != 0 {
            for i in 0..<n { shifted[i, i] += damping }
        }
        var rightHandSide = gradient.map { -$0 }
        var cholesky = shifted
        let info = cholesky.withUnsafeMutableBufferPointer { a in
            rightHandSide.withUnsafeMutableBufferPointer { b in
                Double.posv(n: n, nrhs: 1, a: a.baseAddress!, lda: n, b: b.baseAddress!, ldb: 1)
            }
        }
        if info == 0 { return NewtonStep(step: rightHandSide, solver: .cholesky) }
        guard info > 0 else { throw .linalg(.lapackFailure(routine: "LAPACKE_dposv", info: Int(info))) }
        rightHandSide = gradient.map { -$0 }
        var pivots = [Int32](repeating: 0, count: n)
        let sysvInfo = shifted.withUnsafeMutableBufferPointer { a in
            rightHandSide.withUnsafeMutableBufferPointer { b in
                pivots.withUnsafeMutableBufferPointer { p in
                    Double.sysv(n: n, nrhs: 1, a: a.baseAddress!, lda: n, ipiv: p.baseAddress!, b: b.baseAddress!, ldb: 1)
                }
            }
        }
        guard sysvInfo == 0 else { throw .linalg(.lapackFailure(routine: "LAPACKE_dsysv", info: Int(sysvInfo))) }
        return NewtonStep(step: rightHandSide, solver: .bunchKaufman)
    }
}
