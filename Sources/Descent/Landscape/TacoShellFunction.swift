import Foundation

/// The lecture's "taco shell": an ill-conditioned quadratic bowl, long and shallow along one axis,
/// steep across it, rotated by θ from the x axis:
///
///     f(x, y) = ½(u² + κ·v²),   u = x·cos θ + y·sin θ,   v = −x·sin θ + y·cos θ
///     ∇f = u·e₁ + κv·e₂,  e₁ = (cos θ, sin θ), e₂ = (−sin θ, cos θ)
///     ∇²f = e₁e₁ᵀ + κ·e₂e₂ᵀ = [[c² + κs², (1 − κ)cs], [(1 − κ)cs, s² + κc²]]
///
/// The eigenvalues are 1 (shallow, along e₁) and κ (steep, along e₂), so κ is the condition number
/// and the minimum is f = 0 at the origin. Gradient descent with step η contracts the steep
/// coordinate by 1 − ηκ (oscillating in sign — the zig-zag — once ηκ > 1, diverging once ηκ > 2)
/// and the shallow one by 1 − η: the stable steps make slow progress along the valley.
public struct TacoShellFunction: TestFunction {
    /// The κ when none is given.
    public static let defaultKappa = 10.0

    /// The condition number κ ≥ 1: the steep curvature (the shallow one is 1).
    public let kappa: Double
    /// The rotation θ of the shallow axis from the x axis, in degrees.
    public let angleDegrees: Double

    /// Creates the taco shell. Throws `LandscapeError.invalidParameter` unless κ is finite and
    /// at least 1 and the angle is finite.
    public init(kappa: Double = TacoShellFunction.defaultKappa, angleDegrees: Double = 0) throws(LandscapeError) {
        guard kappa.isFinite, kappa >= 1 else {
            throw .invalidParameter(parameter: "kappa", value: "\(kappa)", expected: "a finite condition number ≥ 1")
        }
        guard angleDegrees.isFinite else {
            throw .invalidParameter(parameter: "angle", value: "\(angleDegrees)", expected: "a finite angle in degrees")
        }
        self.kappa = kappa
        self.angleDegrees = angleDegrees
    }

    /// (cos θ, sin θ) = e₁, the shallow direction.
    public var shallowAxis: SIMD2<Double> {
        let theta = angleDegrees * Double.pi / 180
        return SIMD2(cos(theta), sin(theta))
    }

    /// (−sin θ, cos θ) = e₂, the steep direction.
    public var steepAxis: SIMD2<Double> { SIMD2(-shallowAxis.y, shallowAxis.x) }

    /// The coordinates (u, v) of `p` along the shallow and steep axes.
    public func axisCoordinates(of p: SIMD2<Double>) -> (shallow: Double, steep: Double) {
        ((p * shallowAxis).sum(), (p * steepAxis).sum())
    }

    public var name: String { "taco" }
    public var formula: String {
        let rotation = angleDegrees == 0 ? "" : ", rotated \(TermFormat.number(angleDegrees))°"
        return "½(u² + \(TermFormat.number(kappa))·v²)\(rotation)"
    }

    public func value(at p: SIMD2<Double>) -> Double {
        let (u, v) = axisCoordinates(of: p)
        return 0.5 * (u * u + kappa * v * v)
    }

    public func gradient(at p: SIMD2<Double>) -> SIMD2<Double> {
        let (u, v) = axisCoordinates(of: p)
        return u * shallowAxis + kappa * v * steepAxis
    }

    public func hessian(at p: SIMD2<Double>) -> Hessian2 {
        let c = shallowAxis.x, s = shallowAxis.y
        return Hessian2(xx: c * c + kappa * s * s, xy: (1 - kappa) * c * s, yy: s * s + kappa * c * c)
    }

    public var criticalPoints: [CriticalPoint] { [CriticalPoint(point: SIMD2(0, 0), value: 0, kind: .globalMinimum)] }

    /// The rectangle u ∈ [−6, 6], v ∈ [−2, 2] of the axes' frame, or the box around it when rotated.
    public var plotBox: PlotBox {
        let c = abs(shallowAxis.x), s = abs(shallowAxis.y)
        let halfX = 6 * c + 2 * s, halfY = 6 * s + 2 * c
        return PlotBox(xMin: -halfX, xMax: halfX, yMin: -halfY, yMax: halfY)
    }

    /// u = −5 along the valley, v = 1.5 up its wall.
    public var defaultStart: SIMD2<Double> { -5 * shallowAxis + 1.5 * steepAxis }
}
