import Descent
import Linalg

/// Helpers shared by the optimizer tests.
enum OptimizerTestSupport {
    /// Runs `steps` steps of `optimizer` from `start` with the gradient `gradient(parameters)`
    /// (evaluated in Double at the current parameters) and returns every iterate, start included.
    static func run<O: Optimizer>(
        _ optimizer: inout O, from start: [Double], steps: Int, gradient: ([Double]) -> [Double]
    ) -> [[Double]] {
        var parameters = start.map { O.Scalar($0) }
        var path = [parameters.map { Double($0) }]
        for _ in 0..<steps {
            let g = gradient(parameters.map { Double($0) }).map { O.Scalar($0) }
            parameters.withUnsafeMutableBufferPointer { p in
                g.withUnsafeBufferPointer { optimizer.step(parameters: p, gradient: $0) }
            }
            path.append(parameters.map { Double($0) })
        }
        return path
    }

    /// The gradient of f(θ) = Σ ½·cᵢ·θᵢ² + bᵢ·θᵢ with a mix of curvatures, signs and offsets.
    static func mixedGradient(_ theta: [Double]) -> [Double] {
        theta.indices.map { i in
            let curvature = [0.5, 2.0, 0.1, 3.0][i % 4], offset = [0.3, -0.2, 1.0, 0.0][i % 4]
            return curvature * theta[i] + offset
        }
    }

    /// Start point for the small-vector tests.
    static let start: [Double] = [1.0, -2.0, 0.5, 3.0]

    /// Largest |a − b| / max(1, |b|) over two paths of the same shape.
    static func maxRelativeError(_ a: [[Double]], _ b: [[Double]]) -> Double {
        precondition(a.count == b.count)
        var worst = 0.0
        for (x, y) in zip(a, b) {
            precondition(x.count == y.count)
            for (u, v) in zip(x, y) { worst = max(worst, abs(u - v) / max(1, abs(v))) }
        }
        return worst
    }

    /// The tolerance for comparing a `Scalar` run with a Double reference over a few steps.
    static func tolerance<Scalar: BLASScalar>(_: Scalar.Type) -> Double {
        Scalar.self == Float.self ? 2e-5 : 1e-13
    }
}
