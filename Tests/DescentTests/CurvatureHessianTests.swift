import Foundation
import Testing
import Descent
import Linalg

/// Hessian-vector products of networks, the assembled Hessian, the closed form of linear
/// regression, and the memory guard.
@Suite("Curvature: Hessian")
struct CurvatureHessianTests {
    @Test("H·v equals central differences of the gradient, (∇f(θ+εv) − ∇f(θ−εv))/2ε, with chunks and L2")
    func productMatchesCentralDifferences() throws {
        let network = try CurvatureFixture.network(widths: [4, 6, 3], maxBatchSize: 7, seed: 11, l2: 0.03)
        let hessian = try CurvatureFixture.classificationHessian(network, rows: 20, seed: 12)
        let theta = network.parameters.array
        let n = hessian.dimension
        var random = RandomGenerator(seed: 13)
        for _ in 0..<3 {
            let v = (0..<n).map { _ in random.normal() }
            let hv = hessian.product(v)
            let epsilon = 1e-5
            func gradient(at shift: Double) -> [Double] {
                _ = network.parameters.buffer.update(fromContentsOf: zip(theta, v).map { $0 + shift * $1 })
                var g = [Double](repeating: 0, count: n)
                g.withUnsafeMutableBufferPointer { _ = hessian.lossAndGradient(into: $0) }
                return g
            }
            let plus = gradient(at: epsilon), minus = gradient(at: -epsilon)
            _ = network.parameters.buffer.update(fromContentsOf: theta)
            let numeric = zip(plus, minus).map { ($0 - $1) / (2 * epsilon) }
            #expect(CurvatureFixture.maxRelativeDifference(hv, numeric) < 1e-7)
        }
    }

    @Test("Chunked rows give the Hessian of the mean loss: weights b_c/N, same as one batch")
    func chunksAreWeightedByRows() throws {
        let small = try CurvatureFixture.network(widths: [3, 5, 4], maxBatchSize: 6, seed: 21, l2: 0.1)
        let large = try CurvatureFixture.network(widths: [3, 5, 4], maxBatchSize: 64, seed: 21, l2: 0.1)
        let chunked = try CurvatureFixture.classificationHessian(small, rows: 23, seed: 22)  // chunks 6, 6, 6, 5
        let whole = try CurvatureFixture.classificationHessian(large, rows: 23, seed: 22)
        var random = RandomGenerator(seed: 23)
        let v = (0..<chunked.dimension).map { _ in random.normal() }
        #expect(CurvatureFixture.maxRelativeDifference(chunked.product(v), whole.product(v)) < 1e-13)
        #expect(chunked.productCount == 1)
    }

    @Test("The assembled Hessian's columns are the products H·eⱼ, H·v = Hv by dgemv, asymmetry ~ε")
    func assembledMatchesProducts() throws {
        let network = try CurvatureFixture.network(widths: [5, 7, 3], maxBatchSize: 16, seed: 31, l2: 0.01)
        let hessian = try CurvatureFixture.classificationHessian(network, rows: 40, seed: 32)
        let assembled = try hessian.assemble()
        let n = hessian.dimension
        #expect(assembled.matrix.rows == n && assembled.productCount == n)
        #expect(assembled.asymmetry < 1e-12)
        #expect(assembled.asymmetry > 0 || n < 2)  // rounding makes the raw matrix not exactly symmetric
        for j in [0, n / 2, n - 1] {
            var unit = [Double](repeating: 0, count: n)
            unit[j] = 1
            #expect(CurvatureFixture.maxRelativeDifference(assembled.matrix.column(j), hessian.product(unit)) < 1e-12)
        }
        var random = RandomGenerator(seed: 33)
        let v = (0..<n).map { _ in random.normal() }
        var byMatrix = [Double](repeating: 0, count: n)
        v.withUnsafeBufferPointer { vp in byMatrix.withUnsafeMutableBufferPointer { BLAS.gemv(assembled.matrix, vp, into: $0) } }
        #expect(CurvatureFixture.maxRelativeDifference(byMatrix, hessian.product(v)) < 1e-12)
    }

