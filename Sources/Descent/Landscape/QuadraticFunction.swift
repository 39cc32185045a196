/// A quadratic f(p) = ½·pᵀAp + bᵀp with a symmetric 2×2 matrix A = [[a, b₁₂], [b₁₂, d]] and a
/// linear term b = (p₁, p₂): ∇f = Ap + b, ∇²f = A everywhere. The default A = diag(0.2, 4) gives
/// the lecture's f = 0.1x² + 2y², on which gradient descent with step η multiplies x by 1 − 0.2η
/// and y by 1 − 4η each step.
///
/// Its one critical point, where Ap = −b, exists when det A ≠ 0: a minimum when A is positive
/// definite (f = −½·bᵀA⁻¹b), a maximum when negative definite, a saddle when det A < 0.
public struct QuadraticFunction: TestFunction {
    /// A = [[0.2, 0], [0, 4]], row-major: f = 0.1x² + 2y².
    public static let defaultMatrix = [0.2, 0, 0, 4]

    /// The matrix A (the Hessian).
    public let matrix: Hessian2
    /// The linear term b.
    public let linear: SIMD2<Double>

    /// Creates f = ½pᵀAp + bᵀp from A = [[a, b], [c, d]] (row-major) and `linear`. Throws
    /// `LandscapeError.invalidParameter` if an entry is not finite or A is not symmetric (b ≠ c).
    public init(a: Double, b: Double, c: Double, d: Double, linear: SIMD2<Double> = .zero) throws(LandscapeError) {
        let entries = [a, b, c, d].map { "\($0)" }.joined(separator: ",")
        guard [a, b, c, d].allSatisfy(\.isFinite) else {
            throw .invalidParameter(parameter: "matrix", value: entries, expected: "four finite numbers")
        }
        guard b == c else {
            throw .invalidParameter(parameter: "matrix", value: entries,
                                    expected: "a symmetric matrix a,b,b,d (the Hessian of a quadratic is symmetric)")
        }
        guard linear.x.isFinite, linear.y.isFinite else {
            throw .invalidParameter(parameter: "linear", value: "\(linear.x),\(linear.y)", expected: "two finite numbers")
        }
        matrix = Hessian2(xx: a, xy: b, yy: d)
        self.linear = linear
    }

    public var name: String { "quadratic" }

    /// The polynomial ½a·x² + b·xy + ½d·y² + p₁x + p₂y with zero terms left out.
    public var formula: String {
        TermFormat.polynomial([(0.5 * matrix.xx, "x²"), (matrix.xy, "xy"), (0.5 * matrix.yy, "y²"),
                               (linear.x, "x"), (linear.y, "y")])
    }

    public func value(at p: SIMD2<Double>) -> Double {
        0.5 * (p * matrix.times(p)).sum() + (linear * p).sum()
    }

    public func gradient(at p: SIMD2<Double>) -> SIMD2<Double> { matrix.times(p) + linear }
    public func hessian(at p: SIMD2<Double>) -> Hessian2 { matrix }

    /// det A = a·d − b².
    public var determinant: Double { matrix.xx * matrix.yy - matrix.xy * matrix.xy }

    public var criticalPoints: [CriticalPoint] {
        let det = determinant
        guard det != 0 else { return [] }
        // p* = −A⁻¹b with A⁻¹ = [[d, −b], [−b, a]] / det.
        let point = -SIMD2(matrix.yy * linear.x - matrix.xy * linear.y, matrix.xx * linear.y - matrix.xy * linear.x) / det
        let kind: CriticalPoint.Kind = det < 0 ? .saddle : (matrix.xx > 0 ? .globalMinimum : .maximum)
        return [CriticalPoint(point: point, value: value(at: point), kind: kind)]
    }

    /// A box centred on the critical point (or the origin) reaching 1.2 times as far as the default start.
    public var plotBox: PlotBox {
        let centre = criticalPoints.first?.point ?? .zero
        let reach = SIMD2(max(1.2 * abs(defaultStart.x - centre.x), 1), max(1.2 * abs(defaultStart.y - centre.y), 1))
        return PlotBox(xMin: centre.x - reach.x, xMax: centre.x + reach.x, yMin: centre.y - reach.y, yMax: centre.y + reach.y)
    }

    /// (−5, −2), the start of the lecture's example, shifted by the critical point.
    public var defaultStart: SIMD2<Double> { (criticalPoints.first?.point ?? .zero) + SIMD2(-5, -2) }
}
