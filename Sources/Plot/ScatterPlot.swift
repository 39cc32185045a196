/// One named set of points of a ``ScatterPlot``.
public struct ScatterSeries: Sendable, Equatable {
    /// The legend name.
    public var name: String
    /// The x values.
    public var x: [Double]
    /// The y values (read up to the shorter of `x` and `y`).
    public var y: [Double]
    /// The colour; `nil` takes the palette colour of the series' position.
    public var color: PlotColor?

    /// Creates a series of points; non-finite points (and non-positive x on a log axis) are skipped.
    public init(name: String, x: [Double], y: [Double], color: PlotColor? = nil) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
    }
}

/// Points against a parameter, with the best one ringed and labelled: validation accuracy
/// against a log-uniformly searched learning rate.
///
/// ```swift
/// let plot = ScatterPlot(title: "Search", xLabel: "learning rate", yLabel: "validation accuracy",
///     xScale: .logarithmic, series: [ScatterSeries(name: "trials", x: rates, y: accuracies)],
///     best: PointMarker(x: bestRate, y: bestAccuracy, label: "best"))
/// let svg = plot.svg()
/// ```
public struct ScatterPlot: Chart {
    /// The title above the plot; empty for none.
    public var title: String
    /// The x axis label.
    public var xLabel: String
    /// The y axis label.
    public var yLabel: String
    /// Linear or logarithmic x.
    public var xScale: ScaleKind
    /// Linear or logarithmic y.
    public var yScale: ScaleKind
    /// The point sets, one legend entry each.
    public var series: [ScatterSeries]
    /// A point to ring and label, such as the best trial; drawn as a ring whatever its shape.
    public var best: PointMarker?
    /// The range a bounded quantity lives in (`0...1` for accuracy), always shown whole.
    public var yBounds: ClosedRange<Double>?
    /// Labelled lines across the plot (residual zero, a baseline score), drawn under the points.
    public var referenceLines: [ReferenceLine]

    /// Creates a scatter plot. A single series gets no legend (its name is the axis' story).
    public init(title: String = "", xLabel: String = "", yLabel: String = "",
                xScale: ScaleKind = .linear, yScale: ScaleKind = .linear,
                series: [ScatterSeries], best: PointMarker? = nil, yBounds: ClosedRange<Double>? = nil,
                referenceLines: [ReferenceLine] = []) {
        self.yBounds = yBounds
        self.referenceLines = referenceLines
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.series = series
        self.best = best
    }

    /// The colour of series `index`.
    func color(of index: Int) -> PlotColor { series[index].color ?? Palette.color(index) }

    /// See ``Chart/panel(in:id:style:)``.
    public func panel(in frame: PlotRect, id: String, style: PlotStyle) -> SVGElement {
        var xValues = series.flatMap { $0.x.prefix(min($0.x.count, $0.y.count)) }
        var yValues = series.flatMap { $0.y.prefix(min($0.x.count, $0.y.count)) }
        if let best { xValues.append(best.x); yValues.append(best.y) }
        xValues += referenceLines.filter(\.vertical).map(\.value)
        yValues += referenceLines.filter { !$0.vertical }.map(\.value)
        let panel = CartesianPanel(
            style: style, title: title,
            xAxis: Axis(kind: xScale, covering: xValues, label: xLabel, padding: 0.05),
            yAxis: Axis(kind: yScale, covering: yValues, label: yLabel, padding: 0.05, bounds: yBounds),
            legend: series.count < 2 ? [] : series.enumerated().map { LegendEntry(name: $1.name, swatch: .marker(color(of: $0))) },
            content: { xs, ys in ReferenceDrawing.lines(referenceLines, xs, ys, style) + pointElements(xs, ys, style) },
            overlay: { xs, ys in
                ReferenceDrawing.labels(referenceLines, xs, ys, style, avoiding: series.flatMap { pixelPoints($0, xs, ys) })
                    + bestElements(xs, ys, style)
            },
            occupied: { xs, ys in series.flatMap { pixelPoints($0, xs, ys) } + ReferenceDrawing.occupied(referenceLines, xs, ys) })
        return panel.render(in: frame, id: id)
    }

    private func pixelPoints(_ item: ScatterSeries, _ xs: AxisScale, _ ys: AxisScale) -> [(x: Double, y: Double)] {
        zip(item.x, item.y).compactMap { x, y in
            guard let px = xs.pixel(x), let py = ys.pixel(y) else { return nil }
            return (px, py)
        }
    }

    private func pointElements(_ xs: AxisScale, _ ys: AxisScale, _ style: PlotStyle) -> [SVGElement] {
        series.enumerated().map { index, item in
            let circles = pixelPoints(item, xs, ys).map { point in
                SVGElement("circle", ["cx": SVGNumber.format(point.x), "cy": SVGNumber.format(point.y),
                                      "r": SVGNumber.format(3.5 * style.scale)])
            }
            return SVGElement("g", [
                "class": "scatter-series", "fill": color(of: index).hex, "fill-opacity": "0.75",
                "stroke": "white", "stroke-width": "0.6",
            ], children: [.element(SVGElement("title", text: item.name))] + circles.map { .element($0) })
        }
    }

    private func bestElements(_ xs: AxisScale, _ ys: AxisScale, _ style: PlotStyle) -> [SVGElement] {
        guard let best, let px = xs.pixel(best.x), let py = ys.pixel(best.y) else { return [] }
        let size = style.annotationFont
        var group = SVGElement.group(["class": "best"], [SVGElement("circle", [
            "cx": SVGNumber.format(px), "cy": SVGNumber.format(py), "r": SVGNumber.format(8 * style.scale),
            "fill": "none", "stroke": PlotColor.ink.hex, "stroke-width": "2",
        ])])
        if !best.label.isEmpty {
            let area = PlotRect(x: xs.startPixel, y: ys.endPixel, width: xs.endPixel - xs.startPixel, height: ys.startPixel - ys.endPixel)
            var placer = LabelPlacer(area: area)
            let gap = 10 * style.scale
            let spot = placer.place(best.label, fontSize: size, candidates: [
                (px + gap, py - gap, "start"), (px - gap, py - gap, "end"),
                (px + gap, py + gap + size * 0.8, "start"), (px - gap, py + gap + size * 0.8, "end"),
            ]) ?? (px + gap, py - gap, "start")
            group.append(SVGElement("text", [
                "x": SVGNumber.format(spot.x), "y": SVGNumber.format(spot.y),
                "text-anchor": spot.anchor, "font-size": SVGNumber.format(size), "fill": PlotColor.ink.hex,
                "stroke": "white", "stroke-width": "3", "paint-order": "stroke",
            ], text: best.label))
        }
        return [group]
    }
}
