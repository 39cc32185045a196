/// The saddle f(x, y) = x² − y²: up along x, down along y, ∇f = (2x, −2y), ∇²f = diag(2, −2).
/// Its only critical point, the origin, is a saddle of index 1 (condition number 1). Started close
/// to the x axis, gradient descent first slides toward the origin and stalls there, since the
/// escaping coordinate grows only as (1 + 2η)ᵏ·y₀; the function is unbounded below, so every
/// escaping run ends by leaving any box.
public struct SaddleFunction: TestFunction {
    /// Creates the saddle.
    public init() {}

    public var name: String { "saddle" }
    public var formula: String { "x² − y²" }
    public func value(at p: SIMD2<Double>) -> Double { p.x * p.x - p.y * p.y }
    public func gradient(at p: SIMD2<Double>) -> SIMD2<Double> { SIMD2(2 * p.x, -2 * p.y) }
    public func hessian(at p: SIMD2<Double>) -> Hessian2 { Hessian2(xx: 2, xy: 0, yy: -2) }
    public var criticalPoints: [CriticalPoint] { [CriticalPoint(point: SIMD2(0, 0), value: 0, kind: .saddle)] }
    public var plotBox: PlotBox { PlotBox(xMin: -2, xMax: 2, yMin: -2, yMax: 2) }
    public var defaultStart: SIMD2<Double> { SIMD2(1, 1e-3) }
}

/// The monkey saddle f(x, y) = x³ − 3xy² = Re (x + iy)³: three valleys (for a monkey's legs and
/// tail) meet three ridges at the origin, where the gradient (3x² − 3y², −6xy) and the Hessian
/// [[6x, −6y], [−6y, −6x]] (trace zero: f is harmonic) both vanish — a degenerate saddle no
/// second-order test sees. Descent crawls toward it as x ≈ x₀/(1 + 3ηk·x₀) while y grows like
/// 1/x², then escapes down a valley; the function is unbounded below.
public struct MonkeySaddleFunction: TestFunction {
    /// Creates the monkey saddle.
    public init() {}

    public var name: String { "monkey-saddle" }
    public var formula: String { "x³ − 3xy²" }
    public func value(at p: SIMD2<Double>) -> Double { p.x * p.x * p.x - 3 * p.x * p.y * p.y }
    public func gradient(at p: SIMD2<Double>) -> SIMD2<Double> { SIMD2(3 * p.x * p.x - 3 * p.y * p.y, -6 * p.x * p.y) }
    public func hessian(at p: SIMD2<Double>) -> Hessian2 { Hessian2(xx: 6 * p.x, xy: -6 * p.y, yy: -6 * p.x) }
    public var criticalPoints: [CriticalPoint] { [CriticalPoint(point: SIMD2(0, 0), value: 0, kind: .saddle)] }
    public var plotBox: PlotBox { PlotBox(xMin: -1.5, xMax: 1.5, yMin: -1.5, yMax: 1.5) }
    public var defaultStart: SIMD2<Double> { SIMD2(1, 1e-3) }
}
