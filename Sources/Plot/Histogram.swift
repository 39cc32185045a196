/// Bin edges and counts of a histogram: bin `k` covers `[edges[k], edges[k + 1])`, the last bin
/// also its right edge.
public struct HistogramBins: Sendable, Equatable {
    /// `counts.count + 1` increasing edges.
    public var edges: [Double]
    /// The count (or weight) of each bin.
    public var counts: [Double]

    /// Bins from given edges and counts (for example counted elsewhere).
    public init(edges: [Double], counts: [Double]) {
        self.edges = edges
        self.counts = counts
    }

    /// `binCount` equal bins over `range` (default: the finite values' min to max), counting the
    /// finite values; values outside the range and non-finite values are not counted. A single
    /// distinct value gets a range of ±0.5 around it.
    public init(values: [Double], binCount: Int, range: ClosedRange<Double>? = nil) {
        let finite = values.filter(\.isFinite)
        let bins = max(binCount, 1)
        var lower = range?.lowerBound ?? finite.min() ?? 0
        var upper = range?.upperBound ?? finite.max() ?? 1
        if !(upper > lower) { lower -= 0.5; upper += 0.5 }
        let width = (upper - lower) / Double(bins)
        edges = (0...bins).map { lower + Double($0) * width }
        edges[bins] = upper
        var counts = [Double](repeating: 0, count: bins)
        for value in finite where value >= lower && value <= upper {
            let index = min(Int((value - lower) / width), bins - 1)
            counts[index] += 1
        }
        self.counts = counts
    }

    /// `binCount` bins of equal width on `scale` (for a symmetric-log axis: narrow near zero, wide
    /// far from it, so both signs and every decade get bars) over the finite values' range.
    public init(values: [Double], binCount: Int, scale: ScaleKind) {
        let finite = values.filter { scale.accepts($0) }
        let bins = max(binCount, 1)
        var low = finite.map { scale.transform($0) }.min() ?? 0
        var high = finite.map { scale.transform($0) }.max() ?? 1
        if !(high > low) { low -= 0.5; high += 0.5 }
        let coordinates = (0...bins).map { low + Double($0) * (high - low) / Double(bins) }
        edges = coordinates.map { scale.inverse($0) }
        var counts = [Double](repeating: 0, count: bins)
        for value in finite {
            let k = Int(((scale.transform(value) - low) / (high - low) * Double(bins)).rounded(.down))
            counts[min(max(k, 0), bins - 1)] += 1
        }
        self.counts = counts
    }
}

/// A labelled interval of the x axis drawn as a light band: the bulk of a spectrum.
public struct Span: Sendable, Equatable {
    /// The interval.
    public var range: ClosedRange<Double>
    /// The label written inside its top.
    public var label: String

    /// Creates a span.
    public init(range: ClosedRange<Double>, label: String) {
        self.range = range
        self.label = label
    }
}

/// A filled curve of a density against x, such as a spectral density from stochastic Lanczos
/// quadrature.
public struct DensityCurve: Sendable, Equatable {
    /// The legend name.
    public var name: String
    /// The x values, increasing.
    public var x: [Double]
    /// The density at each x.
    public var density: [Double]
    /// The colour; `nil` takes the palette colour after the bars'.
    public var color: PlotColor?

    /// Creates a density curve.
    public init(name: String, x: [Double], density: [Double], color: PlotColor? = nil) {
        self.name = name
        self.x = x
        self.density = density
        self.color = color
    }
}

/// Bars of counts over bins, optionally on a log count axis, with filled density curves on top:
/// the signed Hessian spectrum (a line marks zero when the bins straddle it) and its density.
///
/// ```swift
/// let spectrum = Histogram(title: "Hessian spectrum", xLabel: "eigenvalue", yLabel: "count",
///     bins: HistogramBins(values: eigenvalues, binCount: 60), logCounts: true)
/// let svg = spectrum.svg()
/// ```
public struct Histogram: Chart {
    /// The title above the plot; empty for none.
    public var title: String
    /// The x axis label.
    public var xLabel: String
    /// The y axis label.
    public var yLabel: String
    /// The bars; empty bins draw no bars (a density-only plot).
    public var bins: HistogramBins
    /// The legend name of the bars; empty for no legend entry.
    public var barsName: String
    /// Whether the count axis is log10 (empty bins then draw nothing).
    public var logCounts: Bool
    /// Filled curves drawn over the bars, one legend entry each.
    public var densities: [DensityCurve]
    /// Linear, or symmetric log for a signed spectrum spanning decades.
    public var xScale: ScaleKind
    /// Labelled vertical lines (λmin, λmax).
    public var markers: [ReferenceLine]
    /// Labelled x intervals drawn as bands (the bulk).
    public var spans: [Span]

