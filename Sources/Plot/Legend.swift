/// What a legend entry shows beside its name.
enum LegendSwatch: Sendable, Equatable {
    /// A short line segment in the series' colour and style.
    case line(PlotColor, LineStyle)
    /// A filled square (histogram bars, density fills).
    case fill(PlotColor)
    /// A dot (scatter points).
    case marker(PlotColor)
    /// A line segment in the series' dash pattern and width with its marker in the middle.
    case series(SeriesLook)
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
    var entries: [LegendEntry]
    /// The entries' font size; rows, swatches and padding scale with it.
    var fontSize: Double = 12
    /// Entries per row (a legend under the plot lays them out side by side).
    var columns: Int = 1

    /// The width of one column: swatch, gap and the longest name.
    var columnWidth: Double {
        swatchWidth + 6 + (entries.map { TextMetrics.width($0.name, fontSize: fontSize) }.max() ?? 0) + (columns > 1 ? 2.5 * fontSize : 0)
    }

    var rows: Int { (entries.count + max(columns, 1) - 1) / max(columns, 1) }

    var rowHeight: Double { fontSize * 1.5 }
    var swatchWidth: Double { fontSize * 2.6 }
    var padding: Double { fontSize * 0.67 }

    /// The box size the entries need.
    var size: (width: Double, height: Double) {
        (2 * padding + Double(min(max(columns, 1), max(entries.count, 1))) * columnWidth, 2 * padding + Double(rows) * rowHeight - 4)
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
            let centerY = origin.y + padding + Double(row / max(columns, 1)) * rowHeight + fontSize * 0.42
            let left = origin.x + padding + Double(row % max(columns, 1)) * columnWidth
            var item = SVGElement("g", ["class": "legend-entry"])
            item.append(swatchElement(entry.swatch, left: left, centerY: centerY))
            item.append(SVGElement("text", [
                "x": SVGNumber.format(left + swatchWidth + 6), "y": SVGNumber.format(centerY + fontSize * 0.35),
                "font-size": SVGNumber.format(fontSize), "fill": PlotColor.ink.hex,
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
                "x2": SVGNumber.format(left + swatchWidth), "y2": SVGNumber.format(centerY),
                "stroke": color.hex, "stroke-width": "2.5",
            ])
            if let dash = style.dashArray { line.set("stroke-dasharray", dash) }
            return line
        case .series(let look):
            var line = SVGElement("line", [
                "x1": SVGNumber.format(left), "y1": SVGNumber.format(centerY),
                "x2": SVGNumber.format(left + swatchWidth), "y2": SVGNumber.format(centerY),
                "stroke": look.color.hex, "stroke-width": SVGNumber.format(min(look.width, fontSize * 0.3)),
            ])
            if let dash = look.line.dashArray { line.set("stroke-dasharray", dash) }
            let marker = look.marker.element(x: left + swatchWidth / 2, y: centerY, r: fontSize * 0.32, color: look.color)
            return SVGElement.group([:], [line, marker])
        case .fill(let color):
            return SVGElement("rect", [
                "x": SVGNumber.format(left + 4), "y": SVGNumber.format(centerY - 6),
                "width": "16", "height": "12", "fill": color.hex, "fill-opacity": "0.6", "stroke": color.hex,
            ])
        case .marker(let color):
            return SVGElement("circle", [
                "cx": SVGNumber.format(left + swatchWidth / 2), "cy": SVGNumber.format(centerY),
                "r": "4", "fill": color.hex,
            ])
        }
    }
}
