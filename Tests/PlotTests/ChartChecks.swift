import Foundation

/// Geometric checks of a rendered chart, read back from its SVG: text boxes that overlap, series
/// points outside their plot area or on its frame, legend entries whose series no pixel shows.
struct ChartChecks {
    let elements: [ParsedElement]

    /// The estimated box of every `<text>` (0.6 em per character, 0.8 em ascent, 0.25 em descent;
    /// a label rotated by −90° stands on its end), with its text.
    var textBoxes: [(text: String, box: Box)] {
        elements.compactMap { element in
            guard element.name == "text", let x = number(element, "x"), let y = number(element, "y"),
                  let size = number(element, "font-size") else { return nil }
            let width = Double(element.text.count) * size * 0.6
            let anchor = element.attributes["text-anchor"] ?? "start"
            let shift = anchor == "middle" ? width / 2 : (anchor == "end" ? width : 0)
            if element.attributes["transform"]?.hasPrefix("rotate(-90") == true {
                return (element.text, Box(minX: x - 0.8 * size, minY: y - width + shift, maxX: x + 0.25 * size, maxY: y + shift))
            }
            return (element.text, Box(minX: x - shift, minY: y - 0.8 * size, maxX: x - shift + width, maxY: y + 0.25 * size))
        }
    }

    /// Pairs of texts whose boxes overlap.
    var overlappingTexts: [(String, String)] {
        let boxes = textBoxes
        var pairs: [(String, String)] = []
        for i in boxes.indices {
            for j in boxes.indices where j > i && boxes[i].box.overlaps(boxes[j].box) {
                pairs.append((boxes[i].text, boxes[j].text))
            }
        }
        return pairs
    }

    /// Each panel's plot area: the rectangle of its clip path.
    func plotArea(of index: Int) -> Box? {
        var panel: Int? = index
        while let current = panel, elements[current].attributes["class"] != "panel" { panel = elements[current].parent }
        guard let panel else { return nil }
        let clip = elements.indices.first { isInside($0, panel) && elements[$0].name == "clipPath" }
        guard let clip, let rect = elements.indices.first(where: { elements[$0].parent == clip }) else { return nil }
        let r = elements[rect]
        guard let x = number(r, "x"), let y = number(r, "y"), let w = number(r, "width"), let h = number(r, "height") else { return nil }
        return Box(minX: x, minY: y, maxX: x + w, maxY: y + h)
    }

    /// The data points of every drawn series (line vertices, markers, scatter points, trajectory
    /// vertices) that are not strictly inside their plot area by at least `margin` pixels.
    func pointsOffArea(margin: Double = 1) -> [String] {
        let seriesClasses: Set = ["series", "series-marker", "trajectory", "trajectory-start", "trajectory-end", "density"]
        var offending: [String] = []
        for index in elements.indices {
            let element = elements[index]
            let inScatter = element.parent.map { elements[$0].attributes["class"] == "scatter-series" } ?? false
            guard seriesClasses.contains(element.attributes["class"] ?? "") || (inScatter && element.name == "circle"),
                  !isInLegend(index), let area = plotArea(of: index) else { continue }
            let inner = Box(minX: area.minX + margin, minY: area.minY + margin, maxX: area.maxX - margin, maxY: area.maxY - margin)
            for point in vertices(element) where !inner.contains(point) {
                offending.append("\(element.attributes["class"] ?? element.name) at (\(point.x), \(point.y)) outside \(area)")
            }
        }
        return offending
    }

    /// The names of legend entries whose series shows no pixel: the series (`series-group`,
    /// `scatter-series`, `trajectory-group`, in legend order) are rasterized on a 1-px grid in
    /// drawing order, strokes to half their width and markers to their radius, each cell owned by
    /// the last series covering it; an entry whose series owns no cell is hidden.
    var hiddenLegendEntries: [String] {
        let groups = elements.indices.filter { ["series-group", "scatter-series", "trajectory-group"].contains(elements[$0].attributes["class"] ?? "") }
        let entries = elements.indices.filter { elements[$0].attributes["class"] == "legend-entry" }
        let names = entries.map { entry in elements.indices.first { elements[$0].parent == entry && elements[$0].name == "text" }.map { elements[$0].text } ?? "?" }
        var owner: [Int: Int] = [:]   // cell key → group rank
        for (rank, group) in groups.enumerated() {
            for index in elements.indices where isInside(index, group) {
                for cell in cells(of: elements[index], strokeWidth: number(elements[index], "stroke-width") ?? 1) { owner[cell] = rank }
            }
        }
        var counts = [Int](repeating: 0, count: groups.count)
        for rank in owner.values { counts[rank] += 1 }
        // Panels list their entries in series order; match them panel by panel through the count.
        return zip(names, counts).filter { $0.1 == 0 }.map(\.0) + (names.count > groups.count ? ["legend has \(names.count) entries for \(groups.count) series"] : [])
    }

