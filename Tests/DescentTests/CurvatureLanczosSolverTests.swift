import Testing
import Descent
import Linalg

/// The Lanczos solver's contract: extremes equal to dsyevd's, bounds and measured residuals that
/// agree, one product per step (no hidden products or copies of the basis), per-end convergence,
/// progress once per step; the fixed-point products and the two-stage eigensolver.
@Suite("Curvature: Lanczos solver, point products, two-stage spectrum")
struct CurvatureLanczosSolverTests {
    /// A seeded random symmetric n×n matrix (A + Aᵀ)/2 with A ~ N(0, 1), plus an outlier direction
    /// so that the top of the spectrum separates like a network Hessian's.
    static func randomSymmetric(_ n: Int, seed: UInt64) -> Matrix<Double> {
        var random = RandomGenerator(seed: seed)
        var a = Matrix<Double>(rows: n, columns: n)
        for i in 0..<n {
            for j in i..<n {
                let value = random.normal()
                a[i, j] = value
                a[j, i] = value
            }
        }
        return a
    }

    @Test("Random symmetric 400×400: top-4 and bottom-4 equal dsyevd's to 1e-10·‖A‖; residuals measured and bounded")
    func randomSymmetricExtremes() throws {
        let n = 400, k = 4
        let a = Self.randomSymmetric(n, seed: 11)
        let exact = try SymmetricEigen.decompose(a).values
        let scale = max(abs(exact.first!), abs(exact.last!))
        var random = RandomGenerator(seed: 12)
        let result = try Lanczos.extremeEigenpairs(dimension: n, count: k, maxSteps: n, tolerance: 1e-12, random: &random,
                                                   product: CurvatureFixture.product(of: a))
        #expect(result.converged && result.largestConverged && result.smallestConverged)
        for i in 0..<k {
            #expect(abs(result.largest[i].value - exact[n - 1 - i]) <= 1e-10 * scale, "top \(i): \(result.largest[i].value) vs \(exact[n - 1 - i])")
            #expect(abs(result.smallest[i].value - exact[i]) <= 1e-10 * scale, "bottom \(i): \(result.smallest[i].value) vs \(exact[i])")
            // The measured ‖Av − λv‖ is small, and within rounding of the Lanczos bound β·|s|.
            #expect(result.largest[i].residual <= 1e-9 * scale && result.smallest[i].residual <= 1e-9 * scale)
            #expect(result.largestBounds[i] <= 1e-12 * scale && result.smallestBounds[i] <= 1e-12 * scale)
        }
        // One product per step plus one per measured residual: no hidden products.
        #expect(result.productCount == result.steps + 2 * k)
        #expect(result.steps < n)
        // Every Ritz value lies inside the spectrum (Cauchy interlacing).
        #expect(result.ritzValues.allSatisfy { $0 >= exact.first! - 1e-9 * scale && $0 <= exact.last! + 1e-9 * scale })
    }

    @Test("Without measured residuals the products equal the steps; the check runs after every step and stops at the first converged one")
    func productsEqualSteps() throws {
        let n = 300
        let a = Self.randomSymmetric(n, seed: 21)
        var steps: [Int] = []
        var random = RandomGenerator(seed: 22)
        let result = try Lanczos.extremeEigenpairs(dimension: n, count: 1, maxSteps: n, tolerance: 1e-8, ends: .largest,
                                                   measureResiduals: false, random: &random,
                                                   progress: { steps.append($0.step) }, product: CurvatureFixture.product(of: a))
        #expect(result.productCount == result.steps)
        #expect(steps == Array(1...result.steps))
        #expect(result.largestConverged && result.largestConvergedStep == result.steps)
        // Stopping for the largest end only takes fewer steps than both ends.
        var again = RandomGenerator(seed: 22)
        let both = try Lanczos.extremeEigenpairs(dimension: n, count: 1, maxSteps: n, tolerance: 1e-8, measureResiduals: false,
                                                 random: &again, product: CurvatureFixture.product(of: a))
        #expect(both.steps >= result.steps && both.largestConvergedStep == result.steps)
        // The same start gives the same Krylov space: the steps they share give the same λmax.
        #expect(abs(both.largest[0].value - result.largest[0].value) <= 1e-8 * abs(result.largest[0].value))
    }

