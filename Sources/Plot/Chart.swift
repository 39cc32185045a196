/// A picture that draws itself into a rectangle of an SVG document.
///
/// Every chart of Plot conforms; ``svg(width:height:)`` writes it alone, ``Figure`` places several
/// side by side in one file.
public protocol Chart: Sendable {
    /// The chart drawn into `frame` as one `<g>` group with the sizes of `style`. `id` must be
    /// unique in the document; it prefixes the ids the chart defines (its clip path).
    func panel(in frame: PlotRect, id: String, style: PlotStyle) -> SVGElement
}

extension Chart {
    /// The chart drawn into `frame` with the style of a picture of the frame's size.
    public func panel(in frame: PlotRect, id: String) -> SVGElement {
        panel(in: frame, id: id, style: PlotStyle(figureWidth: frame.width, figureHeight: frame.height))
    }

    /// The chart alone as a standalone SVG document of the given size.
    public func svg(width: Double = 720, height: Double = 460) -> String {
        SVGDocument(width: width, height: height, elements: [
            panel(in: PlotRect(x: 0, y: 0, width: width, height: height), id: "chart"),
        ]).render()
    }
}

/// Several charts in one SVG, in a grid of `columns` columns, with an optional overall title:
/// loss and accuracy side by side, loss against epochs and against seconds, one scatter per
/// searched parameter.
public struct Figure: Sendable {
    /// The title above all panels; empty for none.
    public var title: String
    /// The panels, filled row by row.
    public var panels: [any Chart]
    /// How many panels per row.
    public var columns: Int
    /// Width of one panel in pixels.
    public var panelWidth: Double
    /// Height of one panel in pixels.
    public var panelHeight: Double

    /// Creates a figure; `columns` defaults to all panels on one row.
    public init(title: String = "", panels: [any Chart], columns: Int? = nil,
                panelWidth: Double = 520, panelHeight: Double = 400) {
        self.title = title
        self.panels = panels
        self.columns = max(1, columns ?? panels.count)
        self.panelWidth = panelWidth
        self.panelHeight = panelHeight
    }

    /// The figure as a standalone SVG document.
    public func svg() -> String {
        let rows = max(1, (panels.count + columns - 1) / columns)
        let usedColumns = min(columns, max(panels.count, 1))
        let width = Double(usedColumns) * panelWidth
        let style = PlotStyle(figureWidth: width, figureHeight: Double(rows) * panelHeight)
        let titleSize = min(16 * style.scale, (width - 12) / (0.62 * Double(max(title.count, 1))))
        let titleHeight = title.isEmpty ? 0.0 : titleSize * 2
        let height = titleHeight + Double(rows) * panelHeight
        var elements: [SVGElement] = []
        if !title.isEmpty {
            elements.append(SVGElement("text", [
                "x": SVGNumber.format(width / 2), "y": SVGNumber.format(titleSize * 1.4), "text-anchor": "middle",
                "font-size": SVGNumber.format(titleSize), "font-weight": "bold", "fill": PlotColor.ink.hex,
            ], text: title))
        }
        for (index, chart) in panels.enumerated() {
            let frame = PlotRect(x: Double(index % columns) * panelWidth,
                                 y: titleHeight + Double(index / columns) * panelHeight,
                                 width: panelWidth, height: panelHeight)
            elements.append(chart.panel(in: frame, id: "panel\(index)", style: style))
        }
        return SVGDocument(width: width, height: height, elements: elements).render()
    }
}
