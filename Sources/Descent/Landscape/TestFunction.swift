import Linalg

/// A smooth function of two variables with its analytic derivatives, the ground on which the
/// optimizers of Descent race: a point of R² is a flat parameter vector of length two.
///
/// Conforming types give f(p), ∇f(p) = (∂f/∂x, ∂f/∂y) and the Hessian ∇²f(p) in closed form;
/// the test suite checks each against central differences. They also name what is known about
/// them — the minima and saddles to mark and measure distances to — and where to look: a plotting
/// box and a start point that shows the function's character.
public protocol TestFunction: Sendable {
    /// The name the CLI spells (`rosenbrock`, `taco`, `monkey-saddle`, …).
    var name: String { get }
    /// The formula in plain text, with its parameters filled in, for titles and reports.
    var formula: String { get }
    /// f(p).
    func value(at point: SIMD2<Double>) -> Double
    /// ∇f(p) = (∂f/∂x, ∂f/∂y).
    func gradient(at point: SIMD2<Double>) -> SIMD2<Double>
    /// ∇²f(p), the symmetric matrix of second partial derivatives.
    func hessian(at point: SIMD2<Double>) -> Hessian2
    /// The critical points known in closed form (or to full Double precision): minima, saddles,
    /// maxima. Empty when there are none worth marking.
    var criticalPoints: [CriticalPoint] { get }
    /// The region a plot of the function shows by default.
    var plotBox: PlotBox { get }
    /// A start point that shows the function's character (the valley, the stall, the zig-zag).
    var defaultStart: SIMD2<Double> { get }
}

extension TestFunction {
    /// The known local and global minima.
    public var knownMinima: [CriticalPoint] {
        criticalPoints.filter { $0.kind == .globalMinimum || $0.kind == .localMinimum }
    }

    /// The known minimum closest to `point` in Euclidean distance, with that distance; nil when
    /// the function has no known minimum (a saddle is unbounded below).
    public func nearestMinimum(to point: SIMD2<Double>) -> (minimum: CriticalPoint, distance: Double)? {
        knownMinima
            .map { (minimum: $0, distance: Landscape.distance($0.point, point)) }
            .min { $0.distance < $1.distance }
    }
}

/// A critical point of a test function, ∇f = 0, with what kind it is.
public struct CriticalPoint: Sendable, Equatable {
    /// What the Hessian says about a critical point.
    public enum Kind: String, Sendable, Equatable {
        /// The lowest value of the function.
        case globalMinimum = "global minimum"
        /// A minimum above the lowest value.
        case localMinimum = "local minimum"
        /// Curvature up along some direction and down (or flat, for the monkey saddle) along another.
        case saddle
        /// A local maximum.
        case maximum
    }

    /// Where ∇f = 0.
    public var point: SIMD2<Double>
    /// f at `point`.
    public var value: Double
    /// The kind of point.
    public var kind: Kind

    /// Creates a critical point.
    public init(point: SIMD2<Double>, value: Double, kind: Kind) {
        self.point = point
        self.value = value
        self.kind = kind
    }
}

/// An axis-aligned rectangle [xMin, xMax] × [yMin, yMax] of the plane.
public struct PlotBox: Sendable, Equatable {
    /// Left edge.
    public var xMin: Double
    /// Right edge.
    public var xMax: Double
    /// Bottom edge.
    public var yMin: Double
    /// Top edge.
    public var yMax: Double

    /// Creates a box; callers keep xMin < xMax and yMin < yMax.
    public init(xMin: Double, xMax: Double, yMin: Double, yMax: Double) {
        self.xMin = xMin
        self.xMax = xMax
        self.yMin = yMin
        self.yMax = yMax
    }

    /// Whether `point` lies in the box, edges included.
    public func contains(_ point: SIMD2<Double>) -> Bool {
        point.x >= xMin && point.x <= xMax && point.y >= yMin && point.y <= yMax
    }

    /// The smallest box holding this one and `points`, each added point given a margin of
    /// `margin` times the box's size on every side it extends.
    public func including(_ points: [SIMD2<Double>], margin: Double = 0.08) -> PlotBox {
        var box = self
        for point in points where point.x.isFinite && point.y.isFinite && !contains(point) {
            let padX = margin * (box.xMax - box.xMin), padY = margin * (box.yMax - box.yMin)
            if point.x < box.xMin { box.xMin = point.x - padX }
            if point.x > box.xMax { box.xMax = point.x + padX }
            if point.y < box.yMin { box.yMin = point.y - padY }
            if point.y > box.yMax { box.yMax = point.y + padY }
        }
        return box
    }
}

/// Small helpers of plane geometry shared by the landscape code.
public enum Landscape {
    /// The Euclidean distance ‖a − b‖.
    public static func distance(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double {
        norm(a - b)
    }

    /// The Euclidean norm ‖v‖ = √(v.x² + v.y²), without overflow for large entries.
    public static func norm(_ v: SIMD2<Double>) -> Double {
        let scale = max(abs(v.x), abs(v.y))
        guard scale > 0, scale.isFinite else { return scale.isNaN || v.x.isNaN || v.y.isNaN ? .nan : scale }
        let u = v / scale
        return scale * (u.x * u.x + u.y * u.y).squareRoot()
    }
}
