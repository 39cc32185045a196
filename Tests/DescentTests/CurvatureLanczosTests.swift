import Testing
import Descent
import Linalg

/// Lanczos, Hutchinson and the spectral density against exact spectra.
@Suite("Curvature: Lanczos")
struct CurvatureLanczosTests {
    @Test("Lanczos top-3 and bottom-3 equal dsyevd's on a 1 843-parameter network to 1e-8; Hutchinson within 3 SE")
    func lanczosMatchesDenseSpectrum() throws {
        // 12-40-30-3 tanh: 12·40+40 + 40·30+30 + 30·3+3 = 1 843 parameters.
        let network = try CurvatureFixture.network(widths: [12, 40, 30, 3], maxBatchSize: 64, seed: 71, l2: 1e-3)
        let hessian = try CurvatureFixture.classificationHessian(network, rows: 64, seed: 72)
        #expect(hessian.dimension == 1843)
        let assembled = try hessian.assemble()
        let spectrum = try HessianSpectrum(assembled, singularValues: false)
        let exact = spectrum.eigenvalues
        let scale = max(abs(exact.first!), abs(exact.last!))

        var random = RandomGenerator(seed: 73)
        let result = try Lanczos.extremeEigenpairs(dimension: hessian.dimension, count: 3, maxSteps: 300, tolerance: 1e-12,
                                                   random: &random) { hessian.apply($0, into: $1) }
        #expect(result.converged)
        for i in 0..<3 {
            let top = exact[exact.count - 1 - i], bottom = exact[i]
            #expect(abs(result.largest[i].value - top) <= 1e-8 * abs(top), "λ\(i) top: \(result.largest[i].value) vs \(top)")
            #expect(abs(result.smallest[i].value - bottom) <= 1e-8 * scale, "λ\(i) bottom: \(result.smallest[i].value) vs \(bottom)")
            #expect(result.largest[i].residual <= 1e-6 * scale)
            #expect(result.smallest[i].residual <= 1e-6 * scale)
        }
        #expect(result.steps < 300)

        var traceRandom = RandomGenerator(seed: 74)
        let trace = try HutchinsonTrace.estimate(dimension: hessian.dimension, samples: 100, random: &traceRandom) {
            hessian.apply($0, into: $1)
        }
        #expect(abs(trace.estimate - spectrum.summary.trace) <= 3 * trace.standardError,
                "estimate \(trace.estimate) ± \(trace.standardError), exact \(spectrum.summary.trace)")
        #expect(trace.standardError > 0 && trace.sampleCount == 100)
    }

    @Test("Lanczos on a diagonal operator finds both ends exactly, through invariant subspaces")
    func diagonalOperator() throws {
        let values: [Double] = [-3, -1, 0, 0.5, 1, 2, 2, 7, 10]
        let matrix = Matrix.diagonal(values)
        var random = RandomGenerator(seed: 81)
        let result = try Lanczos.extremeEigenpairs(dimension: values.count, count: 2, random: &random,
                                                   product: CurvatureFixture.product(of: matrix))
        #expect(result.largest.map(\.value).enumerated().allSatisfy { abs($0.element - [10, 7][$0.offset]) < 1e-12 })
        #expect(result.smallest.map(\.value).enumerated().allSatisfy { abs($0.element - [-3, -1][$0.offset]) < 1e-12 })
        #expect(result.largest.allSatisfy { $0.residual < 1e-12 })
        // A start inside an invariant subspace: e₈ is an eigenvector, so step 1 breaks down and the
        // process continues from a random orthogonal direction.
        var start = [Double](repeating: 0, count: values.count)
        start[8] = 1
        let warm = try Lanczos.extremeEigenpairs(dimension: values.count, count: 1, maxSteps: 1, start: start, random: &random,
                                                 product: CurvatureFixture.product(of: matrix))
        #expect(warm.steps == 1 && abs(warm.largest[0].value - 10) < 1e-15 && warm.largest[0].residual < 1e-15)
        let full = try Lanczos.decompose(dimension: values.count, steps: values.count, start: start, random: &random,
                                         product: CurvatureFixture.product(of: matrix))
        #expect(full.beta[0] == 0)
        let ritz = try full.tridiagonalEigen().values
        #expect(CurvatureFixture.maxRelativeDifference(ritz, values) < 1e-12)
    }

    @Test("Rosenbrock's Hessian at (1,1): λ = 501 ± √(301² + 400²), condition number 2508.0096…")
    func rosenbrockTwoByTwo() throws {
        let h = CurvatureFixture.rosenbrockHessian(1, 1)
        let root = (301.0 * 301 + 400 * 400).squareRoot()
        var random = RandomGenerator(seed: 91)
        let result = try Lanczos.extremeEigenpairs(dimension: 2, count: 1, random: &random, product: CurvatureFixture.product(of: h))
        #expect(abs(result.largest[0].value - (501 + root)) < 1e-10)
        #expect(abs(result.smallest[0].value - (501 - root)) < 1e-10)
        let spectrum = try HessianSpectrum(hessian: h, extremeVectors: 1)
        #expect(abs(spectrum.summary.conditionNumber - (501 + root) / (501 - root)) < 1e-9)
        #expect(abs(spectrum.summary.conditionNumber - 2508.0096) < 1e-4)
        #expect(abs(spectrum.singularConditionNumber - spectrum.summary.conditionNumber) < 1e-8)
        #expect(spectrum.summary.negativeCount == 0 && spectrum.singularValuesByGesdd)
        let fromEigenvalues = try HessianSpectrum(hessian: h, singularValues: false)
        #expect(!fromEigenvalues.singularValuesByGesdd)
        #expect(abs(fromEigenvalues.singularConditionNumber - spectrum.singularConditionNumber) < 1e-8)
        #expect(Lanczos.residual(of: spectrum.largest[0].vector, value: spectrum.largest[0].value,
                                 product: CurvatureFixture.product(of: h)) < 1e-10)
        let saddle = try HessianSpectrum(hessian: Matrix([[2, 0], [0, -2]]))  // x² − y²
        #expect(saddle.summary.negativeCount == 1 && saddle.summary.positiveCount == 1)
    }

    @Test("SLQ density: unit mass, nodes inside the spectrum, half the mass near each of two eigenvalues")
    func spectralDensity() throws {
        let values = (0..<200).map { $0 < 100 ? 1.0 : 5.0 }
        let matrix = Matrix.diagonal(values)
        var random = RandomGenerator(seed: 101)
        let density = try StochasticLanczosQuadrature.density(dimension: 200, runs: 8, steps: 20, gridPoints: 2000, random: &random,
                                                              product: CurvatureFixture.product(of: matrix))
        let spacing = density.grid[1] - density.grid[0]
        #expect(abs(density.density.reduce(0, +) * spacing - 1) < 1e-12)
        #expect(density.nodes.allSatisfy { $0.allSatisfy { $0 > 1 - 1e-9 && $0 < 5 + 1e-9 } })
        #expect(density.weights.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-12 })
        let lowMass = zip(density.grid, density.density).filter { $0.0 < 3 }.reduce(0) { $0 + $1.1 } * spacing
        #expect(abs(lowMass - 0.5) < 0.15, "mass below 3: \(lowMass)")
    }
}
