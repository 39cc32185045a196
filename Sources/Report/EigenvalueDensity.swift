import Foundation

/// The spectral density of a matrix whose eigenvalues are all known, smoothed as stochastic
/// Lanczos quadrature smooths its nodes (PyHessian's `density`), so the two pictures compare:
/// ρ(t) = (1/n) Σᵢ g(t − λᵢ), g(x) = exp(−x²/(2σ²))/√(2πσ²), σ² = `relativeVariance`·max(1, λmax − λmin),
/// on `gridPoints` points from λmin − `margin` to λmax + `margin`, normalized to unit mass on the grid.
public enum EigenvalueDensity {
    /// The grid and the density; empty when no eigenvalue is finite.
    public static func density(eigenvalues: [Double], gridPoints: Int = 2_000, relativeVariance: Double = 1e-5,
                               margin: Double = 0.01) -> (grid: [Double], density: [Double]) {
        let values = eigenvalues.filter(\.isFinite).sorted()
        guard let low = values.first, let high = values.last, gridPoints >= 2, relativeVariance > 0 else { return ([], []) }
        let bottom = low - margin, top = high + margin
        let variance = relativeVariance * max(1, top - bottom)
        let spacing = (top - bottom) / Double(gridPoints - 1)
        let grid = (0..<gridPoints).map { bottom + Double($0) * spacing }
        var density = [Double](repeating: 0, count: gridPoints)
        // Each eigenvalue touches only the grid points within 8σ (beyond, g < 1e-14 of its peak).
        let reach = 8 * variance.squareRoot()
        let scale = 1 / (Double(values.count) * (2 * Double.pi * variance).squareRoot())
        for lambda in values {
            let first = max(0, Int(((lambda - reach - bottom) / spacing).rounded(.down)))
            let last = min(gridPoints - 1, Int(((lambda + reach - bottom) / spacing).rounded(.up)))
            guard first <= last else { continue }
            for index in first...last {
                let x = grid[index] - lambda
                density[index] += scale * exp(-x * x / (2 * variance))
            }
        }
        let mass = density.reduce(0, +) * spacing
        if mass > 0 { density = density.map { $0 / mass } }
        return (grid, density)
    }
}
