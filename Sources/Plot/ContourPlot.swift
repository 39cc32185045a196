import Foundation

/// A named path across a contour plot, such as one optimizer's iterates.
public struct Trajectory: Sendable, Equatable {
    /// The legend name.
    public var name: String
    /// The x coordinates of the points, in order.
    public var x: [Double]
    /// The y coordinates of the points, in order.
    public var y: [Double]
    /// The colour; `nil` takes the palette colour of the trajectory's position.
    public var color: PlotColor?

    /// Creates a trajectory. Non-finite points (a divergence) end the drawn line there.
    public init(name: String, x: [Double], y: [Double], color: PlotColor? = nil) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
    }
}

/// A labelled point on a plot: the start of the runs, a known minimum.
public struct PointMarker: Sendable, Equatable {
    /// How a marker is drawn.
    public enum Shape: Sendable, Equatable {
        /// A filled circle with a white ring (a start).
        case circle
        /// A five-pointed star (a known minimum).
        case star
        /// An × (a saddle or other critical point).
        case cross
    }

    /// The x coordinate.
    public var x: Double
    /// The y coordinate.
    public var y: Double
    /// The label written beside it; empty for none.
    public var label: String
    /// The symbol drawn.
    public var shape: Shape

    /// Creates a marker.
    public init(x: Double, y: Double, label: String, shape: Shape = .circle) {
        self.x = x
        self.y = y
        self.label = label
        self.shape = shape
    }

    /// The marker's symbol centred at a pixel position.
    func symbol(at px: Double, _ py: Double, color: PlotColor = .ink) -> SVGElement {
        switch shape {
        case .circle:
            return SVGElement("circle", [
                "class": "marker", "cx": SVGNumber.format(px), "cy": SVGNumber.format(py), "r": "5",
                "fill": color.hex, "stroke": "white", "stroke-width": "1.5",
            ])
        case .star:
            let points: [(x: Double, y: Double)?] = (0..<10).map { k in
                let radius = k.isMultiple(of: 2) ? 8.0 : 3.5
                let angle = Double.pi / 2 + Double(k) * Double.pi / 5
                return (px + radius * cos(angle), py - radius * sin(angle))
            }
            return SVGElement("path", [
                "class": "marker", "d": SVGNumber.polyline(points) + " Z",
                "fill": color.hex, "stroke": "white", "stroke-width": "1",
            ])
        case .cross:
            let d = SVGNumber.polyline([(px - 5, py - 5), (px + 5, py + 5), nil, (px - 5, py + 5), (px + 5, py - 5)])
            return SVGElement("path", ["class": "marker", "d": d, "stroke": color.hex, "stroke-width": "2.5"])
        }
    }
}

/// Contour lines of a function sampled on a grid, with optimizer paths and marked points on top:
/// the lecture's pictures of descent in a valley.
///
/// ```swift
/// let xs = (0...80).map { -2 + 4 * Double($0) / 80 }, ys = (0...60).map { -1 + 4 * Double($0) / 60 }
/// let values = ys.map { y in xs.map { x in (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x) } }
/// let plot = ContourPlot(title: "Rosenbrock", x: xs, y: ys, values: values,
///     levels: ContourLevels.logSpaced(covering: values, count: 15),
///     trajectories: [Trajectory(name: "sgd", x: pathX, y: pathY)],
///     markers: [PointMarker(x: -1.2, y: 1, label: "start"),
///               PointMarker(x: 1, y: 1, label: "minimum", shape: .star)])
/// let svg = plot.svg(width: 640, height: 560)
/// ```
public struct ContourPlot: Chart {
    /// The title above the plot; empty for none.
    public var title: String
    /// The x axis label.
    public var xLabel: String
    /// The y axis label.
    public var yLabel: String
    /// Grid x values, increasing.
    public var x: [Double]
    /// Grid y values, increasing.
    public var y: [Double]
    /// `values[j][i]` is the function at `(x[i], y[j])`.
    public var values: [[Double]]
    /// The levels drawn, one `<path class="contour">` each.
    public var levels: [Double]
    /// The paths drawn over the contours, one `<path class="trajectory">` and legend entry each.
    public var trajectories: [Trajectory]
    /// Labelled points drawn on top.
    public var markers: [PointMarker]

