import Foundation

/// The lecture's "valley" with a local minimum beside the global one: a tilted double well
///
///     f(x, y) = (x² − 1)² + t·x + y²,   t = 0.3
///     ∇f = (4x(x² − 1) + t, 2y),   ∇²f = diag(12x² − 4, 2)
///
/// The critical points lie on y = 0 at the three real roots of x³ − x + t/4 = 0 (Viète's
/// trigonometric form): x ≈ −1.036, the global minimum (f ≈ −0.305); x ≈ 0.075, a saddle on the
/// ridge between the wells; x ≈ 0.961, a local minimum (f ≈ 0.294). Started on the right, plain
/// gradient descent settles in the nearer, higher well; momentum can carry a run over the ridge.
public struct ValleyFunction: TestFunction {
    /// The tilt t that makes the left well the deeper one.
    public let tilt = 0.3

    /// Creates the valley.
    public init() {}

    public var name: String { "valley" }
    public var formula: String { "(x² − 1)² + \(TermFormat.number(tilt))x + y²" }

    public func value(at p: SIMD2<Double>) -> Double {
        let w = p.x * p.x - 1
        return w * w + tilt * p.x + p.y * p.y
    }

    public func gradient(at p: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2(4 * p.x * (p.x * p.x - 1) + tilt, 2 * p.y)
    }

    public func hessian(at p: SIMD2<Double>) -> Hessian2 {
        Hessian2(xx: 12 * p.x * p.x - 4, xy: 0, yy: 2)
    }

    /// The roots of x³ + px + q = 0 with p = −1, q = t/4, by Viète:
    /// xₖ = 2√(−p/3)·cos(⅓·arccos((3q / 2p)·√(−3/p)) − 2πk/3), k = 0, 1, 2 (largest, middle, smallest).
    public var criticalPoints: [CriticalPoint] {
        let p = -1.0, q = tilt / 4
        let radius = 2 * (-p / 3).squareRoot()
        let phi = acos((3 * q / (2 * p)) * (-3 / p).squareRoot()) / 3
        let roots = (0..<3).map { k in radius * cos(phi - 2 * Double.pi * Double(k) / 3) }
        let kinds: [CriticalPoint.Kind] = [.localMinimum, .saddle, .globalMinimum]
        return zip(roots, kinds).map { x, kind in
            CriticalPoint(point: SIMD2(x, 0), value: value(at: SIMD2(x, 0)), kind: kind)
        }
    }

    public var plotBox: PlotBox { PlotBox(xMin: -2, xMax: 2.2, yMin: -1.5, yMax: 1.5) }
    public var defaultStart: SIMD2<Double> { SIMD2(2, 1) }
}
