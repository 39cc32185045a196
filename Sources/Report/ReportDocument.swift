import Foundation
import Plot

/// One piece of a report section.
public enum ReportBlock: Sendable, Equatable {
    /// A paragraph of text.
    case paragraph(String)
    /// Name–value rows (the configuration of a run).
    case facts([ReportFact])
    /// A table with a header row; `numeric` columns are right-aligned.
    case table(header: [String], rows: [[String]], numeric: Set<Int>)
    /// An inline SVG picture with a caption; `svg` is a whole SVG document as Plot writes it.
    case figure(svg: String, caption: String)
    /// A confusion matrix: rows the true class, columns the predicted one, cells shaded by their
    /// share of the row.
    case confusion(classes: [String], counts: [[Int]], caption: String)
}

/// One name and value of a ``ReportBlock/facts(_:)`` list.
public struct ReportFact: Sendable, Equatable {
    /// The name.
    public var name: String
    /// The value.
    public var value: String

    /// Creates a fact.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A titled part of the page.
public struct ReportSection: Sendable, Equatable {
    /// The heading.
    public var title: String
    /// The content, in order.
    public var blocks: [ReportBlock]

    /// Creates a section.
    public init(title: String, blocks: [ReportBlock]) {
        self.title = title
        self.blocks = blocks
    }
}

/// A self-contained HTML page: inline CSS and SVG, no script, no external resource, so it opens
/// from a file, mails as one attachment and reads the same offline.
///
/// Text is escaped once when written; SVG documents produced by Plot are inserted without their
/// XML declaration (HTML parses inline `<svg>` as foreign content).
public struct ReportDocument: Sendable, Equatable {
    /// The page title and first heading.
    public var title: String
    /// A line under the title (what was read, when).
    public var subtitle: String
    /// The sections, in order.
    public var sections: [ReportSection]
    /// Seconds between reloads while a run is in progress (a `<meta http-equiv="refresh">`, no
    /// script); nil for a finished report.
    public var refreshSeconds: Int?

    /// Creates a document.
    public init(title: String, subtitle: String = "", sections: [ReportSection], refreshSeconds: Int? = nil) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
        self.refreshSeconds = refreshSeconds
    }

    /// The number of figures (inline SVG pictures) the page holds.
    public var figureCount: Int {
        sections.reduce(0) { count, section in
            count + section.blocks.filter { if case .figure = $0 { true } else { false } }.count
        }
    }

    /// The page as HTML5.
    public func html() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        if let refreshSeconds { out += "<meta http-equiv=\"refresh\" content=\"\(max(1, refreshSeconds))\">\n" }
        out += "<title>\(Self.escape(title))</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n<main>\n"
        out += "<h1>\(Self.escape(title))</h1>\n"
        if !subtitle.isEmpty { out += "<p class=\"subtitle\">\(Self.escape(subtitle))</p>\n" }
        if sections.count > 1 {
            out += "<nav><ul>\n" + sections.enumerated().map { "<li><a href=\"#s\($0.offset + 1)\">\(Self.escape($0.element.title))</a></li>" }
                .joined(separator: "\n") + "\n</ul></nav>\n"
        }
        for (index, section) in sections.enumerated() {
            out += "<section id=\"s\(index + 1)\">\n<h2>\(Self.escape(section.title))</h2>\n"
            for block in section.blocks { out += Self.html(block) }
            out += "</section>\n"
        }
        return out + "</main>\n</body>\n</html>\n"
    }

    static func html(_ block: ReportBlock) -> String {
        switch block {
        case .paragraph(let text):
            return "<p>\(escape(text))</p>\n"
        case .facts(let facts):
            return "<dl class=\"facts\">\n" + facts.map { "<dt>\(escape($0.name))</dt><dd>\(escape($0.value))</dd>" }.joined(separator: "\n") + "\n</dl>\n"
        case let .table(header, rows, numeric):
            func cells(_ row: [String], tag: String) -> String {
                row.enumerated().map { "<\(tag)\(numeric.contains($0.offset) ? " class=\"num\"" : "")>\(escape($0.element))</\(tag)>" }.joined()
            }
            return "<div class=\"scroll\"><table>\n<thead><tr>\(cells(header, tag: "th"))</tr></thead>\n<tbody>\n"
                + rows.map { "<tr>\(cells($0, tag: "td"))</tr>" }.joined(separator: "\n") + "\n</tbody>\n</table></div>\n"
        case let .figure(svg, caption):
            return "<figure>\n\(inlineSVG(svg))\n<figcaption>\(escape(caption))</figcaption>\n</figure>\n"
        case let .confusion(classes, counts, caption):
            return confusionTable(classes: classes, counts: counts, caption: caption)
        }
    }

    /// The matrix as a table, each cell's background a blue whose strength is the cell's share of
    /// its row (the recall of the diagonal).
    static func confusionTable(classes: [String], counts: [[Int]], caption: String) -> String {
        var out = "<div class=\"scroll\"><table class=\"confusion\">\n<caption>\(escape(caption))</caption>\n"
        out += "<thead><tr><th>true ↓ / predicted →</th>" + classes.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (row, name) in classes.enumerated() where row < counts.count {
            let total = max(counts[row].reduce(0, +), 1)
            out += "<tr><th>\(escape(name))</th>"
            for value in counts[row] {
                let share = Double(value) / Double(total)
                let ink = share > 0.55 ? "#ffffff" : "#222222"
                out += "<td class=\"num\" style=\"background: rgba(0, 114, 178, \(String(format: "%.2f", share))); color: \(ink)\">\(value)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n"
    }

    /// An SVG document made ready for inline use: without the XML declaration, scaled to the
    /// page width by CSS.
    static func inlineSVG(_ svg: String) -> String {
        var text = svg
        if text.hasPrefix("<?xml"), let end = text.range(of: "?>") { text = String(text[end.upperBound...]) }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `&`, `<`, `>` and `"` as entities.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    static let css = """
    body { margin: 0; background: #f6f6f4; color: #222; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
    main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
    h1 { font-size: 26px; margin: 0 0 4px; }
    h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid #ddd; }
    .subtitle { color: #555; margin: 0 0 16px; }
    nav ul { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0; list-style: none; margin: 8px 0 0; }
    nav a { color: #0072B2; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
    dl.facts dt { color: #555; }
    dl.facts dd { margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; overflow-wrap: anywhere; }
    figure { margin: 18px 0; }
    figure svg { max-width: 100%; height: auto; display: block; }
    figcaption { color: #555; font-size: 13px; margin-top: 4px; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
    th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; }
    thead th { background: #f0f0ee; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    table.confusion caption { caption-side: bottom; color: #555; text-align: left; padding-top: 4px; }

    """
}
