/// The estimated box of a `<text>` element: from its x, y (baseline), font size, anchor and
/// character count (``TextMetrics``), the ascent 0.8 em above the baseline and 0.25 em below.
struct TextBox {
    /// The box in pixels.
    var rect: PlotRect

    /// The box of a label of `text` at `(x, y)` (baseline) with the given anchor.
    init(text: String, x: Double, y: Double, fontSize: Double, anchor: String) {
        let width = TextMetrics.width(text, fontSize: fontSize)
        let left = anchor == "middle" ? x - width / 2 : (anchor == "end" ? x - width : x)
        rect = PlotRect(x: left, y: y - 0.8 * fontSize, width: width, height: 1.05 * fontSize)
    }

    /// The boxes of every unrotated `<text>` in `element` and its descendants.
    static func all(in element: SVGElement) -> [TextBox] {
        var boxes: [TextBox] = []
        if element.name == "text", element.attribute("transform") == nil,
           let x = element.attribute("x").flatMap(Double.init), let y = element.attribute("y").flatMap(Double.init),
           let size = element.attribute("font-size").flatMap(Double.init) {
            let text = element.children.compactMap { node -> String? in
                if case .text(let string) = node { return string }
                return nil
            }.joined()
            boxes.append(TextBox(text: text, x: x, y: y, fontSize: size, anchor: element.attribute("text-anchor") ?? "start"))
        }
        for case .element(let child) in element.children { boxes += all(in: child) }
        return boxes
    }

    /// Points over the box every 6 px, for keeping a legend off it.
    var samplePoints: [(x: Double, y: Double)] {
        var points: [(x: Double, y: Double)] = []
        var y = rect.y
        while y <= rect.maxY + 3 {
            var x = rect.x
            while x <= rect.maxX + 3 { points.append((x, min(y, rect.maxY))); x += 6 }
            y += 6
        }
        return points
    }

    /// Whether two boxes overlap (touching edges do not).
    func overlaps(_ other: TextBox) -> Bool {
        rect.x < other.rect.maxX && other.rect.x < rect.maxX && rect.y < other.rect.maxY && other.rect.y < rect.maxY
    }
}

/// Places labels one after another at the first candidate position whose box stays inside the
/// plot area and overlaps no label placed before (the first candidate when none is free).
struct LabelPlacer {
    /// Where labels may go.
    var area: PlotRect
    /// The boxes taken so far.
    private(set) var placed: [TextBox] = []

    /// Creates a placer for `area`.
    init(area: PlotRect) { self.area = area }

    /// The position and anchor chosen for `text` among `candidates`; the box is then taken.
    mutating func place(_ text: String, fontSize: Double,
                        candidates: [(x: Double, y: Double, anchor: String)]) -> (x: Double, y: Double, anchor: String)? {
        guard let first = candidates.first else { return nil }
        let inner = area.insetBy(1)
        let chosen = candidates.first { candidate in
            let box = TextBox(text: text, x: candidate.x, y: candidate.y, fontSize: fontSize, anchor: candidate.anchor)
            return inner.contains((box.rect.x, box.rect.y)) && inner.contains((box.rect.maxX, box.rect.maxY))
                && !placed.contains { $0.overlaps(box) }
        } ?? first
        placed.append(TextBox(text: text, x: chosen.x, y: chosen.y, fontSize: fontSize, anchor: chosen.anchor))
        return chosen
    }
}

extension SVGElement {
    /// The value of attribute `name`, if set.
    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}