    @Test("A step limit too small leaves an end unconverged, and says so per end")
    func notConverged() throws {
        let a = Self.randomSymmetric(200, seed: 31)
        var random = RandomGenerator(seed: 32)
        let result = try Lanczos.extremeEigenpairs(dimension: 200, count: 2, maxSteps: 8, tolerance: 1e-12, random: &random,
                                                   product: CurvatureFixture.product(of: a))
        #expect(!result.converged && result.steps == 8)
        #expect(!result.largestConverged && result.largestConvergedStep == nil)
        #expect(result.largestBounds.max()! > 1e-12 * abs(result.largest[0].value))
    }

    @Test("Network Hessian (1 507 parameters): Lanczos extremes equal the two-stage spectrum's; basis orthonormal")
    func networkHessian() throws {
        let network = try CurvatureFixture.network(widths: [10, 32, 32, 3], maxBatchSize: 128, seed: 41)
        let hessian = try CurvatureFixture.classificationHessian(network, rows: 128, seed: 42)
        let spectrum = try HessianSpectrum(try hessian.assemble(), singularValues: false)
        let exact = spectrum.eigenvalues, scale = max(abs(exact.first!), abs(exact.last!))
        var random = RandomGenerator(seed: 43)
        let result = try Lanczos.extremeEigenpairs(dimension: hessian.dimension, count: 2, maxSteps: 400, tolerance: 1e-10,
                                                   random: &random) { hessian.apply($0, into: $1) }
        #expect(result.converged)
        for i in 0..<2 {
            #expect(abs(result.largest[i].value - exact[exact.count - 1 - i]) <= 1e-9 * scale)
            #expect(abs(result.smallest[i].value - exact[i]) <= 1e-9 * scale)
            #expect(result.largest[i].residual <= 1e-8 * scale && result.smallest[i].residual <= 1e-8 * scale)
        }
        var again = RandomGenerator(seed: 44)
        let decomposition = try Lanczos.decompose(dimension: hessian.dimension, steps: 60, random: &again) { hessian.apply($0, into: $1) }
        let q = decomposition.basis
        var worst = 0.0
        for i in 0..<q.rows {
            for j in 0...i {
                let dot = zip(q.row(i), q.row(j)).reduce(0) { $0 + $1.0 * $1.1 }
                worst = max(worst, abs(dot - (i == j ? 1 : 0)))
            }
        }
        #expect(worst < 1e-11, "‖QQᵀ − I‖max = \(worst)")
        #expect(decomposition.productCount == 60)
    }

