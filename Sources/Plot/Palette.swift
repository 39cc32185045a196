/// A colour written as `#RRGGBB`.
public struct PlotColor: Sendable, Equatable, Hashable {
    /// The CSS hex form, e.g. `#0072B2`.
    public var hex: String

    /// Creates a colour from its CSS hex form.
    public init(hex: String) { self.hex = hex }

    /// Dark grey for axes and text.
    public static let ink = PlotColor(hex: "#222222")
    /// Mid grey for reference lines.
    public static let reference = PlotColor(hex: "#555555")
    /// Light grey for grid lines.
    public static let grid = PlotColor(hex: "#E6E6E6")
}

/// The colour-blind-friendly palette of Okabe & Ito (2008), ordered so that the first six are six
/// different hues (sky blue, too near the blue, comes seventh) and the yellow, weak on white, last.
/// Series `i` takes `Palette.color(i)`.
public enum Palette {
    /// Blue, vermillion, bluish green, reddish purple, orange, black, sky blue, yellow.
    public static let okabeIto: [PlotColor] = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#000000", "#56B4E9", "#F0E442",
    ].map { PlotColor(hex: $0) }

    /// The colour of series `index`, cycling through the palette.
    public static func color(_ index: Int) -> PlotColor {
        okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
    }
}

/// How a line is stroked.
public enum LineStyle: Sendable, Equatable {
    /// A continuous line.
    case solid
    /// Long dashes (e.g. validation next to a solid training curve).
    case dashed
    /// Dots.
    case dotted
    /// Dashes and dots.
    case dashDot
    /// Long dashes with wide gaps.
    case longDash
    /// A dash and two dots.
    case dashDotDot

    /// The style of series `index` when none is given: solid, dashed, dotted, dash-dot, long
    /// dash, dash-dot-dot, cycling.
    public static func cycle(_ index: Int) -> LineStyle {
        let all: [LineStyle] = [.solid, .dashed, .dotted, .dashDot, .longDash, .dashDotDot]
        return all[((index % all.count) + all.count) % all.count]
    }

    /// The SVG `stroke-dasharray` value, or `nil` for a solid line.
    var dashArray: String? {
        switch self {
        case .solid: nil
        case .dashed: "7 4"
        case .dotted: "2 3"
        case .dashDot: "8 3 2 3"
        case .longDash: "14 5"
        case .dashDotDot: "9 3 2 3 2 3"
        }
    }
}
