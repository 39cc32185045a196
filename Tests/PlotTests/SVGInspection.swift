import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element read back from an SVG string.
struct ParsedElement {
    var name: String
    var attributes: [String: String]
    var text: String
    /// The index of the enclosing element, nil for the root.
    var parent: Int? = nil
}

/// Parses SVG text with `XMLParser` (FoundationXML on Linux) and keeps every element in document
/// order; `nil` when the text is not well-formed XML.
final class SVGInspection: NSObject, XMLParserDelegate {
    private(set) var elements: [ParsedElement] = []
    private var open: [Int] = []

    static func parse(_ svg: String) -> [ParsedElement]? {
        let inspection = SVGInspection()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = inspection
        guard parser.parse() else { return nil }
        return inspection.elements
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        let parent = open.last
        open.append(elements.count)
        elements.append(ParsedElement(name: elementName, attributes: attributes, text: "", parent: parent))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }
}

extension Array where Element == ParsedElement {
    /// The elements whose `class` attribute is `name`.
    func withClass(_ name: String) -> [ParsedElement] { filter { $0.attributes["class"] == name } }

    /// Every number written in a coordinate attribute or path data.
    var coordinateNumbers: [Double] {
        let numeric = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height"]
        var numbers: [Double] = []
        for element in self {
            for name in numeric {
                if let value = element.attributes[name] { numbers.append(Double(value) ?? .nan) }
            }
            if let d = element.attributes["d"] {
                for token in d.split(whereSeparator: { " MLZ".contains($0) }) { numbers.append(Double(token) ?? .nan) }
            }
        }
        return numbers
    }
}
