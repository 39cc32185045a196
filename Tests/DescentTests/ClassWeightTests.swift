import Foundation
import Testing
import Descent
import Linalg

/// Class-weighted cross-entropy: the loss and its gradient against PyTorch's definition written out
/// by hand (scripts/reference/class_weight_reference.py), and the gradient, Hessian-vector products
/// and the full Hessian of the weighted objective against finite differences in Double.
@Suite("Class weights in the loss")
struct ClassWeightTests {
    static let logits: [Double] = [0.3, -1.2, 2.0, 1.5, 0.2, -0.7, -0.4, 0.9, 0.1, 2.2, -0.3, 0.5, 0.0, 0.0, 1.0]
    static let labels: [Int32] = [2, 0, 1, 1, 0]
    static let weights: [Double] = [0.5, 2.0, 1.25]

    /// The loss of the fixture's logits and its gradient in z.
    func evaluate(smoothing: Double, weights: [Double]?) throws -> (loss: Double, gradient: [Double]) {
        let loss = LossFunction<Double>(.crossEntropy(labelSmoothing: smoothing), outputCount: 3, maxBatchSize: 5)
        try loss.setClassWeights(weights)
        let value = Self.logits.withUnsafeBufferPointer { z in
            Self.labels.withUnsafeBufferPointer { y in loss.evaluate(outputs: z.baseAddress!, targets: .classIndices(y), batchSize: 5) }
        }
        return (value, Array(loss.gradient.buffer.prefix(15)))
    }

    @Test("Loss and ∂L/∂z equal PyTorch's CrossEntropyLoss(weight:, label_smoothing:) written out by hand")
    func matchesPyTorchDefinition() throws {
        // From scripts/reference/class_weight_reference.py (ATen's formula in float64).
        let plain = try evaluate(smoothing: 0, weights: Self.weights)
        #expect(abs(plain.loss - 1.2394638948538037) < 1e-13)
        let plainGradient = [0.0298637723, 0.0066635083, -0.0365272808, -0.0221687424, 0.0157608564, 0.006407886,
                             0.0506487958, -0.1341545427, 0.0835057469, 0.2530107243, -0.2992316152, 0.0462208909,
                             -0.0630446754, 0.0169553246, 0.0460893508]
        #expect(CurvatureFixture.maxRelativeDifference(plain.gradient, plainGradient) < 1e-8)
        let smoothed = try evaluate(smoothing: 0.1, weights: Self.weights)
        #expect(abs(smoothed.loss - 1.279968995405115) < 1e-13)
        let smoothedGradient = [0.0271971058, -0.0040031584, -0.0231939473, -0.0081607205, 0.0074583182, 0.0007024021,
                                0.0460827992, -0.1197904139, 0.0737076147, 0.2408561554, -0.2786770963, 0.0378209408,
                                -0.0551680434, 0.0088319566, 0.0463360866]
        #expect(CurvatureFixture.maxRelativeDifference(smoothed.gradient, smoothedGradient) < 1e-8)
    }

    @Test("Unit weights give the unweighted loss and gradient; bad weights are refused")
    func unitWeightsAreUnweighted() throws {
        for smoothing in [0.0, 0.2] {
            let weighted = try evaluate(smoothing: smoothing, weights: [1, 1, 1])
            let plain = try evaluate(smoothing: smoothing, weights: nil)
            #expect(abs(weighted.loss - plain.loss) < 1e-14)
            #expect(CurvatureFixture.maxRelativeDifference(weighted.gradient, plain.gradient) < 1e-14)
        }
        let loss = LossFunction<Double>(.crossEntropy(), outputCount: 3, maxBatchSize: 5)
        #expect(throws: ModelError.self) { try loss.setClassWeights([1, 2]) }
        #expect(throws: ModelError.self) { try loss.setClassWeights([1, 0, 2]) }
        #expect(throws: ModelError.self) { try loss.setClassWeights([1, .nan, 2]) }
        let mse = LossFunction<Double>(.meanSquaredError, outputCount: 3, maxBatchSize: 5)
        #expect(throws: ModelError.self) { try mse.setClassWeights([1, 1, 1]) }
    }

