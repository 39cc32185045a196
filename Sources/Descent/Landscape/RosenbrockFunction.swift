/// Rosenbrock's banana valley, f(x, y) = (a − x)² + b·(y − x²)² with a = 1, b = 100: a curved,
/// nearly flat valley floor inside steep walls, the classic test of whether a method follows a
/// bending valley. Minimum f = 0 at (a, a²) = (1, 1), where the Hessian [[802, −400], [−400, 200]]
/// has condition number ≈ 2508.
///
///     ∇f = (−2(a − x) − 4b·x(y − x²),  2b(y − x²))
///     ∇²f = [[2 − 4b·y + 12b·x², −4b·x], [−4b·x, 2b]]
///
/// Reference: Rosenbrock 1960.
public struct RosenbrockFunction: TestFunction {
    /// The valley's target x (the minimum is at (a, a²)).
    public var a: Double
    /// The steepness of the walls.
    public var b: Double

    /// Creates Rosenbrock's function; the defaults are the classic a = 1, b = 100.
    public init(a: Double = 1, b: Double = 100) {
        self.a = a
        self.b = b
    }

    public var name: String { "rosenbrock" }
    public var formula: String { "(\(TermFormat.number(a)) − x)² + \(TermFormat.number(b))·(y − x²)²" }

    public func value(at p: SIMD2<Double>) -> Double {
        let r = a - p.x, s = p.y - p.x * p.x
        return r * r + b * s * s
    }

    public func gradient(at p: SIMD2<Double>) -> SIMD2<Double> {
        let s = p.y - p.x * p.x
        return SIMD2(-2 * (a - p.x) - 4 * b * p.x * s, 2 * b * s)
    }

    public func hessian(at p: SIMD2<Double>) -> Hessian2 {
        Hessian2(xx: 2 - 4 * b * p.y + 12 * b * p.x * p.x, xy: -4 * b * p.x, yy: 2 * b)
    }

    public var criticalPoints: [CriticalPoint] {
        [CriticalPoint(point: SIMD2(a, a * a), value: 0, kind: .globalMinimum)]
    }

    public var plotBox: PlotBox { PlotBox(xMin: -2, xMax: 2, yMin: -1, yMax: 3) }
    public var defaultStart: SIMD2<Double> { SIMD2(-1.2, 1) }
}
