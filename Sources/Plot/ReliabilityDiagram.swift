/// One model's reliability curve: per non-empty confidence bin, the rows' mean confidence and the
/// fraction of them predicted right.
public struct ReliabilityCurve: Sendable, Equatable {
    /// The legend name.
    public var name: String
    /// Mean top-class confidence of each bin's rows, in [0, 1].
    public var confidence: [Double]
    /// Fraction of each bin's rows predicted right, in [0, 1].
    public var accuracy: [Double]
    /// The colour; `nil` takes the palette colour of the curve's position.
    public var color: PlotColor?

    /// Creates a curve; points with a non-finite coordinate are skipped.
    public init(name: String, confidence: [Double], accuracy: [Double], color: PlotColor? = nil) {
        self.name = name
        self.confidence = confidence
        self.accuracy = accuracy
        self.color = color
    }
}

/// A reliability diagram (DeGroot & Fienberg 1983; Guo et al. 2017): accuracy against confidence,
/// both on [0, 1], with the diagonal accuracy = confidence drawn as a labelled reference. A point
/// below the diagonal is an over-confident bin, above it an under-confident one. Each curve has a
/// marker at every bin (the bins are few, and each is a measurement), joined by a line.
///
/// ```swift
/// let diagram = ReliabilityDiagram(title: "Reliability (ECE 0.031)",
///     curves: [ReliabilityCurve(name: "model", confidence: [0.55, 0.75, 0.95], accuracy: [0.5, 0.7, 0.97])])
/// let svg = diagram.svg()
/// ```
public struct ReliabilityDiagram: Chart {
    /// The title above the plot; empty for none.
    public var title: String
    /// The x axis label.
    public var xLabel: String
    /// The y axis label.
    public var yLabel: String
    /// The curves, one legend entry each (no legend for one).
    public var curves: [ReliabilityCurve]
    /// The label of the diagonal.
    public var diagonalLabel: String

    /// Creates a diagram.
    public init(title: String = "", xLabel: String = "mean confidence of the bin's rows", yLabel: String = "accuracy of the bin's rows",
                curves: [ReliabilityCurve], diagonalLabel: String = "perfect calibration") {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.curves = curves
        self.diagonalLabel = diagonalLabel
    }

    func look(_ index: Int, _ style: PlotStyle) -> SeriesLook {
        SeriesLook.of(index, count: curves.count, style: style, color: curves[index].color, line: .solid)
    }

    /// See ``Chart/panel(in:id:style:)``.
    public func panel(in frame: PlotRect, id: String, style: PlotStyle) -> SVGElement {
        let legend = curves.count < 2 ? [] : curves.indices.map { LegendEntry(name: curves[$0].name, swatch: .series(look($0, style))) }
        let panel = CartesianPanel(
            style: style, title: title,
            xAxis: Axis(kind: .linear, covering: [], label: xLabel, padding: 0.04, bounds: 0...1),
            yAxis: Axis(kind: .linear, covering: [], label: yLabel, padding: 0.04, bounds: 0...1),
            legend: legend,
            content: { xs, ys in [diagonal(xs, ys, style)] + curveElements(xs, ys, style) },
            overlay: { xs, ys in diagonalLabelElement(xs, ys, style) },
            occupied: { xs, ys in
                curves.flatMap { PolylineSampling.sample(points($0, xs, ys)) }
                    + PolylineSampling.sample([ends(xs, ys).0, ends(xs, ys).1])
            })
        return panel.render(in: frame, id: id)
    }

    /// The curve's points in pixels.
    func points(_ curve: ReliabilityCurve, _ xs: AxisScale, _ ys: AxisScale) -> [(x: Double, y: Double)] {
        zip(curve.confidence, curve.accuracy).compactMap { x, y in
            guard let px = xs.pixel(x), let py = ys.pixel(y) else { return nil }
            return (px, py)
        }
    }

    /// The diagonal's ends, (0, 0) and (1, 1), in pixels.
    func ends(_ xs: AxisScale, _ ys: AxisScale) -> ((x: Double, y: Double), (x: Double, y: Double)) {
        ((xs.pixel(0) ?? xs.startPixel, ys.pixel(0) ?? ys.startPixel), (xs.pixel(1) ?? xs.endPixel, ys.pixel(1) ?? ys.endPixel))
    }

    private func diagonal(_ xs: AxisScale, _ ys: AxisScale, _ style: PlotStyle) -> SVGElement {
        let (start, end) = ends(xs, ys)
        return SVGElement("path", [
            "class": "diagonal", "d": SVGNumber.polyline([start, end]), "stroke": PlotColor.reference.hex,
            "stroke-width": SVGNumber.format(1.4 * style.scale), "stroke-dasharray": "5 3", "fill": "none",
        ], children: [.element(SVGElement("title", text: diagonalLabel))])
    }

    private func curveElements(_ xs: AxisScale, _ ys: AxisScale, _ style: PlotStyle) -> [SVGElement] {
        curves.indices.map { index in
            let look = look(index, style)
            let pixels = points(curves[index], xs, ys)
            var path = SVGElement("path", [
                "class": "series", "d": SVGNumber.polyline(pixels), "fill": "none", "stroke": look.color.hex,
                "stroke-width": SVGNumber.format(look.width), "stroke-linejoin": "round",
            ])
            path.append(SVGElement("title", text: curves[index].name))
            let markers = pixels.map { look.marker.element(x: $0.x, y: $0.y, r: style.markerRadius * 1.2, color: look.color) }
            return SVGElement.group(["class": "series-group"], [path] + markers)
        }
    }

    /// The diagonal's label, beside the lower-left part of the line (where confidences below
    /// 1/classes leave the diagram empty), at the first spot that covers no curve point.
    private func diagonalLabelElement(_ xs: AxisScale, _ ys: AxisScale, _ style: PlotStyle) -> [SVGElement] {
        guard !diagonalLabel.isEmpty else { return [] }
        let size = style.annotationFont
        let (start, end) = ends(xs, ys)
        let taken = curves.flatMap { PolylineSampling.sample(points($0, xs, ys)) }
        var candidates: [(x: Double, y: Double, anchor: String)] = []
        for t in [0.3, 0.2, 0.45, 0.6, 0.75] {
            let x = start.x + t * (end.x - start.x), y = start.y + t * (end.y - start.y)
            candidates += [(x + 6, y + size + 2, "start"), (x - 6, y - 6, "end")]
        }
        let free = candidates.filter { candidate in
            let box = TextBox(text: diagonalLabel, x: candidate.x, y: candidate.y, fontSize: size, anchor: candidate.anchor).rect
            return !taken.contains { box.insetBy(-4).contains($0) }
        }
        let area = PlotRect(x: xs.startPixel, y: ys.endPixel, width: xs.endPixel - xs.startPixel, height: ys.startPixel - ys.endPixel)
        var placer = LabelPlacer(area: area)
        guard let spot = placer.place(diagonalLabel, fontSize: size, candidates: free.isEmpty ? candidates : free) else { return [] }
        return [SVGElement("text", [
            "class": "reference-label", "x": SVGNumber.format(spot.x), "y": SVGNumber.format(spot.y),
            "text-anchor": spot.anchor, "font-size": SVGNumber.format(size), "fill": PlotColor.reference.hex,
            "stroke": "white", "stroke-width": "3", "paint-order": "stroke", "stroke-linejoin": "round",
        ], text: diagonalLabel)]
    }
}
