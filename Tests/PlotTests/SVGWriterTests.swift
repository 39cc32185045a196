import Testing
@testable import Plot

@Suite("SVG writer")
struct SVGWriterTests {
    @Test("Text and attribute values are escaped and read back unchanged")
    func escaping() throws {
        let awkward = "a < b & \"c\" 'd' > e"
        let document = SVGDocument(width: 100, height: 50, elements: [
            SVGElement("text", ["x": "1", "y": "2", "data-name": awkward], text: awkward),
        ])
        let elements = try #require(SVGInspection.parse(document.render()))
        let text = try #require(elements.first { $0.name == "text" })
        #expect(text.text == awkward)
        #expect(text.attributes["data-name"] == awkward)
        #expect(XMLEscaping.escape("x\u{1}y") == "xy")      // control characters are not XML
    }

    @Test("Numbers: two decimals at most, no -0, nothing non-finite")
    func numbers() {
        #expect(SVGNumber.format(3) == "3")
        #expect(SVGNumber.format(2.5) == "2.5")
        #expect(SVGNumber.format(1.25) == "1.25")
        #expect(SVGNumber.format(-0.001) == "0")
        #expect(SVGNumber.format(-7.0625) == "-7.06")
        #expect(SVGNumber.format(.nan) == "0")
        #expect(SVGNumber.format(1e300) == "100000")
    }

    @Test("A polyline breaks at missing and non-finite points")
    func polyline() {
        let data = SVGNumber.polyline([(0, 0), (1, 1), nil, (2, 2), (.nan, 3), (4, 4), (5, 5)])
        #expect(data == "M0 0 L1 1 M2 2 M4 4 L5 5")
    }

    @Test("Segments beyond the coordinate limit are cut at it, keeping their direction")
    func clipping() {
        #expect(SVGNumber.polyline([(0, 0), (2e5, 0)]) == "M0 0 L100000 0")
        #expect(SVGNumber.polyline([(2e5, 0), (0, 0)]) == "M100000 0 L0 0")
        // Out toward (1e300, 2e300) and back to (1, 1): each segment meets the box where y reaches
        // the limit, at x = 50000 going out and x = 1 + (1e5 − 1)/2 = 50000.5 coming back.
        #expect(SVGNumber.polyline([(0, 0), (1e300, 2e300), (1, 1)]) == "M0 0 L50000 100000 M50000.5 100000 L1 1")
    }
}
