import Foundation
import Linalg

/// An estimated eigenvalue density of a symmetric operator on a grid, with the quadrature nodes it
/// was smoothed from.
public struct SpectralDensity: Sendable {
    /// The grid points t, evenly spaced from the smallest node − margin to the largest + margin.
    public var grid: [Double]
    /// ρ(t) on the grid, normalized so that Σ ρ(t)·Δt = 1.
    public var density: [Double]
    /// Per run, the Ritz values θᵢ (the quadrature nodes), ascending.
    public var nodes: [[Double]]
    /// Per run, the weights τᵢ = (first component of T's i-th eigenvector)², summing to 1.
    public var weights: [[Double]]
    /// The variance σ² of the Gaussian kernel used.
    public var kernelVariance: Double
}

/// Stochastic Lanczos quadrature (Lin, Saad & Yang, "Approximating spectral densities of large
/// matrices", SIAM Review 2016), as PyHessian's `density` does it (Yao et al., 2020): each run starts
/// Lanczos from a random unit vector v and takes m steps; with T = S·Θ·Sᵀ, vᵀ f(H) v ≈ Σᵢ τᵢ f(θᵢ),
/// τᵢ = S₀ᵢ². The density is the mean over runs of Σᵢ τᵢ·g(t − θᵢ), with the Gaussian
/// g(x) = exp(−x²/(2σ²))/√(2πσ²), σ² = `relativeVariance`·max(1, λ̄max − λ̄min), on `gridPoints`
/// points from λ̄min − `margin` to λ̄max + `margin` (λ̄ the run-averaged extreme nodes), then
/// normalized to unit mass on the grid — PyHessian's defaults are 1e-5, 10 000 points, 0.01.
public enum StochasticLanczosQuadrature {
    /// The density from `runs` random starts of `steps` Lanczos steps each.
    public static func density(
        dimension n: Int, runs: Int = 1, steps: Int = 90, gridPoints: Int = 10_000, relativeVariance: Double = 1e-5,
        margin: Double = 0.01, random: inout RandomGenerator,
        product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    ) throws(CurvatureError) -> SpectralDensity {
        guard runs >= 1 else { throw .invalidArgument(name: "runs", message: "must be at least 1, got \(runs)") }
        guard gridPoints >= 2 else { throw .invalidArgument(name: "gridPoints", message: "must be at least 2, got \(gridPoints)") }
        guard relativeVariance > 0 else { throw .invalidArgument(name: "relativeVariance", message: "must be positive, got \(relativeVariance)") }
        let m = min(steps, n)
        var nodes: [[Double]] = [], weights: [[Double]] = []
        for _ in 0..<runs {
            let decomposition = try Lanczos.decompose(dimension: n, steps: m, keepingBasis: false, random: &random, product: product)
            let eigen = try decomposition.tridiagonalEigen()
            nodes.append(eigen.values)
            weights.append((0..<eigen.values.count).map { eigen.vectors[$0, 0] * eigen.vectors[$0, 0] })
        }
        let top = nodes.map { $0.last! }.reduce(0, +) / Double(runs) + margin
        let bottom = nodes.map { $0.first! }.reduce(0, +) / Double(runs) - margin
        let variance = relativeVariance * max(1, top - bottom)
        let spacing = (top - bottom) / Double(gridPoints - 1)
        let grid = (0..<gridPoints).map { bottom + Double($0) * spacing }
        var density = [Double](repeating: 0, count: gridPoints)
        let normalizer = 1 / (2 * Double.pi * variance).squareRoot()
        for (runNodes, runWeights) in zip(nodes, weights) {
            for (theta, tau) in zip(runNodes, runWeights) {
                for index in 0..<gridPoints {
                    let x = grid[index] - theta
                    density[index] += tau * normalizer * exp(-x * x / (2 * variance))
                }
            }
        }
        let mass = density.reduce(0, +) * spacing
        if mass > 0 { density = density.map { $0 / mass } }
        return SpectralDensity(grid: grid, density: density, nodes: nodes, weights: weights, kernelVariance: variance)
    }
}