    // MARK: Helpers

    struct Box: CustomStringConvertible {
        var minX, minY, maxX, maxY: Double
        func overlaps(_ other: Box) -> Bool { minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY }
        func contains(_ p: (x: Double, y: Double)) -> Bool { p.x > minX && p.x < maxX && p.y > minY && p.y < maxY }
        var description: String { "[\(minX), \(maxX)]×[\(minY), \(maxY)]" }
    }

    func number(_ element: ParsedElement, _ name: String) -> Double? { element.attributes[name].flatMap(Double.init) }

    func isInside(_ index: Int, _ ancestor: Int) -> Bool {
        var current = elements[index].parent
        while let c = current { if c == ancestor { return true }; current = elements[c].parent }
        return false
    }

    func isInLegend(_ index: Int) -> Bool {
        var current: Int? = index
        while let c = current { if elements[c].attributes["class"] == "legend" { return true }; current = elements[c].parent }
        return false
    }

    /// The points of a path's data (M/L pairs), or a circle's centre.
    func vertices(_ element: ParsedElement) -> [(x: Double, y: Double)] {
        if element.name == "circle", let x = number(element, "cx"), let y = number(element, "cy") { return [(x, y)] }
        guard let d = element.attributes["d"] else { return [] }
        return polylines(d).flatMap { $0 }
    }

    /// The subpaths of path data written as `M x y L x y … [Z]`.
    func polylines(_ d: String) -> [[(x: Double, y: Double)]] {
        var result: [[(x: Double, y: Double)]] = []
        let tokens = d.split(separator: " ")
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            if token == "M" || token == "L", i + 2 < tokens.count, let x = Double(tokens[i + 1]), let y = Double(tokens[i + 2]) {
                if token == "M" { result.append([]) }
                result[result.count - 1].append((x, y))
                i += 3
            } else if token.hasPrefix("M") || token.hasPrefix("L"), let x = Double(token.dropFirst()), i + 1 < tokens.count, let y = Double(tokens[i + 1]) {
                if token.hasPrefix("M") || result.isEmpty { result.append([]) }
                result[result.count - 1].append((x, y))
                i += 2
            } else {
                i += 1
            }
        }
        return result
    }

    /// The 1-px cells an element covers: a stroked path to half its width, a filled marker path or
    /// circle to its radius.
    func cells(of element: ParsedElement, strokeWidth: Double) -> Set<Int> {
        var covered = Set<Int>()
        func disc(_ cx: Double, _ cy: Double, _ r: Double) {
            for x in Int((cx - r).rounded(.down))...Int((cx + r).rounded(.up)) {
                for y in Int((cy - r).rounded(.down))...Int((cy + r).rounded(.up)) {
                    let dx = Double(x) + 0.5 - cx, dy = Double(y) + 0.5 - cy
                    if dx * dx + dy * dy <= r * r { covered.insert(x * 100_000 + y) }
                }
            }
        }
        if element.name == "circle", let cx = number(element, "cx"), let cy = number(element, "cy"), let r = number(element, "r") {
            disc(cx, cy, r)
            return covered
        }
        guard let d = element.attributes["d"] else { return covered }
        let isMarker = element.attributes["fill"].map { $0 != "none" } ?? false
        for line in polylines(d) {
            if isMarker, !line.isEmpty {
                let n = Double(line.count)
                let cx: Double = line.map(\.x).reduce(0, +) / n
                let cy: Double = line.map(\.y).reduce(0, +) / n
                let distances: [Double] = line.map { p -> Double in
                    let dx = p.x - cx, dy = p.y - cy
                    return (dx * dx + dy * dy).squareRoot()
                }
                let r = distances.min() ?? 0
                disc(cx, cy, r * 0.8)
                continue
            }
            for (a, b) in zip(line, line.dropFirst()) {
                let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                let steps = max(1, Int(length / 0.5))
                for k in 0...steps {
                    let t = Double(k) / Double(steps)
                    disc(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y), strokeWidth / 2)
                }
            }
        }
        return covered
    }
}
