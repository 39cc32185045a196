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

    /// Creates a histogram.
    public init(title: String = "", xLabel: String = "", yLabel: String = "count",
                bins: HistogramBins = HistogramBins(edges: [], counts: []), barsName: String = "",
                logCounts: Bool = false, densities: [DensityCurve] = []) {
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

    /// See ``Chart/panel(in:id:)``.
    public func panel(in frame: PlotRect, id: String) -> SVGElement {
        let bars = drawableBars
        var xValues = bars.flatMap { [$0.low, $0.high] }
        var yValues = bars.map(\.count)
        for curve in densities {
            let count = min(curve.x.count, curve.density.count)
            xValues += curve.x.prefix(count)
            yValues += curve.density.prefix(count)
        }
        if !logCounts { yValues.append(0) }
        var legend: [LegendEntry] = barsName.isEmpty ? [] : [LegendEntry(name: barsName, swatch: .fill(Self.barColor))]
        legend += densities.enumerated().map { LegendEntry(name: $1.name, swatch: .fill(color(of: $0))) }
        let panel = CartesianPanel(
            title: title,
            xAxis: Axis(kind: .linear, covering: xValues, label: xLabel),
            yAxis: Axis(kind: logCounts ? .logarithmic : .linear, covering: yValues, label: yLabel),
            legend: legend,
            content: { xs, ys in barElements(bars, xs, ys) + densityElements(xs, ys) + zeroLine(xs, ys) },
            occupied: { xs, ys in
                var points: [(x: Double, y: Double)] = []
                for bar in bars {
                    guard let left = xs.pixel(bar.low), let right = xs.pixel(bar.high), let top = ys.pixel(bar.count) else { continue }
                    let bottom = ys.startPixel
                    var y = top
                    while y <= bottom { points.append((left, y)); points.append((right, y)); points.append(((left + right) / 2, y)); y += 8 }
                }
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

    private func densityElements(_ xs: AxisScale, _ ys: AxisScale) -> [SVGElement] {
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

    /// A vertical line at x = 0 when zero lies strictly inside the x domain (a signed spectrum).
    private func zeroLine(_ xs: AxisScale, _ ys: AxisScale) -> [SVGElement] {
        guard xs.domain.lowerBound < 0, xs.domain.upperBound > 0, let x = xs.pixel(0) else { return [] }
        return [SVGElement("path", [
            "class": "zero", "d": SVGNumber.polyline([(x, ys.startPixel), (x, ys.endPixel)]),
            "stroke": PlotColor.reference.hex, "stroke-width": "1", "stroke-dasharray": "3 3",
        ])]
    }
}
