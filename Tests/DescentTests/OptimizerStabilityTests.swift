import Descent
import Linalg
import Testing

/// Gradient descent and heavy ball on a quadratic whose top Hessian eigenvalue is λ: stable below
/// the classical thresholds lr < 2/λ and lr < (2 + 2μ)/λ, unstable above.
@Suite("Optimizer stability thresholds")
struct OptimizerStabilityTests {
    /// f(θ) = ½ Σ λᵢ θᵢ² with eigenvalues λ = 4 (the top one), 1 and 0.25.
    static let eigenvalues = [4.0, 1.0, 0.25]
    static let top = 4.0

    /// ‖θ‖ after `steps` steps from (1, 1, 1), relative to the start (400 steps: divergent runs
    /// grow to ≈1e38 or more but stay finite).
    static func finalNormRatio(lr: Double, momentum: Double, steps: Int = 400) -> Double {
        var optimizer = SGD<Double>(learningRate: lr, momentum: momentum)
        let path = OptimizerTestSupport.run(&optimizer, from: [1, 1, 1], steps: steps) { theta in
            zip(eigenvalues, theta).map { $0 * $1 }
        }
        let last = path.last!
        return (last.map { $0 * $0 }.reduce(0, +) / 3).squareRoot()
    }

    @Test("Gradient descent converges for lr < 2/λ and diverges above", arguments: [0.0])
    func gradientDescent(momentum: Double) {
        #expect(Self.finalNormRatio(lr: 0.95 * 2 / Self.top, momentum: momentum) < 1e-6)
        #expect(Self.finalNormRatio(lr: 1.05 * 2 / Self.top, momentum: momentum) > 1e6)
    }

    @Test("Heavy ball converges for lr < (2 + 2μ)/λ and diverges above", arguments: [0.5, 0.9])
    func heavyBall(momentum: Double) {
        let threshold = (2 + 2 * momentum) / Self.top
        #expect(Self.finalNormRatio(lr: 0.95 * threshold, momentum: momentum) < 1e-6)
        #expect(Self.finalNormRatio(lr: 1.05 * threshold, momentum: momentum) > 1e6)
        // Between 2/λ and the heavy-ball threshold, momentum is stable where plain GD is not.
        let between = (2 / Self.top + threshold) / 2
        #expect(Self.finalNormRatio(lr: between, momentum: momentum) < 1e-6)
        #expect(Self.finalNormRatio(lr: between, momentum: 0) > 1e6)
    }
}
