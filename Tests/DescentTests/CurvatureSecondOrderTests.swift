import Testing
import Descent
import Linalg

/// Damped Newton and L-BFGS.
@Suite("Curvature: second-order methods")
struct CurvatureSecondOrderTests {
    /// A = MᵀM + I (5×5, positive definite), b fixed: f(x) = ½xᵀAx − bᵀx, ∇f = Ax − b.
    static func quadratic(shift: Double = 1) -> (a: Matrix<Double>, b: [Double]) {
        var random = RandomGenerator(seed: 111)
        let m = Matrix<Double>(rows: 5, columns: 5, elements: (0..<25).map { _ in random.normal() })
        var a = BLAS.product(m, m, transposeA: .transpose)
        for i in 0..<5 { a[i, i] += shift }
        return (a, (0..<5).map { _ in random.normal() })
    }

    static func gradient(_ a: Matrix<Double>, _ b: [Double], at x: [Double]) -> [Double] {
        var g = b.map { -$0 }
        x.withUnsafeBufferPointer { xp in g.withUnsafeMutableBufferPointer { BLAS.gemv(a, xp, beta: 1, into: $0) } }
        return g
    }

    @Test("Newton lands on the minimizer of a quadratic in one step (Cholesky)")
    func newtonOneStep() throws {
        let (a, b) = Self.quadratic()
        let x0: [Double] = [3, -1, 2, 0.5, -4]
        let step = try DampedNewton.step(hessian: a, gradient: Self.gradient(a, b, at: x0))
        #expect(step.solver == .cholesky)
        let x1 = zip(x0, step.step).map { $0 + $1 }
        let residual = Self.gradient(a, b, at: x1)
        #expect(residual.map(abs).max()! < 1e-12 * max(1, b.map(abs).max()!) * 100)
    }

    @Test("Indefinite H uses Bunch–Kaufman; damping solves (H + δI)p = −g")
    func indefiniteAndDamped() throws {
        let (a, b) = Self.quadratic(shift: -6)  // MᵀM − 5I: indefinite for this seed
        let spectrum = try HessianSpectrum(hessian: a, singularValues: false)
        #expect(spectrum.summary.negativeCount > 0)
        let g = b
        let step = try DampedNewton.step(hessian: a, gradient: g)
        #expect(step.solver == .bunchKaufman)
        #expect(Self.gradient(a, g.map { -$0 }, at: step.step).map(abs).max()! < 1e-10)  // A·p + g = 0
        let delta = 20.0
        let damped = try DampedNewton.step(hessian: a, gradient: g, damping: delta)
        #expect(damped.solver == .cholesky)
        var shifted = a
        for i in 0..<5 { shifted[i, i] += delta }
        #expect(Self.gradient(shifted, g.map { -$0 }, at: damped.step).map(abs).max()! < 1e-10)
        #expect(throws: CurvatureError.self) { try DampedNewton.step(hessian: Matrix([[0, 0], [0, 0]]), gradient: [1, 1]) }
    }

    @Test("L-BFGS (history 10, strong Wolfe) reaches Rosenbrock's minimum from (−1.2, 1) in ≤ 100 iterations")
    func lbfgsRosenbrock() throws {
        var optimizer = LBFGS(maxIterations: 100, maxEvaluations: 1000, toleranceGrad: 1e-10, toleranceChange: 1e-14)
        var x: [Double] = [-1.2, 1]
        let result = try optimizer.step(&x, objective: CurvatureFixture.rosenbrock)
        #expect(result.iterations <= 100)
        #expect(abs(x[0] - 1) < 1e-6 && abs(x[1] - 1) < 1e-6, "ended at \(x) after \(result.iterations) iterations: \(result.stop)")
        #expect(abs(result.initialValue - 24.2) < 1e-12 && result.finalValue < 1e-12)
        #expect(result.stop != .maxIterations, "\(result)")
    }

    @Test("L-BFGS on a network's full-batch MSE objective reaches the least-squares solution of the normal equations")
    func lbfgsLinearRegression() throws {
        let d = 3, rows = 40
        let network = try CurvatureFixture.network(widths: [d, 1], loss: .meanSquaredError, maxBatchSize: 16, seed: 121)
        var random = RandomGenerator(seed: 122)
        let x = (0..<rows * d).map { _ in random.normal() }
        let t = (0..<rows).map { _ in random.normal() }
        let hessian = try NetworkHessian(network: network, features: x, rowCount: rows, targetValues: t)
        // Least squares by one Newton step: the loss is quadratic, so θ* = θ − H⁻¹∇f.
        let h = try hessian.assemble().matrix
        let theta0 = network.parameters.array
        let (_, g0) = hessian.objective()(theta0)
        let newton = try DampedNewton.step(hessian: h, gradient: g0)
        let solution = zip(theta0, newton.step).map { $0 + $1 }
        var optimizer = LBFGS(maxIterations: 50, toleranceGrad: 1e-12, toleranceChange: 1e-16)
        var theta = theta0
        let result = try optimizer.step(&theta, objective: hessian.objective())
        #expect(result.iterations < 50, "\(result)")
        #expect(CurvatureFixture.maxRelativeDifference(theta, solution) < 1e-8)
    }
}