    /// For K outputs, N rows, x̃ = [x; 1] and PyTorch's mean MSE L = (1/(N·K))·Σᵢₖ (wₖᵀxᵢ + bₖ − tᵢₖ)²,
    /// ∂²L/∂(wₖ,bₖ)∂(wₖ,bₖ) = (2/(N·K))·X̃ᵀX̃ and blocks of different outputs vanish.
    @Test("Linear regression with MSE: H = (2/(N·K))·X̃ᵀX̃ per output to 1e-12, κ(H) = κ(X̃)²")
    func linearRegressionClosedForm() throws {
        let d = 3, k = 2, rows = 30
        let network = try CurvatureFixture.network(widths: [d, k], loss: .meanSquaredError, maxBatchSize: 8, seed: 41)
        var random = RandomGenerator(seed: 42)
        let x = (0..<rows * d).map { _ in random.normal() * 2 + 0.5 }
        let t = (0..<rows * k).map { _ in random.normal() }
        let hessian = try NetworkHessian(network: network, features: x, rowCount: rows, targetValues: t)
        let h = try hessian.assemble().matrix

        var augmented = Matrix<Double>(rows: rows, columns: d + 1)
        for i in 0..<rows {
            for j in 0..<d { augmented[i, j] = x[i * d + j] }
            augmented[i, d] = 1
        }
        let gram = BLAS.product(augmented, augmented, transposeA: .transpose)  // X̃ᵀX̃, (d+1)×(d+1)
        let scale = 2 / Double(rows * k)
        // Layout: weight [k, d] row-major at 0, then bias [k] at k·d.
        func index(output: Int, feature: Int) -> Int { feature == d ? k * d + output : output * d + feature }
        var expected = Matrix<Double>(rows: k * (d + 1), columns: k * (d + 1))
        for output in 0..<k {
            for a in 0...d {
                for b in 0...d { expected[index(output: output, feature: a), index(output: output, feature: b)] = scale * gram[a, b] }
            }
        }
        #expect(CurvatureFixture.maxRelativeDifference(h.elements, expected.elements) < 1e-12)
        #expect(abs(expected[k * d, k * d] - 2 / Double(k)) < 1e-15)  // ∂²L/∂b² = 2/K

        let spectrum = try HessianSpectrum(hessian: h)
        let sigma = try SingularValues.values(of: augmented)
        let closedForm = (sigma.first! / sigma.last!) * (sigma.first! / sigma.last!)
        #expect(abs(spectrum.summary.conditionNumber - closedForm) / closedForm < 1e-9)
        #expect(abs(spectrum.singularConditionNumber - closedForm) / closedForm < 1e-9)
        #expect(spectrum.summary.negativeCount == 0 && spectrum.summary.positiveCount == k * (d + 1))
        let trace = (0..<h.rows).reduce(0.0) { $0 + h[$1, $1] }
        #expect(abs(spectrum.summary.trace - trace) < 1e-12 * abs(trace))
    }

    @Test("Iris: standardizing the features lowers the linear-regression Hessian's condition number more than 10×")
    func irisStandardizationImprovesConditioning() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/iris.csv").path
        let table = try CSVReader.read(contentsOf: source)
        var dataset = try Dataset(table: table)
        #expect(dataset.rowCount == 150 && dataset.featureCount == 4)
        func conditionNumber(_ data: Dataset) throws -> Double {
            let network = try CurvatureFixture.network(widths: [4, 1], loss: .meanSquaredError, maxBatchSize: 64, seed: 51)
            let targets = data.classIndices.map(Double.init)
            let hessian = try NetworkHessian(network: network, features: data.features, rowCount: data.rowCount, targetValues: targets)
            return try HessianSpectrum(try hessian.assemble()).summary.conditionNumber
        }
        let raw = try conditionNumber(dataset)
        Standardizer(mode: .standardize, fittingRows: Array(0..<dataset.rowCount), of: dataset).apply(to: &dataset)
        let standardized = try conditionNumber(dataset)
        #expect(raw / standardized > 10, "raw κ = \(raw), standardized κ = \(standardized)")
        #expect(standardized.isFinite && standardized >= 1)
    }

    @Test("The memory guard refuses n > √(bytes/8) and its error names the bytes needed and --top")
    func memoryGuardNamesTheSize() throws {
        let guardOf100 = HessianMemoryGuard(maximumParameters: 100)
        #expect(guardOf100.bytesAllowed == 80_000 && guardOf100.maximumParameters == 100)
        #expect(throws: Never.self) { try guardOf100.check(parameters: 100) }
        var products = 0
        do {
            _ = try FullHessian.assemble(dimension: 101, memoryGuard: guardOf100) { _, _ in products += 1 }
            Issue.record("101 parameters passed a 100-parameter guard")
        } catch {
            #expect(error == .hessianTooLarge(parameters: 101, bytesNeeded: 81_608, bytesAllowed: 80_000, maximumParameters: 100))
            #expect(error.description.contains("81608 bytes"))
            #expect(error.description.contains("81.6 kB"))
            #expect(error.description.contains("at most 100 parameters") && !error.description.contains("--"), "the library names no flag")
        }
        #expect(products == 0)

        let memory = HessianMemoryGuard.physicalMemoryBytes()
        #expect(memory > 100_000_000)
        let machine = HessianMemoryGuard()
        let n = machine.maximumParameters
        #expect(8 * n * n <= memory / 4 && 8 * (n + 1) * (n + 1) > memory / 4)
        #expect(HessianMemoryGuard.bytes(parameters: 1 << 40) == .max)
    }

    @Test("A Float network converted to Double keeps its parameters and loss")
    func conversionKeepsTheModel() throws {
        var random = RandomGenerator(seed: 61)
        let spec = NetworkSpec(inputCount: 3, hiddenSizes: [4], outputCount: 2, activation: .tanh, batchNorm: true)
        let single = try Network<Float>(spec: spec, maxBatchSize: 4, random: &random)
        single.regularization = Regularization(l2: 0.5)
        let double = try single.converted(to: Double.self, maxBatchSize: 9)
        #expect(double.maxBatchSize == 9 && double.regularization.l2 == 0.5)
        #expect(double.parameters.array == single.parameters.array.map(Double.init))
        #expect(double.layerSpecs == single.layerSpecs)
    }
}
