/// The frame every x–y chart shares: margins sized to the tick labels, grid, clipped data layer,
/// axes with ticks and labels, title, and a legend placed where it covers no data.
///
/// Charts describe their content as closures of the two scales, so the layout can be tried
/// twice: first with the legend inside the plot area, then, if every inside corner would cover
/// data, with the legend moved to the right of it.
struct CartesianPanel {
    var style: PlotStyle
    var tickFontSize: Double { style.tickFont }
    var labelFontSize: Double { style.labelFont }
    var titleFontSize: Double { style.titleFont }

    var title: String
    var xAxis: Axis
    var yAxis: Axis
    var legend: [LegendEntry]
    /// Data drawn inside the plot area, clipped to it.
    var content: (AxisScale, AxisScale) -> [SVGElement]
    /// Labels drawn above the data and not clipped (reference-line and marker labels).
    var overlay: (AxisScale, AxisScale) -> [SVGElement] = { _, _ in [] }
    /// Pixel points the legend must not cover.
    var occupied: (AxisScale, AxisScale) -> [(x: Double, y: Double)] = { _, _ in [] }

    /// The panel as a group.
    func render(in frame: PlotRect, id: String) -> SVGElement {
        var legendBox = Legend(entries: legend, fontSize: style.legendFont)
        var area = plotArea(in: frame, rightReserve: 0)
        var legendOrigin: (x: Double, y: Double)?
        if !legend.isEmpty {
            let (xScale, yScale) = scales(for: area)
            let labelPoints = overlay(xScale, yScale).flatMap(TextBox.all).flatMap { $0.samplePoints }
            let points = occupied(xScale, yScale) + labelPoints
            if let corner = freeCorner(in: area, legendSize: legendBox.size, avoiding: points) {
                legendOrigin = corner
            } else if legendBox.size.width + 10 <= 0.3 * frame.width {
                area = plotArea(in: frame, rightReserve: legendBox.size.width + 10)
                legendOrigin = (area.maxX + 10, area.y)
            } else {
                // Too wide beside the plot: under it, in as many columns as fit.
                legendBox.columns = 2
                legendBox.columns = max(1, min(legend.count, Int((frame.width - 20) / legendBox.columnWidth)))
                let size = legendBox.size
                area = plotArea(in: frame, rightReserve: 0, bottomReserve: size.height + 8)
                legendOrigin = (frame.x + max((frame.width - size.width) / 2, 2), frame.maxY - size.height - 4)
            }
        }
        let (xScale, yScale) = scales(for: area)

        var group = SVGElement("g", ["class": "panel", "id": id])
        let clipID = id + "-clip"
        group.append(SVGElement("defs", children: [.element(SVGElement("clipPath", ["id": clipID], children: [
            .element(rectElement(area, ["fill": "none"])),
        ]))]))
        group.append(contentsOf: gridLines(area: area, xScale: xScale, yScale: yScale))
        group.append(SVGElement.group(["class": "data", "clip-path": "url(#\(clipID))"], content(xScale, yScale)))
        group.append(rectElement(area, ["fill": "none", "stroke": PlotColor.ink.hex, "stroke-width": "1"]))
        group.append(contentsOf: axisDecorations(area: area, frame: frame, xScale: xScale, yScale: yScale))
        group.append(contentsOf: overlay(xScale, yScale))
        if let legendOrigin { group.append(legendBox.element(at: legendOrigin)) }
        return group
    }

    // MARK: Layout

    private func plotArea(in frame: PlotRect, rightReserve: Double, bottomReserve: Double = 0) -> PlotRect {
        let yTickWidth = yAxis.tickLabels.map { TextMetrics.width($0, fontSize: tickFontSize) }.max() ?? 0
        let lastXTick = xAxis.tickLabels.last.map { TextMetrics.width($0, fontSize: tickFontSize) } ?? 0
        let left = 10 + (yAxis.label.isEmpty ? 0 : labelFontSize + 8) + yTickWidth + 8
        let right = max(14, lastXTick / 2 + 6) + rightReserve
        let top = title.isEmpty ? 14.0 : 16 + titleFontSize * 1.5
        let bottom = 8 + tickFontSize + 8 + (xAxis.label.isEmpty ? 0 : labelFontSize + 10) + bottomReserve
        return PlotRect(x: frame.x + left, y: frame.y + top,
                        width: max(frame.width - left - right, 10), height: max(frame.height - top - bottom, 10))
    }

    private func scales(for area: PlotRect) -> (AxisScale, AxisScale) {
        (AxisScale(kind: xAxis.kind, domain: xAxis.domain, startPixel: area.x, endPixel: area.maxX),
         AxisScale(kind: yAxis.kind, domain: yAxis.domain, startPixel: area.maxY, endPixel: area.y))
    }

    /// The first inside corner (top right, top left, bottom right, bottom left) whose legend box,
    /// with a small margin, holds none of the points; `nil` when all do.
    private func freeCorner(in area: PlotRect, legendSize: (width: Double, height: Double),
                            avoiding points: [(x: Double, y: Double)]) -> (x: Double, y: Double)? {
        let inset = 8.0
        guard legendSize.width + 2 * inset < area.width, legendSize.height + 2 * inset < area.height else { return nil }
        let corners: [(x: Double, y: Double)] = [
            (area.maxX - inset - legendSize.width, area.y + inset),
            (area.x + inset, area.y + inset),
            (area.maxX - inset - legendSize.width, area.maxY - inset - legendSize.height),
            (area.x + inset, area.maxY - inset - legendSize.height),
        ]
        for corner in corners {
            let box = PlotRect(x: corner.x - 4, y: corner.y - 4, width: legendSize.width + 8, height: legendSize.height + 8)
            if !points.contains(where: { box.contains($0) }) { return corner }
        }
        return nil
    }

