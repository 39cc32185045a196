import Testing
import Descent
import Linalg

/// Simon's partial reorthogonalization against full reorthogonalization and a known spectrum.
@Suite("Curvature: Lanczos with partial reorthogonalization")
struct CurvatureLanczosPartialTests {
    /// A = U·diag(λ)·Uᵀ with U = (I − 2uuᵀ)(I − 2wwᵀ) (two seeded Householder reflections, exactly
    /// orthogonal): λ known. λ: 0, 1/n, …, (n − 1)/n plus outliers 40, 39.5, 20 on top and −7, −6.9
    /// at the bottom, so the ends converge fast and orthogonality is lost fast.
    static func knownSpectrum(_ n: Int, seed: UInt64) -> (matrix: Matrix<Double>, values: [Double]) {
        var values = (0..<n).map { Double($0) / Double(n) }
        values[n - 1] = 40
        values[n - 2] = 39.5
        values[n - 3] = 20
        values[0] = -7
        values[1] = -6.9
        var random = RandomGenerator(seed: seed)
        func unit() -> [Double] {
            let v = (0..<n).map { _ in random.normal() }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / norm }
        }
        let u = unit(), w = unit()
        // Columns of U: U·eⱼ = eⱼ − 2w·wⱼ, then − 2u·(uᵀ(that)).
        var columns = [[Double]]()
        for j in 0..<n {
            var c = (0..<n).map { i in (i == j ? 1 : 0) - 2 * w[i] * w[j] }
            let dot = zip(u, c).reduce(0) { $0 + $1.0 * $1.1 }
            for i in 0..<n { c[i] -= 2 * u[i] * dot }
            columns.append(c)
        }
        var a = Matrix<Double>(rows: n, columns: n)
        for i in 0..<n {
            for j in i..<n {
                var sum = 0.0
                for k in 0..<n { sum += columns[k][i] * values[k] * columns[k][j] }
                a[i, j] = sum
                a[j, i] = sum
            }
        }
        return (a, values.sorted())
    }

    @Test("Known spectrum, 300×300: partial finds the 3 largest and 2 smallest to 1e-10·‖A‖ with fewer passes than full")
    func knownExtremes() throws {
        let n = 300
        let (a, exact) = Self.knownSpectrum(n, seed: 41)
        let scale = 40.0
        var passes: [LanczosReorthogonalization: Int] = [:]
        var values: [LanczosReorthogonalization: [Double]] = [:]
        for mode in LanczosReorthogonalization.allCases {
            var random = RandomGenerator(seed: 42)
            let result = try Lanczos.extremeEigenpairs(dimension: n, count: 2, maxSteps: n, tolerance: 1e-12, reorthogonalization: mode,
                                                       random: &random, product: CurvatureFixture.product(of: a))
            #expect(result.converged, "\(mode)")
            for i in 0..<2 {
                #expect(abs(result.largest[i].value - exact[n - 1 - i]) <= 1e-10 * scale, "\(mode) top \(i)")
                #expect(abs(result.smallest[i].value - exact[i]) <= 1e-10 * scale, "\(mode) bottom \(i)")
                #expect(result.largest[i].residual <= 1e-9 * scale && result.smallest[i].residual <= 1e-9 * scale, "\(mode)")
            }
            // No ghost: the third Ritz value from the top is the third eigenvalue (20), not a copy of 40.
            let ritz = result.ritzValues
            #expect(abs(ritz[ritz.count - 3] - exact[n - 3]) <= 1e-8 * scale, "\(mode): \(ritz.suffix(4))")
            passes[mode] = result.reorthogonalizationPasses
            values[mode] = result.largest.map(\.value) + result.smallest.map(\.value)
        }
        #expect(passes[.partial]! < passes[.full]!, "passes \(passes)")
        #expect(zip(values[.partial]!, values[.full]!).allSatisfy { abs($0 - $1) <= 1e-10 * scale })
    }

    @Test("Partial keeps the basis semi-orthogonal over 150 steps (|qᵢᵀqⱼ| ≤ 1e-7) where plain Lanczos would not")
    func semiOrthogonal() throws {
        let n = 300
        let (a, exact) = Self.knownSpectrum(n, seed: 43)
        var random = RandomGenerator(seed: 44)
        let decomposition = try Lanczos.decompose(dimension: n, steps: 150, reorthogonalization: .partial, random: &random,
                                                  product: CurvatureFixture.product(of: a))
        let q = decomposition.basis, m = decomposition.steps
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<i {
                var dot = 0.0
                for k in 0..<n { dot += q[i, k] * q[j, k] }
                worst = max(worst, abs(dot))
            }
        }
        #expect(worst <= 1e-7, "max |qᵢᵀqⱼ| = \(worst)")
        // T's extreme eigenvalues are A's: 40 converged long before step 150, with no spurious copy.
        let ritz = try decomposition.tridiagonalEigen().values
        #expect(abs(ritz.last! - exact.last!) <= 1e-10 * 40 && abs(ritz.first! - exact.first!) <= 1e-10 * 40)
        #expect(ritz.filter { abs($0 - 40) <= 1e-6 }.count == 1)
    }
}
