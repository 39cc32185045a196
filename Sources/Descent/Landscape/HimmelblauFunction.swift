/// Himmelblau's function, f(x, y) = (x² + y − 11)² + (x + y² − 7)²: four minima of equal value
/// f = 0, one of them at (3, 2), so where a run ends depends on the optimizer and the start.
///
/// With a = x² + y − 11 and b = x + y² − 7:
///
///     ∇f = (4x·a + 2b,  2a + 4y·b)
///     ∇²f = [[12x² + 4y − 42, 4(x + y)], [4(x + y), 4x + 12y² − 26]]
///
/// The three minima other than (3, 2) have no short closed form; they are found by Newton's method
/// from four-digit seeds to full Double precision. Reference: Himmelblau 1972.
public struct HimmelblauFunction: TestFunction {
    /// Creates Himmelblau's function.
    public init() {}

    public var name: String { "himmelblau" }
    public var formula: String { "(x² + y − 11)² + (x + y² − 7)²" }

    public func value(at p: SIMD2<Double>) -> Double {
        let a = p.x * p.x + p.y - 11, b = p.x + p.y * p.y - 7
        return a * a + b * b
    }

    public func gradient(at p: SIMD2<Double>) -> SIMD2<Double> {
        let a = p.x * p.x + p.y - 11, b = p.x + p.y * p.y - 7
        return SIMD2(4 * p.x * a + 2 * b, 2 * a + 4 * p.y * b)
    }

    public func hessian(at p: SIMD2<Double>) -> Hessian2 {
        Hessian2(xx: 12 * p.x * p.x + 4 * p.y - 42, xy: 4 * (p.x + p.y), yy: 4 * p.x + 12 * p.y * p.y - 26)
    }

    /// The four minima (all f = 0) and the local maximum near (−0.2708, −0.9230).
    static let knownPoints: [CriticalPoint] = {
        let function = HimmelblauFunction()
        let minima = [SIMD2(3.0, 2.0), SIMD2(-2.8051, 3.1313), SIMD2(-3.7793, -3.2832), SIMD2(3.5844, -1.8481)]
            .map { CriticalPoint(point: NewtonRefinement.criticalPoint(of: function, from: $0), value: 0, kind: .globalMinimum) }
        let top = NewtonRefinement.criticalPoint(of: function, from: SIMD2(-0.2708, -0.9230))
        return minima + [CriticalPoint(point: top, value: function.value(at: top), kind: .maximum)]
    }()

    public var criticalPoints: [CriticalPoint] { Self.knownPoints }
    public var plotBox: PlotBox { PlotBox(xMin: -5, xMax: 5, yMin: -5, yMax: 5) }
    public var defaultStart: SIMD2<Double> { SIMD2(0, 0) }
}
