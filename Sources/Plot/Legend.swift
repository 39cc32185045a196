/// What a legend entry shows beside its name.
enum LegendSwatch: Sendable, Equatable {
    /// A short line segment in the series' colour and style.
    case line(PlotColor, LineStyle)
    /// A filled square (histogram bars, density fills).
    case fill(PlotColor)
    /// A dot (scatter points).
    case marker(PlotColor)
}

/// One row of a legend.
struct LegendEntry: Sendable, Equatable {
    /// The series' name.
    var name: String
    /// The sample drawn before the name.
    var swatch: LegendSwatch
}

/// A legend box: one `<g class="legend-entry">` per entry inside a framed `<g class="legend">`.
struct Legend {
    static let fontSize = 12.0
    static let rowHeight = 18.0
    static let swatchWidth = 24.0
    static let padding = 8.0

    var entries: [LegendEntry]

    /// The box size the entries need.
    var size: (width: Double, height: Double) {
        let textWidth = entries.map { TextMetrics.width($0.name, fontSize: Self.fontSize) }.max() ?? 0
        return (2 * Self.padding + Self.swatchWidth + 6 + textWidth, 2 * Self.padding + Double(entries.count) * Self.rowHeight - 4)
    }

    /// The legend drawn with its top-left corner at `origin`.
    func element(at origin: (x: Double, y: Double)) -> SVGElement {
        let (width, height) = size
        var group = SVGElement("g", ["class": "legend"])
        group.append(SVGElement("rect", [
            "x": SVGNumber.format(origin.x), "y": SVGNumber.format(origin.y),
            "width": SVGNumber.format(width), "height": SVGNumber.format(height),
            "fill": "white", "fill-opacity": "0.9", "stroke": "#BBBBBB", "rx": "3",
        ]))
        for (row, entry) in entries.enumerated() {
            let centerY = origin.y + Self.padding + Double(row) * Self.rowHeight + 5
            let left = origin.x + Self.padding
            var item = SVGElement("g", ["class": "legend-entry"])
            item.append(swatchElement(entry.swatch, left: left, centerY: centerY))
            item.append(SVGElement("text", [
                "x": SVGNumber.format(left + Self.swatchWidth + 6), "y": SVGNumber.format(centerY + 4),
                "font-size": SVGNumber.format(Self.fontSize), "fill": PlotColor.ink.hex,
            ], text: entry.name))
            group.append(item)
        }
        return group
    }

    private func swatchElement(_ swatch: LegendSwatch, left: Double, centerY: Double) -> SVGElement {
        switch swatch {
        case .line(let color, let style):
            var line = SVGElement("line", [
                "x1": SVGNumber.format(left), "y1": SVGNumber.format(centerY),
                "x2": SVGNumber.format(left + Self.swatchWidth), "y2": SVGNumber.format(centerY),
                "stroke": color.hex, "stroke-width": "2.5",
            ])
            if let dash = style.dashArray { line.set("stroke-dasharray", dash) }
            return line
        case .fill(let color):
            return SVGElement("rect", [
                "x": SVGNumber.format(left + 4), "y": SVGNumber.format(centerY - 6),
                "width": "16", "height": "12", "fill": color.hex, "fill-opacity": "0.6", "stroke": color.hex,
            ])
        case .marker(let color):
            return SVGElement("circle", [
                "cx": SVGNumber.format(left + Self.swatchWidth / 2), "cy": SVGNumber.format(centerY),
                "r": "4", "fill": color.hex,
            ])
        }
    }
}
