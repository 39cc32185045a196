import Testing
@testable import Linalg

@Suite("Symmetric eigenvalues, singular values and condition numbers")
struct EigenTests {
    @Test("A diagonal matrix's eigenvalues are its diagonal, sorted")
    func diagonal() throws {
        let values: [Double] = [3, -1, 7, 0.5, 2]
        #expect(try SymmetricEigen.eigenvalues(of: Matrix.diagonal(values)) == values.sorted())
        let floats = try SymmetricEigen.eigenvalues(of: Matrix<Float>.diagonal(values.map(Float.init)))
        #expect(floats == values.sorted().map(Float.init))
    }

    @Test("Rosenbrock Hessian at (1, 1): closed-form eigenvalues and condition number")
    func rosenbrock() throws {
        // [[802, −400], [−400, 200]]: λ = 501 ∓ √(301² + 400²) = 501 ∓ √250601.
        let h = Matrix<Double>([[802, -400], [-400, 200]])
        let lambda = try SymmetricEigen.eigenvalues(of: h)
        let root = (250_601.0).squareRoot()
        #expect(abs(lambda[0] - (501 - root)) <= 1e-12 * 1002)
        #expect(abs(lambda[1] - (501 + root)) <= 1e-12 * 1002)
        #expect(abs(lambda[0] - 0.39936076748762) < 1e-11)
        #expect(abs(lambda[1] - 1001.6006392325) < 1e-9)
        let summary = SpectrumSummary(eigenvalues: lambda)
        #expect(abs(summary.conditionNumber - 2508.0096012772) < 1e-6)
        #expect(abs(try SingularValues.conditionNumber(of: h) - 2508.0096012772) < 1e-6)
        #expect(summary.negativeCount == 0 && summary.positiveCount == 2)
    }

    @Test("diag(2, −2) has one negative eigenvalue: a saddle of index 1")
    func saddle() throws {
        let summary = SpectrumSummary(eigenvalues: try SymmetricEigen.eigenvalues(of: Matrix<Double>.diagonal([2, -2])))
        #expect(summary.negativeCount == 1 && summary.positiveCount == 1 && summary.nearZeroCount == 0)
        #expect(summary.lambdaMin == -2 && summary.lambdaMax == 2 && summary.conditionNumber == 1)
        #expect(summary.positiveConditionNumber == 1 && summary.trace == 0)
    }

    @Test("Eigenvectors: ‖Av − λv‖ small, orthonormal rows")
    func eigenvectors() throws {
        let n = 30
        let a = randomSymmetric(n, seed: 11)
        let decomposition = try SymmetricEigen.decompose(a)
        let scale = a.frobeniusNorm
        for i in 0..<n {
            let v = decomposition.vectors.row(i)
            var residual = 0.0
            for r in 0..<n {
                let av = (0..<n).reduce(0.0) { $0 + a[r, $1] * v[$1] }
                residual += (av - decomposition.values[i] * v[r]) * (av - decomposition.values[i] * v[r])
            }
            #expect(residual.squareRoot() <= 1e-12 * scale)
            for j in 0..<n {
                let inner = v.dot(decomposition.vectors.row(j))
                #expect(abs(inner - (i == j ? 1 : 0)) < 1e-12)
            }
        }
    }

    @Test("The k largest and smallest from ?syevr equal the ends of the ?syevd spectrum")
    func selectedEigenvalues() throws {
        let a = randomSymmetric(50, seed: 12)
        let all = try SymmetricEigen.eigenvalues(of: a)
        let top = try SymmetricEigen.eigenvalues(of: a, selecting: .largest(5))
        let bottom = try SymmetricEigen.eigenvalues(of: a, selecting: .smallest(4))
        for (x, y) in zip(top, all.suffix(5)) { #expect(abs(x - y) < 1e-12 * 50) }
        for (x, y) in zip(bottom, all.prefix(4)) { #expect(abs(x - y) < 1e-12 * 50) }
        let topVectors = try SymmetricEigen.decompose(a, selecting: .largest(2))
        #expect(topVectors.vectors.rows == 2 && topVectors.vectors.columns == 50)
        let full = try SymmetricEigen.decompose(a)
        let overlap = abs(topVectors.vectors.row(1).dot(full.vectors.row(49)))
        #expect(abs(overlap - 1) < 1e-10)
        #expect(throws: LinalgError.self) { try SymmetricEigen.eigenvalues(of: a, selecting: .largest(51)) }
    }

    @Test("Singular values against a closed form; rank deficiency gives κ = +∞")
    func singularValues() throws {
        // [[3, 0], [4, 5]]: σ₁σ₂ = |det| = 15 and σ₁² + σ₂² = ‖A‖F² = 50, so σ₁ ± σ₂ = √80, √20,
        // which gives σ₁ = 3√5 and σ₂ = √5.
        let sigma = try SingularValues.values(of: Matrix<Double>([[3, 0], [4, 5]]))
        #expect(abs(sigma[0] - 3 * 5.0.squareRoot()) < 1e-13)
        #expect(abs(sigma[1] - 5.0.squareRoot()) < 1e-13)
        let rankOne = Matrix<Double>([[1, 2, 3], [2, 4, 6], [-1, -2, -3]])
        #expect(try SingularValues.conditionNumber(of: rankOne) == .infinity)
        #expect(try SingularValues.conditionNumber(of: Matrix<Float>([[1, 1], [1, 1]])) == .infinity)
        let wide: Matrix<Double> = randomMatrix(3, 8, seed: 4)
        #expect(try SingularValues.values(of: wide).count == 3)
        let spectrum = SpectrumSummary(eigenvalues: try SymmetricEigen.eigenvalues(of: BLAS.product(rankOne, rankOne, transposeA: .transpose)))
        #expect(spectrum.nearZeroCount == 2 && spectrum.conditionNumber == .infinity)
        #expect(spectrum.nonzeroConditionNumber == 1)
    }

    @Test("Non-finite input and bad shapes throw errors that name the routine")
    func errors() {
        var a = Matrix<Double>.identity(3)
        a[1, 2] = .nan
        // Every eigenvalue without vectors: the two-stage driver.
        #expect(throws: LinalgError.nonFiniteInput(routine: "LAPACKE_dsyevd_2stage", index: 5)) { try SymmetricEigen.eigenvalues(of: a) }
        #expect(throws: LinalgError.nonFiniteInput(routine: "LAPACKE_dsyevd", index: 5)) {
            try SymmetricEigen.eigenvalues(of: a, driver: .divideAndConquer)
        }
        #expect(throws: LinalgError.nonFiniteInput(routine: "LAPACKE_dgesdd", index: 5)) { try SingularValues.values(of: a) }
        a[1, 2] = .infinity
        #expect(throws: LinalgError.self) { try SymmetricEigen.eigenvalues(of: a, selecting: .largest(1)) }
        #expect(throws: LinalgError.self) { try SymmetricEigen.eigenvalues(of: Matrix<Double>(rows: 2, columns: 3)) }
        #expect("\(LinalgError.lapackFailure(routine: "LAPACKE_dsyevd", info: -4))".contains("argument 4"))
    }
}
