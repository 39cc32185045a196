/// Beale's function, f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²: flat
/// plateaus and sharp ridges whose gradients differ by orders of magnitude. Minimum f = 0 at (3, ½).
///
/// With tᵢ = cᵢ − x + x·yⁱ (c = 1.5, 2.25, 2.625), ∇tᵢ = (yⁱ − 1, i·x·yⁱ⁻¹) and
/// ∇²tᵢ = [[0, i·yⁱ⁻¹], [i·yⁱ⁻¹, i(i − 1)·x·yⁱ⁻²]]:
///
///     ∇f = 2 Σ tᵢ ∇tᵢ,     ∇²f = 2 Σ (∇tᵢ ∇tᵢᵀ + tᵢ ∇²tᵢ)
///
/// Reference: Beale 1958.
public struct BealeFunction: TestFunction {
    static let constants = [1.5, 2.25, 2.625]

    /// Creates Beale's function.
    public init() {}

    public var name: String { "beale" }
    public var formula: String { "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²" }

    public func value(at p: SIMD2<Double>) -> Double {
        var sum = 0.0, power = 1.0
        for c in Self.constants {
            power *= p.y
            let t = c - p.x + p.x * power
            sum += t * t
        }
        return sum
    }

    public func gradient(at p: SIMD2<Double>) -> SIMD2<Double> {
        var g = SIMD2<Double>(0, 0), previous = 1.0
        for (index, c) in Self.constants.enumerated() {
            let i = Double(index + 1), power = previous * p.y
            let t = c - p.x + p.x * power
            g += 2 * t * SIMD2(power - 1, i * p.x * previous)
            previous = power
        }
        return g
    }

    public func hessian(at p: SIMD2<Double>) -> Hessian2 {
        var xx = 0.0, xy = 0.0, yy = 0.0
        var beforePrevious = 0.0, previous = 1.0 // y^(i−2) (0 for i = 1, unused) and y^(i−1)
        for (index, c) in Self.constants.enumerated() {
            let i = Double(index + 1), power = previous * p.y
            let t = c - p.x + p.x * power
            let dx = power - 1, dy = i * p.x * previous
            xx += 2 * dx * dx
            xy += 2 * (dx * dy + t * i * previous)
            yy += 2 * (dy * dy + t * i * (i - 1) * p.x * beforePrevious)
            beforePrevious = previous
            previous = power
        }
        return Hessian2(xx: xx, xy: xy, yy: yy)
    }

    public var criticalPoints: [CriticalPoint] {
        [CriticalPoint(point: SIMD2(3, 0.5), value: 0, kind: .globalMinimum)]
    }

    public var plotBox: PlotBox { PlotBox(xMin: -1.5, xMax: 4.5, yMin: -2, yMax: 2.5) }
    public var defaultStart: SIMD2<Double> { SIMD2(1, 1.5) }
}