    /// The smallest density drawn on a log axis, relative to the largest: below it the curve
    /// breaks (a density of 10⁻³⁰ is zero for the eye, and would squash the picture).
    public static let densityFloor = 1e-6

    /// Creates a histogram.
    public init(title: String = "", xLabel: String = "", yLabel: String = "count",
                bins: HistogramBins = HistogramBins(edges: [], counts: []), barsName: String = "",
                logCounts: Bool = false, densities: [DensityCurve] = [], xScale: ScaleKind = .linear,
                markers: [ReferenceLine] = [], spans: [Span] = []) {
        self.xScale = xScale
        self.markers = markers
        self.spans = spans
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.bins = bins
        self.barsName = barsName
        self.logCounts = logCounts
        self.densities = densities
    }

    /// The colour of the bars.
    static let barColor = Palette.color(0)

    /// The colour of density `index`.
    func color(of index: Int) -> PlotColor { densities[index].color ?? Palette.color(index + 1) }

    /// The bins that can be drawn: finite, increasing edges and a finite count.
    private var drawableBars: [(low: Double, high: Double, count: Double)] {
        let count = min(bins.counts.count, max(bins.edges.count - 1, 0))
        return (0..<count).compactMap { k in
            let low = bins.edges[k], high = bins.edges[k + 1], value = bins.counts[k]
            guard low.isFinite, high.isFinite, high > low, value.isFinite else { return nil }
            return (low, high, value)
        }
    }

    /// The density curves with values below the floor (log axis) replaced by NaN.
    private var drawnDensities: [DensityCurve] {
        guard logCounts else { return densities }
        return densities.map { curve in
            let peak = curve.density.filter(\.isFinite).max() ?? 0
            var copy = curve
            copy.density = curve.density.map { $0 >= peak * Self.densityFloor && $0 > 0 ? $0 : .nan }
            return copy
        }
    }

    /// See ``Chart/panel(in:id:style:)``.
    public func panel(in frame: PlotRect, id: String, style: PlotStyle) -> SVGElement {
        let bars = drawableBars
        let densities = drawnDensities
        var xValues = bars.flatMap { [$0.low, $0.high] } + markers.map(\.value) + spans.flatMap { [$0.range.lowerBound, $0.range.upperBound] }
        var yValues = bars.map(\.count)
        for curve in densities {
            let count = min(curve.x.count, curve.density.count)
            xValues += curve.x.prefix(count)
            yValues += curve.density.prefix(count)
        }
        let drawnX = xValues
        if !logCounts { yValues.append(0) }
        // A log count axis reaches down to 0.5 so that a bar of one shows.
        if logCounts && !bars.isEmpty { yValues.append(0.5) }
        var legend: [LegendEntry] = barsName.isEmpty ? [] : [LegendEntry(name: barsName, swatch: .fill(Self.barColor))]
        legend += densities.enumerated().map { LegendEntry(name: $1.name, swatch: .fill(color(of: $0))) }
        if legend.count < 2 { legend = [] }  // one entry adds nothing the title and axis labels do not say
        let panel = CartesianPanel(
            style: style, title: title,
            xAxis: Axis(kind: xScale, covering: xValues, label: xLabel, padding: 0.03),
            yAxis: Axis(kind: logCounts ? .logarithmic : .linear, covering: yValues, label: yLabel, padding: logCounts ? 0.06 : 0.05),
            legend: legend,
            content: { xs, ys in
                spanElements(xs, ys) + barElements(bars, xs, ys) + densityElements(densities, xs, ys) + zeroLine(drawnX, xs, ys)
                    + ReferenceDrawing.lines(markers, xs, ys, style)
            },
            overlay: { xs, ys in spanLabels(xs, ys, style) + ReferenceDrawing.labels(markers, xs, ys, style) },
            occupied: { xs, ys in
                var points: [(x: Double, y: Double)] = []
                for bar in bars {
                    guard let left = xs.pixel(bar.low), let right = xs.pixel(bar.high), let top = ys.pixel(bar.count) else { continue }
                    let bottom = ys.startPixel
                    var y = top
                    while y <= bottom { points.append((left, y)); points.append((right, y)); points.append(((left + right) / 2, y)); y += 8 }
                }
                points += ReferenceDrawing.occupied(markers, xs, ys)
                for curve in densities {
                    for point in PolylineSampling.sample(pixelPoints(curve.x, curve.density, xs, ys)) {
                        var y = point.y
                        while y <= ys.startPixel { points.append((point.x, y)); y += 8 }
                    }
                }
                return points
            })
        return panel.render(in: frame, id: id)
    }

