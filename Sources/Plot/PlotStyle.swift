import Foundation

/// Sizes that grow with the figure: fonts, line widths and marker sizes as multiples of one
/// scale, so a figure scaled down to fit a page keeps readable labels.
///
/// The scale is `√(w·h) / √(720·460)` clamped to [1, 2]: a 720 × 460 chart (the default) draws
/// 11-px ticks, a 1 560 × 430 figure of three panels draws them at about 16 px.
public struct PlotStyle: Sendable, Equatable {
    /// The multiplier of every base size.
    public var scale: Double

    /// A style with the given scale (clamped to [1, 2]).
    public init(scale: Double) {
        self.scale = scale.isFinite ? min(max(scale, 1), 2) : 1
    }

    /// The style for a whole picture of the given size.
    public init(figureWidth: Double, figureHeight: Double) {
        self.init(scale: (max(figureWidth, 1) * max(figureHeight, 1)).squareRoot() / (720.0 * 460).squareRoot())
    }

    /// Tick labels.
    public var tickFont: Double { 11 * scale }
    /// Axis labels.
    public var labelFont: Double { 13 * scale }
    /// Panel titles.
    public var titleFont: Double { 14 * scale }
    /// Legend entries.
    public var legendFont: Double { 12 * scale }
    /// Labels of reference lines and markers.
    public var annotationFont: Double { 11 * scale }
    /// The base stroke width of a data line.
    public var lineWidth: Double { 1.6 * scale }
    /// The radius of a series marker.
    public var markerRadius: Double { 3.6 * scale }
}

/// How series `index` of `count` is told apart without colour: a dash pattern, a marker shape,
/// and a stroke width that shrinks with the index, so a later series drawn over an identical
/// earlier one leaves the earlier one's edges (and markers, placed at staggered points) visible.
public struct SeriesLook: Sendable, Equatable {
    /// The series' colour.
    public var color: PlotColor
    /// Its dash pattern.
    public var line: LineStyle
    /// Its marker shape.
    public var marker: MarkerShape
    /// Its stroke width in pixels.
    public var width: Double

    /// The look of series `index` among `count`, in `style`.
    public static func of(_ index: Int, count: Int, style: PlotStyle, color: PlotColor? = nil, line: LineStyle? = nil) -> SeriesLook {
        let spread = count > 1 ? Double(count - 1 - index) / Double(count - 1) : 0
        return SeriesLook(color: color ?? Palette.color(index), line: line ?? LineStyle.cycle(index),
                          marker: MarkerShape.cycle(index), width: style.lineWidth * (1 + 0.8 * spread))
    }
}

/// The shape of the small markers along a series.
public enum MarkerShape: Sendable, Equatable, CaseIterable {
    /// A filled circle.
    case circle
    /// A filled square.
    case square
    /// A filled triangle pointing up.
    case triangle
    /// A filled diamond.
    case diamond
    /// A filled triangle pointing down.
    case triangleDown
    /// A plus sign.
    case plus

    /// The shape of series `index`, cycling.
    public static func cycle(_ index: Int) -> MarkerShape {
        allCases[((index % allCases.count) + allCases.count) % allCases.count]
    }

    /// The marker centred at `(x, y)` with "radius" `r`, filled with `color` and ringed in white.
    func element(x: Double, y: Double, r: Double, color: PlotColor) -> SVGElement {
        let f = SVGNumber.format
        func polygon(_ points: [(Double, Double)]) -> SVGElement {
            SVGElement("path", ["class": "series-marker",
                                "d": SVGNumber.polyline(points.map { (x: x + $0.0 * r, y: y + $0.1 * r) }) + " Z",
                                "fill": color.hex, "stroke": "white", "stroke-width": "0.8"])
        }
        switch self {
        case .circle:
            return SVGElement("circle", ["class": "series-marker", "cx": f(x), "cy": f(y), "r": f(r),
                                         "fill": color.hex, "stroke": "white", "stroke-width": "0.8"])
        case .square: return polygon([(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)])
        case .triangle: return polygon([(0, -1.15), (1.05, 0.75), (-1.05, 0.75)])
        case .diamond: return polygon([(0, -1.2), (1.1, 0), (0, 1.2), (-1.1, 0)])
        case .triangleDown: return polygon([(0, 1.15), (1.05, -0.75), (-1.05, -0.75)])
        case .plus:
            let t = 0.35
            return polygon([(-t, -1.1), (t, -1.1), (t, -t), (1.1, -t), (1.1, t), (t, t), (t, 1.1), (-t, 1.1),
                            (-t, t), (-1.1, t), (-1.1, -t), (-t, -t)])
        }
    }
}

/// Which series are identical to an earlier one (same points, to 1e-12 relative): a note in the
/// legend says so, since the later series is drawn over the earlier.
enum IdenticalSeries {
    /// For each series, the index of the first earlier series with the same points, if any.
    static func twins(_ points: [[(x: Double, y: Double)]]) -> [Int?] {
        points.indices.map { index in
            (0..<index).first { earlier in
                let a = points[earlier], b = points[index]
                return !a.isEmpty && a.count == b.count && zip(a, b).allSatisfy { close($0.x, $1.x) && close($0.y, $1.y) }
            }
        }
    }

    private static func close(_ a: Double, _ b: Double) -> Bool {
        a == b || (a.isNaN && b.isNaN) || abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    }
}
