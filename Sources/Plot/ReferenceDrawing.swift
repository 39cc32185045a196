/// Drawing of ``ReferenceLine``s shared by the charts: dashed grey lines across the plot area,
/// labels placed beside them where they overlap no other label.
enum ReferenceDrawing {
    /// The lines, clipped with the data.
    static func lines(_ lines: [ReferenceLine], _ xs: AxisScale, _ ys: AxisScale, _ style: PlotStyle) -> [SVGElement] {
        lines.compactMap { line in
            guard let ends = ends(line, xs, ys) else { return nil }
            return SVGElement("path", [
                "class": "reference", "d": SVGNumber.polyline([ends.0, ends.1]),
                "stroke": (line.color ?? .reference).hex, "stroke-width": SVGNumber.format(1.4 * style.scale),
                "stroke-dasharray": "5 3",
            ], children: [.element(SVGElement("title", text: line.label))])
        }
    }

    /// The labels, each at the first free spot among: above the line at its left end, below it,
    /// at its right end (vertical lines: right of the top, left of the top, then at the bottom).
    /// Spots whose box would cover one of the `avoiding` pixel points (data) are tried last.
    static func labels(_ lines: [ReferenceLine], _ xs: AxisScale, _ ys: AxisScale, _ style: PlotStyle,
                       avoiding points: [(x: Double, y: Double)] = []) -> [SVGElement] {
        let area = PlotRect(x: xs.startPixel, y: ys.endPixel, width: xs.endPixel - xs.startPixel, height: ys.startPixel - ys.endPixel)
        var placer = LabelPlacer(area: area)
        let size = style.annotationFont
        return lines.compactMap { line -> SVGElement? in
            guard !line.label.isEmpty, let ends = ends(line, xs, ys) else { return nil }
            let candidates: [(x: Double, y: Double, anchor: String)]
            if line.vertical {
                let x = ends.0.x
                candidates = [(x + 5, area.y + size + 4, "start"), (x - 5, area.y + size + 4, "end"),
                              (x + 5, area.maxY - 6, "start"), (x - 5, area.maxY - 6, "end"),
                              (x + 5, area.y + area.height / 2, "start"), (x - 5, area.y + area.height / 2, "end")]
            } else {
                let y = ends.0.y
                candidates = [(area.x + 6, y - 5, "start"), (area.x + 6, y + size + 3, "start"),
                              (area.maxX - 6, y - 5, "end"), (area.maxX - 6, y + size + 3, "end"),
                              (area.x + area.width / 2, y - 5, "middle"), (area.x + area.width / 2, y + size + 3, "middle"),
                              (area.x + area.width / 4, y - 5, "middle"), (area.x + area.width / 4, y + size + 3, "middle"),
                              (area.x + 3 * area.width / 4, y - 5, "middle"), (area.x + 3 * area.width / 4, y + size + 3, "middle")]
            }
            let covers = { (c: (x: Double, y: Double, anchor: String)) -> Bool in
                let box = TextBox(text: line.label, x: c.x, y: c.y, fontSize: size, anchor: c.anchor).rect.insetBy(-3)
                return points.contains { box.contains($0) }
            }
            let ordered = candidates.filter { !covers($0) } + candidates.filter(covers)
            guard let spot = placer.place(line.label, fontSize: size, candidates: ordered) else { return nil }
            return SVGElement("text", [
                "class": "reference-label", "x": SVGNumber.format(spot.x), "y": SVGNumber.format(spot.y),
                "text-anchor": spot.anchor, "font-size": SVGNumber.format(size), "fill": (line.color ?? .reference).hex,
                "stroke": "white", "stroke-width": "3", "paint-order": "stroke", "stroke-linejoin": "round",
            ], text: line.label)
        }
    }

    /// Points along the lines, for keeping the legend off them.
    static func occupied(_ lines: [ReferenceLine], _ xs: AxisScale, _ ys: AxisScale) -> [(x: Double, y: Double)] {
        lines.flatMap { line -> [(x: Double, y: Double)] in
            guard let ends = ends(line, xs, ys) else { return [] }
            return PolylineSampling.sample([ends.0, ends.1])
        }
    }

    /// The line's two ends across the plot area, or nil when its value cannot be drawn.
    static func ends(_ line: ReferenceLine, _ xs: AxisScale, _ ys: AxisScale) -> ((x: Double, y: Double), (x: Double, y: Double))? {
        if line.vertical {
            guard let x = xs.pixel(line.value) else { return nil }
            return ((x, ys.startPixel), (x, ys.endPixel))
        }
        guard let y = ys.pixel(line.value) else { return nil }
        return ((xs.startPixel, y), (xs.endPixel, y))
    }
}
