/// A min–max (or any lower–upper) band drawn as a light fill behind a series' line.
public struct Band: Sendable, Equatable {
    /// The lower edge at each x of the series.
    public var lower: [Double]
    /// The upper edge at each x of the series.
    public var upper: [Double]

    /// Creates a band; both edges are read at the series' x values.
    public init(lower: [Double], upper: [Double]) {
        self.lower = lower
        self.upper = upper
    }
}

/// One named curve of a ``LineChart``.
public struct LineSeries: Sendable, Equatable {
    /// The legend name.
    public var name: String
    /// The x values.
    public var x: [Double]
    /// The y values (read up to the shorter of `x` and `y`).
    public var y: [Double]
    /// Solid, dashed or dotted.
    public var style: LineStyle
    /// The colour; `nil` takes the palette colour of the series' position.
    public var color: PlotColor?
    /// An optional band (for example min–max over seeds) under the line.
    public var band: Band?

    /// Creates a series. Non-finite points (and non-positive ones on a log axis) break the line.
    public init(name: String, x: [Double], y: [Double], style: LineStyle = .solid,
                color: PlotColor? = nil, band: Band? = nil) {
        self.name = name
        self.x = x
        self.y = y
        self.style = style
        self.color = color
        self.band = band
    }
}

/// A labelled horizontal line across a chart, such as the stability threshold 2/lr.
public struct ReferenceLine: Sendable, Equatable {
    /// The y value of the line.
    public var value: Double
    /// The label written at its right end.
    public var label: String
    /// The colour; `nil` draws it in grey.
    public var color: PlotColor?

    /// Creates a reference line.
    public init(value: Double, label: String, color: PlotColor? = nil) {
        self.value = value
        self.label = label
        self.color = color
    }
}

/// Curves against a common x axis: training and validation loss per epoch, median loss with a
/// min–max band per optimizer, λmax per epoch against the 2/lr line.
///
/// ```swift
/// let chart = LineChart(title: "Loss", xLabel: "epoch", yLabel: "loss", yScale: .logarithmic,
///     series: [LineSeries(name: "train", x: epochs, y: trainLoss),
///              LineSeries(name: "validation", x: epochs, y: valLoss, style: .dashed)])
/// let svg = chart.svg()
/// ```
public struct LineChart: Chart {
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
    /// The curves, drawn in order, each with a legend entry.
    public var series: [LineSeries]
    /// Horizontal reference lines (no legend entry; labelled in place).
    public var referenceLines: [ReferenceLine]

    /// Creates a line chart.
    public init(title: String = "", xLabel: String = "", yLabel: String = "",
                xScale: ScaleKind = .linear, yScale: ScaleKind = .linear,
                series: [LineSeries], referenceLines: [ReferenceLine] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.series = series
        self.referenceLines = referenceLines
    }

    /// The colour series `index` is drawn in.
    func color(of index: Int) -> PlotColor { series[index].color ?? Palette.color(index) }

    /// See ``Chart/panel(in:id:)``.
    public func panel(in frame: PlotRect, id: String) -> SVGElement {
        var xValues: [Double] = []
        var yValues: [Double] = referenceLines.map(\.value)
        for item in series {
            let count = min(item.x.count, item.y.count)
            xValues += item.x.prefix(count)
            yValues += item.y.prefix(count)
            if let band = item.band { yValues += band.lower.prefix(count) + band.upper.prefix(count) }
        }
        let panel = CartesianPanel(
            title: title,
            xAxis: Axis(kind: xScale, covering: xValues, label: xLabel),
            yAxis: Axis(kind: yScale, covering: yValues, label: yLabel),
            legend: series.enumerated().map { LegendEntry(name: $1.name, swatch: .line(color(of: $0), $1.style)) },
            content: { xs, ys in bandElements(xs, ys) + referenceElements(xs, ys) + lineElements(xs, ys) },
            overlay: { xs, ys in referenceLabels(xs, ys) },
            occupied: { xs, ys in
                series.flatMap { PolylineSampling.sample(pixelPoints($0.x, $0.y, xs, ys)) }
                    + referenceLines.flatMap { line -> [(x: Double, y: Double)] in
                        guard let y = ys.pixel(line.value) else { return [] }
                        return PolylineSampling.sample([(xs.startPixel, y), (xs.endPixel, y)])
                    }
            })
        return panel.render(in: frame, id: id)
    }

    private func lineElements(_ xs: AxisScale, _ ys: AxisScale) -> [SVGElement] {
        series.enumerated().map { index, item in
            var path = SVGElement("path", [
                "class": "series", "d": SVGNumber.polyline(pixelPoints(item.x, item.y, xs, ys)),
                "fill": "none", "stroke": color(of: index).hex, "stroke-width": "2",
                "stroke-linejoin": "round", "stroke-linecap": "round",
            ])
            if let dash = item.style.dashArray { path.set("stroke-dasharray", dash) }
            path.append(SVGElement("title", text: item.name))
            return path
        }
    }

    /// Each band as closed polygons over the runs of indices where x, lower and upper all map.
    private func bandElements(_ xs: AxisScale, _ ys: AxisScale) -> [SVGElement] {
        series.enumerated().compactMap { index, item -> SVGElement? in
            guard let band = item.band else { return nil }
            let count = min(item.x.count, band.lower.count, band.upper.count)
            var data = ""
            var run: [(x: Double, low: Double, high: Double)] = []
            func closeRun() {
                if run.count >= 2 {
                    let outline = run.map { (x: $0.x, y: $0.high) } + run.reversed().map { (x: $0.x, y: $0.low) }
                    data += (data.isEmpty ? "" : " ") + SVGNumber.polyline(outline) + " Z"
                }
                run.removeAll()
            }
            for i in 0..<count {
                if let px = xs.pixel(item.x[i]), let low = ys.pixel(band.lower[i]), let high = ys.pixel(band.upper[i]) {
                    run.append((px, low, high))
                } else {
                    closeRun()
                }
            }
            closeRun()
            guard !data.isEmpty else { return nil }
            return SVGElement("path", [
                "class": "band", "d": data, "fill": color(of: index).hex, "fill-opacity": "0.18", "stroke": "none",
            ])
        }
    }

    private func referenceElements(_ xs: AxisScale, _ ys: AxisScale) -> [SVGElement] {
        referenceLines.compactMap { line in
            guard let y = ys.pixel(line.value) else { return nil }
            return SVGElement("path", [
                "class": "reference", "d": SVGNumber.polyline([(xs.startPixel, y), (xs.endPixel, y)]),
                "stroke": (line.color ?? .reference).hex, "stroke-width": "1.5", "stroke-dasharray": "4 3",
            ])
        }
    }

    private func referenceLabels(_ xs: AxisScale, _ ys: AxisScale) -> [SVGElement] {
        referenceLines.compactMap { line in
            guard let y = ys.pixel(line.value) else { return nil }
            return SVGElement("text", [
                // Above the line, or below it when the line runs along the top of the plot.
                "x": SVGNumber.format(xs.startPixel + 6), "y": SVGNumber.format(y - 5 < ys.endPixel + 12 ? y + 14 : y - 5),
                "font-size": "11", "fill": (line.color ?? .reference).hex,
            ], text: line.label)
        }
    }
}