    // MARK: Drawing

    private func rectElement(_ rect: PlotRect, _ extra: KeyValuePairs<String, String>) -> SVGElement {
        var element = SVGElement("rect", [
            "x": SVGNumber.format(rect.x), "y": SVGNumber.format(rect.y),
            "width": SVGNumber.format(rect.width), "height": SVGNumber.format(rect.height),
        ])
        for (name, value) in extra { element.set(name, value) }
        return element
    }

    private func gridLines(area: PlotRect, xScale: AxisScale, yScale: AxisScale) -> [SVGElement] {
        var lines: [SVGElement] = []
        for tick in xAxis.ticks {
            guard let x = xScale.pixel(tick) else { continue }
            lines.append(line(x1: x, y1: area.y, x2: x, y2: area.maxY, color: PlotColor.grid))
        }
        for tick in yAxis.ticks {
            guard let y = yScale.pixel(tick) else { continue }
            lines.append(line(x1: area.x, y1: y, x2: area.maxX, y2: y, color: PlotColor.grid))
        }
        return [SVGElement.group(["class": "grid"], lines)]
    }

    private func axisDecorations(area: PlotRect, frame: PlotRect, xScale: AxisScale, yScale: AxisScale) -> [SVGElement] {
        var elements: [SVGElement] = []
        let xLabelled = labelledTicks(xAxis, xScale) { label in TextMetrics.width(label, fontSize: tickFontSize) + tickFontSize * 0.6 }
        for (index, (tick, label)) in zip(xAxis.ticks, xAxis.tickLabels).enumerated() {
            guard let x = xScale.pixel(tick) else { continue }
            elements.append(line(x1: x, y1: area.maxY, x2: x, y2: area.maxY + 5, color: PlotColor.ink))
            guard xLabelled.contains(index) else { continue }
            elements.append(text(label, x: x, y: area.maxY + 8 + tickFontSize, size: tickFontSize, anchor: "middle"))
        }
        let yLabelled = labelledTicks(yAxis, yScale) { _ in tickFontSize * 1.3 }
        for (index, (tick, label)) in zip(yAxis.ticks, yAxis.tickLabels).enumerated() {
            guard let y = yScale.pixel(tick) else { continue }
            elements.append(line(x1: area.x - 5, y1: y, x2: area.x, y2: y, color: PlotColor.ink))
            guard yLabelled.contains(index) else { continue }
            elements.append(text(label, x: area.x - 8, y: y + tickFontSize * 0.35, size: tickFontSize, anchor: "end"))
        }
        if !xAxis.label.isEmpty {
            elements.append(text(xAxis.label, x: area.x + area.width / 2,
                                 y: area.maxY + 8 + tickFontSize + 8 + labelFontSize,
                                 size: labelFontSize, anchor: "middle"))
        }
        if !yAxis.label.isEmpty {
            let x = frame.x + 10 + labelFontSize
            let y = area.y + area.height / 2
            var label = text(yAxis.label, x: x, y: y, size: labelFontSize, anchor: "middle")
            label.set("transform", "rotate(-90 \(SVGNumber.format(x)) \(SVGNumber.format(y)))")
            elements.append(label)
        }
        if !title.isEmpty {
            // Shrunk to fit the panel, so neighbouring panels' titles never meet.
            let size = min(titleFontSize, (frame.width - 12) / (0.62 * Double(max(title.count, 1))))
            var heading = text(title, x: frame.x + frame.width / 2, y: frame.y + 8 + titleFontSize, size: size, anchor: "middle")
            heading.set("font-weight", "bold")
            elements.append(heading)
        }
        return [SVGElement.group(["class": "axes"], elements)]
    }

    /// The ticks whose labels are written: greedily, zero first, then in order, each kept when it
    /// stays further than `extent` from every label kept before (so labels never touch).
    private func labelledTicks(_ axis: Axis, _ scale: AxisScale, extent: (String) -> Double) -> Set<Int> {
        let positions = axis.ticks.map { scale.pixel($0) ?? .nan }
        let extents = axis.tickLabels.map(extent)
        let order = axis.ticks.indices.filter { axis.ticks[$0] == 0 } + axis.ticks.indices.filter { axis.ticks[$0] != 0 }
        var kept: [Int] = []
        for index in order where positions[index].isFinite {
            let free = kept.allSatisfy { abs(positions[$0] - positions[index]) >= (extents[$0] + extents[index]) / 2 }
            if free { kept.append(index) }
        }
        return Set(kept)
    }

    private func line(x1: Double, y1: Double, x2: Double, y2: Double, color: PlotColor) -> SVGElement {
        SVGElement("line", [
            "x1": SVGNumber.format(x1), "y1": SVGNumber.format(y1),
            "x2": SVGNumber.format(x2), "y2": SVGNumber.format(y2),
            "stroke": color.hex, "stroke-width": "1",
        ])
    }

    private func text(_ content: String, x: Double, y: Double, size: Double, anchor: String) -> SVGElement {
        SVGElement("text", [
            "x": SVGNumber.format(x), "y": SVGNumber.format(y), "font-size": SVGNumber.format(size),
            "text-anchor": anchor, "fill": PlotColor.ink.hex,
        ], text: content)
    }
}