    /// Creates a contour plot.
    public init(title: String = "", xLabel: String = "x", yLabel: String = "y",
                x: [Double], y: [Double], values: [[Double]], levels: [Double],
                trajectories: [Trajectory] = [], markers: [PointMarker] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.x = x
        self.y = y
        self.values = values
        self.levels = levels
        self.trajectories = trajectories
        self.markers = markers
    }

    /// The look of trajectory `index`: colour, dash pattern, end-marker shape, width.
    func look(_ index: Int, _ style: PlotStyle) -> SeriesLook {
        SeriesLook.of(index, count: trajectories.count, style: style, color: trajectories[index].color)
    }

    /// See ``Chart/panel(in:id:style:)``.
    public func panel(in frame: PlotRect, id: String, style: PlotStyle) -> SVGElement {
        let finiteX = x.filter(\.isFinite), finiteY = y.filter(\.isFinite)
        let twins = IdenticalSeries.twins(trajectories.map { item in zip(item.x, item.y).map { (x: $0, y: $1) } })
        let panel = CartesianPanel(
            style: style, title: title,
            xAxis: Axis(kind: .linear, domain: (finiteX.min() ?? 0)...(finiteX.max() ?? 1), label: xLabel),
            yAxis: Axis(kind: .linear, domain: (finiteY.min() ?? 0)...(finiteY.max() ?? 1), label: yLabel),
            legend: trajectories.enumerated().map { index, item in
                LegendEntry(name: twins[index].map { "\(item.name) (identical to \(trajectories[$0].name))" } ?? item.name,
                            swatch: .series(look(index, style)))
            },
            content: { xs, ys in contourElements(xs, ys, style) + trajectoryElements(xs, ys, style) },
            overlay: { xs, ys in markerElements(xs, ys, style) },
            occupied: { xs, ys in
                trajectories.flatMap { PolylineSampling.sample(pixelPoints($0.x, $0.y, xs, ys)) }
                    + markers.compactMap { marker in
                        guard let px = xs.pixel(marker.x), let py = ys.pixel(marker.y) else { return nil }
                        return (px, py)
                    }
            })
        return panel.render(in: frame, id: id)
    }

    /// One `<path class="contour">` per level, each contour line a polyline (closed ones with Z).
    private func contourElements(_ xs: AxisScale, _ ys: AxisScale, _ style: PlotStyle) -> [SVGElement] {
        let sorted = levels.filter(\.isFinite).sorted()
        return sorted.enumerated().compactMap { rank, level in
            // A closed loop inside about one grid cell is below the grid's resolution (a narrow
            // valley sampled coarsely leaves such specks beyond a contour's tip): not drawn.
            let paths = MarchingSquares.paths(x: x, y: y, values: values, level: level).filter { !isSpeck($0) }
            let data = paths.map { path -> String in
                let points = path.points.map { point in
                    xs.pixel(point.x).flatMap { px in ys.pixel(point.y).map { (x: px, y: $0) } }
                }
                let line = SVGNumber.polyline(points)
                return path.isClosed && !points.contains(where: { $0 == nil }) && !line.isEmpty ? line + " Z" : line
            }.filter { !$0.isEmpty }.joined(separator: " ")
            guard !data.isEmpty else { return nil }
            // Low levels dark, high levels light: the eye finds the valley floor.
            let shade = sorted.count > 1 ? Double(rank) / Double(sorted.count - 1) : 0
            let grey = Int(120 + 95 * shade)
            let hex = "#" + String(repeating: String(grey, radix: 16, uppercase: true), count: 3)
            return SVGElement("path", [
                "class": "contour", "d": data, "fill": "none", "stroke": hex,
                "stroke-width": SVGNumber.format(0.8 * style.scale), "stroke-linejoin": "round",
            ], children: [.element(SVGElement("title", text: "level \(level)"))])
        }
    }

    /// Whether `path` is a closed loop spanning less than 1.5 grid cells each way.
    private func isSpeck(_ path: ContourPath) -> Bool {
        guard path.isClosed, x.count > 1, y.count > 1 else { return false }
        let cellX = abs(x[x.count - 1] - x[0]) / Double(x.count - 1), cellY = abs(y[y.count - 1] - y[0]) / Double(y.count - 1)
        let xs = path.points.map(\.x), ys = path.points.map(\.y)
        return (xs.max()! - xs.min()!) < 1.5 * cellX && (ys.max()! - ys.min()!) < 1.5 * cellY
    }

