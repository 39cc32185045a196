/// A test function sampled on a regular grid over a box, for contour plots:
/// `values[j][i] = f(x[i], y[j])` with xᵢ = xMin + i·(xMax − xMin)/(columns − 1), likewise yⱼ.
/// Values may be non-finite where f overflows; a contour plot leaves those cells out.
public struct LandscapeGrid: Sendable, Equatable {
    /// The x values, increasing.
    public var x: [Double]
    /// The y values, increasing.
    public var y: [Double]
    /// `values[j][i]` is f at (x[i], y[j]).
    public var values: [[Double]]

    /// Samples `function` on `columns` × `rows` points (each at least 2) spanning `box`.
    public init(function: any TestFunction, box: PlotBox, columns: Int = 161, rows: Int = 161) {
        precondition(columns >= 2 && rows >= 2, "LandscapeGrid needs at least 2×2 points")
        x = (0..<columns).map { box.xMin + (box.xMax - box.xMin) * Double($0) / Double(columns - 1) }
        y = (0..<rows).map { box.yMin + (box.yMax - box.yMin) * Double($0) / Double(rows - 1) }
        let xs = x
        values = y.map { yj in xs.map { xi in function.value(at: SIMD2(xi, yj)) } }
    }
}
