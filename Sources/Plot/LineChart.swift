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
    /// Solid, dashed, dotted …; `nil` takes the pattern of the series' position (``LineStyle/cycle(_:)``).
    public var style: LineStyle?
    /// The colour; `nil` takes the palette colour of the series' position.
    public var color: PlotColor?
    /// An optional band (for example min–max over seeds) under the line.
    public var band: Band?

    /// Creates a series. Non-finite points (and non-positive ones on a log axis) break the line.
    public init(name: String, x: [Double], y: [Double], style: LineStyle? = nil,
                color: PlotColor? = nil, band: Band? = nil) {
        self.name = name
        self.x = x
        self.y = y
        self.style = style
        self.color = color
        self.band = band
    }
}

/// A labelled straight line across a chart at a fixed value: the stability threshold 2/lr
/// (horizontal), the best epoch (vertical), a target loss. The axes always include its value
/// with padding, so it never lies on the frame.
public struct ReferenceLine: Sendable, Equatable {
    /// The value of the line: a y value, or an x value when `vertical`.
    public var value: Double
    /// The label written beside it.
    public var label: String
    /// The colour; `nil` draws it in grey.
    public var color: PlotColor?
    /// Whether the line is vertical (at x = `value`).
    public var vertical: Bool

    /// Creates a reference line; horizontal unless `vertical`.
    public init(value: Double, label: String, color: PlotColor? = nil, vertical: Bool = false) {
        self.value = value
        self.label = label
        self.color = color
        self.vertical = vertical
    }
}

/// Curves against a common x axis: training and validation loss per epoch, median loss with a
/// min–max band per optimizer, λmax per epoch against the 2/lr line.
///
/// Each series has its own colour, dash pattern, marker shape and width (``SeriesLook``); a series
/// identical to an earlier one says so in the legend. Axes are padded so no curve lies on the frame.
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
    /// Reference lines (no legend entry; labelled in place).
    public var referenceLines: [ReferenceLine]
    /// The range a bounded quantity lives in (`0...1` for accuracy), always shown whole.
    public var yBounds: ClosedRange<Double>?

    /// Creates a line chart.
    public init(title: String = "", xLabel: String = "", yLabel: String = "",
                xScale: ScaleKind = .linear, yScale: ScaleKind = .linear,
                series: [LineSeries], referenceLines: [ReferenceLine] = [], yBounds: ClosedRange<Double>? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.series = series
        self.referenceLines = referenceLines
        self.yBounds = yBounds
    }

    /// The look of series `index`.
    func look(_ index: Int, _ style: PlotStyle) -> SeriesLook {
        SeriesLook.of(index, count: series.count, style: style, color: series[index].color, line: series[index].style)
    }

    /// The colour series `index` is drawn in.
    func color(of index: Int) -> PlotColor { series[index].color ?? Palette.color(index) }

    /// See ``Chart/panel(in:id:style:)``.
    public func panel(in frame: PlotRect, id: String, style: PlotStyle) -> SVGElement {
        var xValues: [Double] = referenceLines.filter(\.vertical).map(\.value)
        var yValues: [Double] = referenceLines.filter { !$0.vertical }.map(\.value)
        for item in series {
            let count = min(item.x.count, item.y.count)
            xValues += item.x.prefix(count)
            yValues += item.y.prefix(count)
            if let band = item.band { yValues += band.lower.prefix(count) + band.upper.prefix(count) }
        }
        let twins = IdenticalSeries.twins(series.map { item in zip(item.x, item.y).map { (x: $0, y: $1) } })
        let legend = series.enumerated().map { index, item in
            LegendEntry(name: twins[index].map { "\(item.name) (identical to \(series[$0].name))" } ?? item.name,
                        swatch: .series(look(index, style)))
        }
        let panel = CartesianPanel(
            style: style, title: title,
            xAxis: Axis(kind: xScale, covering: xValues, label: xLabel, padding: 0.03),
            yAxis: Axis(kind: yScale, covering: yValues, label: yLabel, padding: 0.05, bounds: yBounds),
            legend: legend,
            content: { xs, ys in
                bandElements(xs, ys) + ReferenceDrawing.lines(referenceLines, xs, ys, style) + lineElements(xs, ys, style)
            },
            overlay: { xs, ys in
                // Labels keep off the curves: a label on a curve hides the data it names.
                ReferenceDrawing.labels(referenceLines, xs, ys, style,
                                        avoiding: series.flatMap { PolylineSampling.sample(pixelPoints($0.x, $0.y, xs, ys)) })
            },
            occupied: { xs, ys in
                series.flatMap { PolylineSampling.sample(pixelPoints($0.x, $0.y, xs, ys)) }
                    + ReferenceDrawing.occupied(referenceLines, xs, ys)
            })
        return panel.render(in: frame, id: id)
    }

    private func lineElements(_ xs: AxisScale, _ ys: AxisScale, _ style: PlotStyle) -> [SVGElement] {
        series.enumerated().map { index, item in
            let look = look(index, style)
            let points = pixelPoints(item.x, item.y, xs, ys)
            var path = SVGElement("path", [
                "class": "series", "d": SVGNumber.polyline(points),
                "fill": "none", "stroke": look.color.hex, "stroke-width": SVGNumber.format(look.width),
                "stroke-linejoin": "round", "stroke-linecap": "butt",
            ])
            if let dash = look.line.dashArray { path.set("stroke-dasharray", dash) }
            path.append(SVGElement("title", text: item.name))
            let markers = SeriesMarkers.positions(along: points, slot: index, of: series.count).map {
                look.marker.element(x: $0.x, y: $0.y, r: style.markerRadius, color: look.color)
            }
            return SVGElement.group(["class": "series-group"], [path] + markers)
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
                "class": "band", "d": data, "fill": color(of: index).hex, "fill-opacity": "0.14", "stroke": "none",
            ])
        }
    }
}

/// Markers along a drawn series, placed by arc length so that series `slot` of `count` puts
/// its markers between those of the others: identical curves still show every marker.
enum SeriesMarkers {
    /// About eight positions along the polyline (`nil` breaks it), staggered by slot.
    static func positions(along points: [(x: Double, y: Double)?], slot: Int, of count: Int, perSeries: Int = 8) -> [(x: Double, y: Double)] {
        var segments: [((x: Double, y: Double), (x: Double, y: Double), Double)] = []
        var previous: (x: Double, y: Double)?
        for point in points {
            guard let point else { previous = nil; continue }
            if let previous {
                let length = ((point.x - previous.x) * (point.x - previous.x) + (point.y - previous.y) * (point.y - previous.y)).squareRoot()
                if length.isFinite { segments.append((previous, point, length)) }
            }
            previous = point
        }
        if segments.isEmpty { return points.compactMap { $0 }.prefix(1).map { $0 } }
        let total = segments.reduce(0) { $0 + $1.2 }
        guard total > 0 else { return [segments[0].0] }
        let offset = Double(slot + 1) / Double(count + 1)
        var result: [(x: Double, y: Double)] = []
        var walked = 0.0, index = 0
        for k in 0..<perSeries {
            let target = (Double(k) + offset) / Double(perSeries) * total
            while index < segments.count - 1 && walked + segments[index].2 < target {
                walked += segments[index].2
                index += 1
            }
            let (a, b, length) = segments[index]
            let t = length > 0 ? min(max((target - walked) / length, 0), 1) : 0
            result.append((a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)))
        }
        return result
    }
}