    /// Each path in its look, earlier ones wider, with an open circle at its start and its marker
    /// shape at its end (the last drawable point).
    private func trajectoryElements(_ xs: AxisScale, _ ys: AxisScale, _ style: PlotStyle) -> [SVGElement] {
        trajectories.enumerated().map { index, trajectory -> SVGElement in
            let points = pixelPoints(trajectory.x, trajectory.y, xs, ys)
            let look = look(index, style)
            var path = SVGElement("path", [
                "class": "trajectory", "d": SVGNumber.polyline(points), "fill": "none", "stroke": look.color.hex,
                "stroke-width": SVGNumber.format(look.width), "stroke-linejoin": "round",
            ], children: [.element(SVGElement("title", text: trajectory.name))])
            if let dash = look.line.dashArray { path.set("stroke-dasharray", dash) }
            var elements = [path]
            let drawn = points.prefix { $0 != nil }.compactMap { $0 }
            if drawn.count <= 60 {
                for point in drawn.dropFirst().dropLast() {
                    elements.append(SVGElement("circle", [
                        "class": "step", "cx": SVGNumber.format(point.x), "cy": SVGNumber.format(point.y),
                        "r": SVGNumber.format(1.6 * style.scale), "fill": look.color.hex,
                    ]))
                }
            }
            let radius = style.markerRadius * (1.5 - 0.5 * Double(index) / Double(max(trajectories.count - 1, 1)))
            if let first = drawn.first {
                elements.append(SVGElement("circle", [
                    "class": "trajectory-start", "cx": SVGNumber.format(first.x), "cy": SVGNumber.format(first.y),
                    "r": SVGNumber.format(radius), "fill": "white", "stroke": look.color.hex, "stroke-width": "2",
                ], children: [.element(SVGElement("title", text: trajectory.name + ": start"))]))
            }
            if let last = drawn.last, drawn.count > 1 {
                var end = look.marker.element(x: last.x, y: last.y, r: radius * 1.2, color: look.color)
                end.set("class", "trajectory-end")
                end.append(SVGElement("title", text: trajectory.name + ": end"))
                elements.append(end)
            }
            return SVGElement.group(["class": "trajectory-group"], elements)
        }
    }

    private func markerElements(_ xs: AxisScale, _ ys: AxisScale, _ style: PlotStyle) -> [SVGElement] {
        let area = PlotRect(x: xs.startPixel, y: ys.endPixel, width: xs.endPixel - xs.startPixel, height: ys.startPixel - ys.endPixel)
        var placer = LabelPlacer(area: area)
        let size = style.annotationFont * 1.05
        return markers.compactMap { marker -> SVGElement? in
            guard let px = xs.pixel(marker.x), let py = ys.pixel(marker.y),
                  px >= xs.startPixel - 1, px <= xs.endPixel + 1, py <= ys.startPixel + 1, py >= ys.endPixel - 1
            else { return nil }
            var group = SVGElement.group(["class": "point-marker"], [marker.symbol(at: px, py)])
            let gap = 9 * style.scale
            if !marker.label.isEmpty, let spot = placer.place(marker.label, fontSize: size, candidates: [
                (px + gap, py - gap * 0.8, "start"), (px - gap, py - gap * 0.8, "end"),
                (px + gap, py + gap + size * 0.6, "start"), (px - gap, py + gap + size * 0.6, "end"),
                (px, py - gap * 1.2, "middle"), (px, py + gap * 1.2 + size * 0.7, "middle"),
            ]) {
                group.append(SVGElement("text", [
                    "x": SVGNumber.format(spot.x), "y": SVGNumber.format(spot.y),
                    "text-anchor": spot.anchor, "font-size": SVGNumber.format(size), "fill": PlotColor.ink.hex,
                    "stroke": "white", "stroke-width": "3", "paint-order": "stroke", "stroke-linejoin": "round",
                ], text: marker.label))
            }
            return group
        }
    }
}
