/// One node of an SVG tree: an element or a run of character data.
public enum SVGNode: Sendable, Equatable {
    /// A child element.
    case element(SVGElement)
    /// Character data; escaped when written.
    case text(String)
}

/// One attribute of an SVG element, kept in the order it was added so output is stable.
public struct SVGAttribute: Sendable, Equatable {
    /// The attribute's name, e.g. `stroke-width`.
    public var name: String
    /// The attribute's value, unescaped; escaped when written.
    public var value: String

    /// Creates an attribute.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An SVG element: a name, ordered attributes and children.
///
/// Values are stored unescaped and escaped once, when the document is written, so any string
/// (a series named `a < b & "c"`) yields well-formed XML.
public struct SVGElement: Sendable, Equatable {
    /// The tag name, e.g. `path`.
    public var name: String
    /// The attributes, in writing order.
    public var attributes: [SVGAttribute]
    /// The child nodes, in writing order.
    public var children: [SVGNode]

    /// Creates an element from a name, `(name, value)` attribute pairs and children.
    public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], children: [SVGNode] = []) {
        self.name = name
        self.attributes = attributes.map { SVGAttribute($0.key, $0.value) }
        self.children = children
    }

    /// Creates an element holding only text, such as `<text>` or `<title>`.
    public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) {
        self.init(name, attributes, children: [.text(text)])
    }

    /// Adds an attribute (kept after those already present).
    public mutating func set(_ name: String, _ value: String) {
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            attributes[index].value = value
        } else {
            attributes.append(SVGAttribute(name, value))
        }
    }

    /// Appends a child element.
    public mutating func append(_ child: SVGElement) {
        children.append(.element(child))
    }

    /// Appends child elements.
    public mutating func append(contentsOf elements: [SVGElement]) {
        children.append(contentsOf: elements.map { .element($0) })
    }

    /// A `<g>` group around the given elements, with optional attributes.
    public static func group(_ attributes: KeyValuePairs<String, String> = [:], _ elements: [SVGElement]) -> SVGElement {
        SVGElement("g", attributes, children: elements.map { .element($0) })
    }

    /// Writes the element and its subtree as XML, indented by `depth` levels.
    func write(into output: inout String, depth: Int) {
        let indent = String(repeating: "  ", count: depth)
        output += indent + "<" + name
        for attribute in attributes {
            output += " " + attribute.name + "=\"" + XMLEscaping.escape(attribute.value) + "\""
        }
        if children.isEmpty {
            output += "/>\n"
            return
        }
        if children.allSatisfy({ if case .text = $0 { true } else { false } }) {
            output += ">"
            for case .text(let text) in children { output += XMLEscaping.escape(text) }
            output += "</" + name + ">\n"
            return
        }
        output += ">\n"
        for child in children {
            switch child {
            case .element(let element): element.write(into: &output, depth: depth + 1)
            case .text(let text): output += indent + "  " + XMLEscaping.escape(text) + "\n"
            }
        }
        output += indent + "</" + name + ">\n"
    }
}

/// A standalone SVG 1.1 document of a given pixel size.
public struct SVGDocument: Sendable, Equatable {
    /// The format of the files written.
    public static let format = "SVG 1.1"

    /// Width in pixels (user units).
    public var width: Double
    /// Height in pixels (user units).
    public var height: Double
    /// Top-level elements, drawn in order (later ones on top).
    public var elements: [SVGElement]

    /// Creates a document; a white background is drawn first so the picture reads on any viewer.
    public init(width: Double, height: Double, elements: [SVGElement] = []) {
        self.width = width
        self.height = height
        self.elements = elements
    }

    /// The document as an XML string, with declaration and SVG namespace.
    public func render() -> String {
        var root = SVGElement("svg", [
            "xmlns": "http://www.w3.org/2000/svg",
            "version": "1.1",
            "width": SVGNumber.format(width),
            "height": SVGNumber.format(height),
            "viewBox": "0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))",
            "font-family": "DejaVu Sans, Helvetica, Arial, sans-serif",
        ])
        root.append(SVGElement("rect", [
            "x": "0", "y": "0", "width": SVGNumber.format(width), "height": SVGNumber.format(height), "fill": "white",
        ]))
        root.append(contentsOf: elements)
        var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        root.write(into: &output, depth: 0)
        return output
    }
}

/// Escaping of text and attribute values for XML.
public enum XMLEscaping {
    /// Replaces `& < > " '` by entities and drops characters XML 1.0 forbids (control characters
    /// other than tab, newline and carriage return).
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
