import Descent
import Linalg

/// Helpers for the curvature tests: seeded networks and rows, products of small dense matrices,
/// and the 2-D functions written out by hand.
enum CurvatureFixture {
    /// A Double network of the given widths (tanh between Linear layers) with seeded weights.
    static func network(widths: [Int], loss: LossKind = .crossEntropy(), maxBatchSize: Int, seed: UInt64,
                        l2: Double = 0) throws -> Network<Double> {
        var layers: [LayerSpec] = []
        for (index, width) in widths.dropFirst().enumerated() {
            layers.append(.dense(outputCount: width))
            if index < widths.count - 2 { layers.append(.activation(.tanh)) }
        }
        var random = RandomGenerator(seed: seed)
        let network = try Network<Double>(inputCount: widths[0], layers: layers, loss: loss, initializer: .xavierNormal,
                                          maxBatchSize: maxBatchSize, random: &random)
        network.regularization = Regularization(l2: l2)
        return network
    }

    /// A cross-entropy operator over `rows` seeded normal rows with seeded labels.
    static func classificationHessian(_ network: Network<Double>, rows: Int, seed: UInt64) throws -> NetworkHessian {
        var random = RandomGenerator(seed: seed)
        let features = (0..<rows * network.inputCount).map { _ in random.normal() }
        let labels = (0..<rows).map { _ in Int32(random.uniformInt(below: network.outputCount)) }
        return try NetworkHessian(network: network, features: features, rowCount: rows, classIndices: labels)
    }

    /// The product closure of a dense symmetric matrix, by `dgemv`.
    static func product(of matrix: Matrix<Double>) -> (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void {
        { v, hv in BLAS.gemv(matrix, v, into: hv) }
    }

    /// Rosenbrock f = (1 − x)² + 100(y − x²)² and its gradient.
    static func rosenbrock(_ p: [Double]) -> (value: Double, gradient: [Double]) {
        let x = p[0], y = p[1]
        let value = (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
        return (value, [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
    }

    /// Rosenbrock's Hessian [[2 − 400(y − 3x²)... ]] written out: ∂²f/∂x² = 2 − 400y + 1200x²,
    /// ∂²f/∂x∂y = −400x, ∂²f/∂y² = 200.
    static func rosenbrockHessian(_ x: Double, _ y: Double) -> Matrix<Double> {
        Matrix([[2 - 400 * y + 1200 * x * x, -400 * x], [-400 * x, 200]])
    }

    /// max|x − y| / max(max|y|, tiny).
    static func maxRelativeDifference(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count)
        let scale = max(y.map(abs).max() ?? 0, 1e-300)
        return zip(x, y).map { abs($0 - $1) }.max()! / scale
    }
}