    private func barElements(_ bars: [(low: Double, high: Double, count: Double)], _ xs: AxisScale, _ ys: AxisScale) -> [SVGElement] {
        let baseline = ys.startPixel
        let rects = bars.compactMap { bar -> SVGElement? in
            guard let left = xs.pixel(bar.low), let right = xs.pixel(bar.high), let top = ys.pixel(bar.count),
                  top < baseline else { return nil }
            return SVGElement("rect", [
                "class": "bar", "x": SVGNumber.format(left), "y": SVGNumber.format(top),
                "width": SVGNumber.format(right - left), "height": SVGNumber.format(baseline - top),
            ])
        }
        return rects.isEmpty ? [] : [SVGElement.group([
            "class": "bars", "fill": Self.barColor.hex, "fill-opacity": "0.55",
            "stroke": Self.barColor.hex, "stroke-width": "0.6",
        ], rects)]
    }

    private func spanElements(_ xs: AxisScale, _ ys: AxisScale) -> [SVGElement] {
        spans.compactMap { span in
            guard let left = xs.pixel(span.range.lowerBound), let right = xs.pixel(span.range.upperBound) else { return nil }
            return SVGElement("rect", [
                "class": "span", "x": SVGNumber.format(left), "y": SVGNumber.format(ys.endPixel),
                "width": SVGNumber.format(max(right - left, 1)), "height": SVGNumber.format(ys.startPixel - ys.endPixel),
                "fill": "#E69F00", "fill-opacity": "0.14",
            ], children: [.element(SVGElement("title", text: span.label))])
        }
    }

    private func spanLabels(_ xs: AxisScale, _ ys: AxisScale, _ style: PlotStyle) -> [SVGElement] {
        spans.compactMap { span in
            guard let left = xs.pixel(span.range.lowerBound), let right = xs.pixel(span.range.upperBound) else { return nil }
            let size = style.annotationFont
            return SVGElement("text", [
                "class": "span-label", "x": SVGNumber.format((left + right) / 2), "y": SVGNumber.format(ys.endPixel + 2.6 * size),
                "text-anchor": "middle", "font-size": SVGNumber.format(size), "fill": "#8A5A00",
                "stroke": "white", "stroke-width": "3", "paint-order": "stroke", "stroke-linejoin": "round",
            ], text: span.label)
        }
    }

    private func densityElements(_ densities: [DensityCurve], _ xs: AxisScale, _ ys: AxisScale) -> [SVGElement] {
        densities.enumerated().flatMap { index, curve -> [SVGElement] in
            let points = pixelPoints(curve.x, curve.density, xs, ys)
            let color = color(of: index).hex
            // The fill closes each unbroken run down to the axis baseline.
            var fill = ""
            var run: [(x: Double, y: Double)] = []
            for point in points + [nil] {
                if let point { run.append(point); continue }
                if run.count >= 2 {
                    let outline = run + [(run.last!.x, ys.startPixel), (run[0].x, ys.startPixel)]
                    fill += (fill.isEmpty ? "" : " ") + SVGNumber.polyline(outline) + " Z"
                }
                run.removeAll()
            }
            var elements: [SVGElement] = []
            if !fill.isEmpty {
                elements.append(SVGElement("path", ["class": "density-fill", "d": fill, "fill": color, "fill-opacity": "0.25", "stroke": "none"]))
            }
            elements.append(SVGElement("path", [
                "class": "density", "d": SVGNumber.polyline(points), "fill": "none", "stroke": color, "stroke-width": "2",
            ], children: [.element(SVGElement("title", text: curve.name))]))
            return elements
        }
    }

    /// The line x = 0 when the data lie on both sides of it (not when 0 is only the padding's edge).
    private func zeroLine(_ values: [Double], _ xs: AxisScale, _ ys: AxisScale) -> [SVGElement] {
        guard values.contains(where: { $0 < 0 }), values.contains(where: { $0 > 0 }), let x = xs.pixel(0) else { return [] }
        return [SVGElement("path", [
            "class": "zero", "d": SVGNumber.polyline([(x, ys.startPixel), (x, ys.endPixel)]),
            "stroke": PlotColor.reference.hex, "stroke-width": "1", "stroke-dasharray": "3 3",
        ])]
    }
}