    /// A weighted operator over 23 rows in chunks of `maxBatchSize`, with L2.
    func weightedHessian(maxBatchSize: Int, smoothing: Double) throws -> NetworkHessian {
        let network = try CurvatureFixture.network(widths: [3, 5, 3], loss: .crossEntropy(labelSmoothing: smoothing),
                                                   maxBatchSize: maxBatchSize, seed: 41, l2: 0.02)
        try network.lossFunction.setClassWeights([0.3, 2.5, 1.1])
        return try CurvatureFixture.classificationHessian(network, rows: 23, seed: 42)
    }

    @Test("Gradient and H·v of the weighted objective equal central differences, in chunks and whole")
    func gradientAndProductMatchDifferences() throws {
        for (batch, smoothing) in [(64, 0.0), (6, 0.1)] {
            let hessian = try weightedHessian(maxBatchSize: batch, smoothing: smoothing)
            let network = hessian.network, n = hessian.dimension
            let theta = network.parameters.array
            func objective(_ point: [Double]) -> (Double, [Double]) {
                _ = network.parameters.buffer.update(fromContentsOf: point)
                var g = [Double](repeating: 0, count: n)
                let value = g.withUnsafeMutableBufferPointer { hessian.lossAndGradient(into: $0) }
                return (value, g)
            }
            let (_, gradient) = objective(theta)
            var random = RandomGenerator(seed: 43)
            let v = (0..<n).map { _ in random.normal() }
            let h = 1e-5
            let plus = objective(zip(theta, v).map { $0 + h * $1 }), minus = objective(zip(theta, v).map { $0 - h * $1 })
            _ = network.parameters.buffer.update(fromContentsOf: theta)
            // Directional derivative of the loss vs gᵀv, and H·v vs differences of the gradient.
            let directional = zip(gradient, v).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs((plus.0 - minus.0) / (2 * h) - directional) < 1e-8 * max(1, abs(directional)))
            let numeric = zip(plus.1, minus.1).map { ($0 - $1) / (2 * h) }
            #expect(CurvatureFixture.maxRelativeDifference(hessian.product(v), numeric) < 1e-7)
        }
    }

    @Test("The assembled Hessian of the weighted objective equals differences of the gradient, column by column")
    func fullHessianMatchesDifferences() throws {
        let hessian = try weightedHessian(maxBatchSize: 10, smoothing: 0.05)
        let network = hessian.network, n = hessian.dimension
        #expect(hessian.assemblyBlockSize > 1)  // the block R-operator path
        let assembled = try hessian.assemble()
        let theta = network.parameters.array
        let h = 1e-5
        var numeric = Matrix<Double>(rows: n, columns: n)
        for j in 0..<n {
            func gradient(_ shift: Double) -> [Double] {
                var point = theta
                point[j] += shift
                _ = network.parameters.buffer.update(fromContentsOf: point)
                var g = [Double](repeating: 0, count: n)
                g.withUnsafeMutableBufferPointer { _ = hessian.lossAndGradient(into: $0) }
                return g
            }
            let plus = gradient(h), minus = gradient(-h)
            for i in 0..<n { numeric[i, j] = (plus[i] - minus[i]) / (2 * h) }
        }
        _ = network.parameters.buffer.update(fromContentsOf: theta)
        let difference = zip(assembled.matrix.elements, numeric.elements).map { abs($0 - $1) }.max()!
        let scale = numeric.elements.map(abs).max()!
        #expect(difference < 1e-7 * scale)
        // Weights matter: the unweighted Hessian at the same point differs by far more.
        try network.lossFunction.setClassWeights(nil)
        let unweighted = try hessian.assemble()
        let change = zip(assembled.matrix.elements, unweighted.matrix.elements).map { abs($0 - $1) }.max()!
        #expect(change > 1e-3 * scale)
    }
}