    @Test("Tridiagonal eigenpairs by dstevr equal dsyevd's on the dense T")
    func tridiagonal() throws {
        var random = RandomGenerator(seed: 51)
        let m = 60
        let d = (0..<m).map { _ in random.normal() }, e = (0..<(m - 1)).map { _ in abs(random.normal()) }
        var dense = Matrix<Double>(rows: m, columns: m)
        for i in 0..<m { dense[i, i] = d[i] }
        for i in 0..<(m - 1) { dense[i, i + 1] = e[i]; dense[i + 1, i] = e[i] }
        let exact = try SymmetricEigen.decompose(dense)
        let top = try TridiagonalEigen.eigenpairs(diagonal: d, offDiagonal: e, indices: (m - 3)..<m)
        let all = try TridiagonalEigen.eigenvalues(diagonal: d, offDiagonal: e)
        #expect(CurvatureFixture.maxRelativeDifference(all, exact.values) < 1e-13)
        for i in 0..<3 {
            #expect(abs(top.values[i] - exact.values[m - 3 + i]) < 1e-13)
            // Same unit vector up to sign.
            let dot = zip(top.vectors.row(i), exact.vectors.row(m - 3 + i)).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(abs(dot) - 1) < 1e-12)
        }
        #expect(throws: LinalgError.self) { try TridiagonalEigen.eigenvalues(diagonal: [1, 2], offDiagonal: []) }
    }

    @Test("Products at a fixed point equal full products bit for bit, and follow a change of θ")
    func pointProducts() throws {
        let network = try CurvatureFixture.network(widths: [6, 20, 15, 4], maxBatchSize: 50, seed: 61, l2: 1e-3)
        let hessian = try CurvatureFixture.classificationHessian(network, rows: 50, seed: 62)
        var random = RandomGenerator(seed: 63)
        let vectors = (0..<3).map { _ in (0..<hessian.dimension).map { _ in random.normal() } }
        func products(reusing: Bool) -> [[Double]] {
            hessian.reusesPointPasses = reusing
            return vectors.map { hessian.product($0) }
        }
        let full = products(reusing: false), reused = products(reusing: true)
        #expect(full == reused)
        #expect(hessian.pointReuseCount == 2)
        // A gradient pass in between runs another forward pass: the next product records again.
        var gradient = [Double](repeating: 0, count: hessian.dimension)
        gradient.withUnsafeMutableBufferPointer { _ = hessian.lossAndGradient(into: $0) }
        #expect(hessian.product(vectors[0]) == full[0] && hessian.pointReuseCount == 2)
        // Moving θ: the record is stale, the product is the new point's.
        network.parameters[0] += 0.25
        let moved = hessian.product(vectors[1])
        hessian.reusesPointPasses = false
        #expect(moved == hessian.product(vectors[1]) && moved != full[1])
    }

    @Test("Two-stage eigenvalues equal dsyevd's: extremes to 1e-10, negative and zero counts identical (1 507-parameter Hessian)")
    func twoStageSpectrum() throws {
        let network = try CurvatureFixture.network(widths: [10, 32, 32, 3], maxBatchSize: 256, seed: 71)
        let hessian = try CurvatureFixture.classificationHessian(network, rows: 256, seed: 72)
        var columns: [Int] = []
        let assembled = try hessian.assemble { done, total in
            #expect(total == hessian.dimension)
            columns.append(done)
        }
        #expect(columns.last == hessian.dimension && columns == columns.sorted())
        let twoStage = try SymmetricEigen.eigenvalues(of: assembled.matrix, driver: .twoStage)
        let oneStage = try SymmetricEigen.eigenvalues(of: assembled.matrix, driver: .divideAndConquer)
        let a = SpectrumSummary(eigenvalues: twoStage), b = SpectrumSummary(eigenvalues: oneStage)
        #expect(abs(a.lambdaMax - b.lambdaMax) <= 1e-10 * abs(b.lambdaMax))
        #expect(abs(a.lambdaMin - b.lambdaMin) <= 1e-10 * abs(b.lambdaMin))
        #expect(a.negativeCount == b.negativeCount && a.nearZeroCount == b.nearZeroCount && a.positiveCount == b.positiveCount)
        // Softmax is unchanged by a common shift of the class scores: 32 + 1 exact zero directions.
        #expect(b.nearZeroCount >= 33)
        // The same driver on the same matrix, compared to rounding rather than bit for bit: other
        // tests running in this process may change OpenBLAS's thread count between the two calls
        // (OpenBLASRuntime.configureThreads), and LAPACK's blocked reductions then round differently.
        let spectrum = try HessianSpectrum(assembled, singularValues: false)
        #expect(spectrum.eigensolver == "dsyevd_2stage" && spectrum.eigenvalues.count == twoStage.count)
        let scale = max(abs(b.lambdaMax), abs(b.lambdaMin))
        #expect(zip(spectrum.eigenvalues, twoStage).allSatisfy { abs($0 - $1) <= 1e-12 * scale })
        #expect(try HessianSpectrum(assembled, extremeVectors: 1, singularValues: false).eigensolver == "dsyevd")
    }
}
