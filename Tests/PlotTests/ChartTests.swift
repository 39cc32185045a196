import Foundation
import Testing
import Plot

@Suite("Charts are well-formed SVG with one path and one legend entry per series")
struct ChartTests {
    func parse(_ svg: String) throws -> [ParsedElement] {
        try #require(SVGInspection.parse(svg), "not well-formed XML")
    }

    @Test("Loss and accuracy side by side: two panels, two curves and legend entries each")
    func figure() throws {
        let elements = try parse(SampleCharts.lossAndAccuracy.svg())
        #expect(elements.withClass("panel").count == 2)
        #expect(elements.withClass("series").count == 4)
        #expect(elements.withClass("legend-entry").count == 4)
        // Each panel's clip path has its own id.
        let clipIDs = elements.filter { $0.name == "clipPath" }.compactMap { $0.attributes["id"] }
        #expect(Set(clipIDs).count == 2)
        // The validation curves are dashed, the training ones solid.
        #expect(elements.withClass("series").filter { $0.attributes["stroke-dasharray"] != nil }.count == 2)
    }

    @Test("Bands and a labelled reference line")
    func bandsAndReference() throws {
        let elements = try parse(SampleCharts.bands.svg())
        #expect(elements.withClass("series").count == 3)
        #expect(elements.withClass("band").count == 3)
        #expect(elements.withClass("legend-entry").count == 3)
        #expect(elements.withClass("reference").count == 1)
        #expect(elements.contains { $0.name == "text" && $0.text == "target loss 0.05" })
        // Series colours differ.
        #expect(Set(elements.withClass("series").compactMap { $0.attributes["stroke"] }).count == 3)
    }

    @Test("The legend goes to a corner the data leaves free")
    func legendPlacement() throws {
        // y = x from bottom-left to top-right: both right-hand and the bottom-left corners are
        // taken, so the legend must sit in the top-left quarter.
        let x = (0...50).map(Double.init)
        let chart = LineChart(series: [LineSeries(name: "diagonal", x: x, y: x)])
        let elements = try parse(chart.svg(width: 600, height: 400))
        let legendIndex = try #require(elements.firstIndex { $0.attributes["class"] == "legend" })
        let box = elements[legendIndex + 1]
        #expect(box.name == "rect")
        #expect(try #require(Double(box.attributes["x"] ?? "")) < 300)
        #expect(try #require(Double(box.attributes["y"] ?? "")) < 200)
    }

    @Test("Contours: one path per level crossed, one path and legend entry per trajectory, labelled markers")
    func contour() throws {
        let plot = SampleCharts.contour
        let elements = try parse(plot.svg(width: 640, height: 560))
        #expect(elements.withClass("trajectory").count == 2)
        #expect(elements.withClass("legend-entry").count == 2)
        #expect(elements.withClass("contour").count == plot.levels.count)
        #expect(elements.withClass("point-marker").count == 2)
        #expect(elements.contains { $0.name == "text" && $0.text == "minimum (1, 1)" })
    }

    @Test("Histogram counts computed from values, and a zero line on a signed axis")
    func histogram() throws {
        // 0, 1, …, 9 in 5 bins of width 1.8: two values per bin; 9 falls in the closed last bin.
        let bins = HistogramBins(values: (0...9).map(Double.init) + [.nan, .infinity], binCount: 5)
        #expect(bins.counts == [2, 2, 2, 2, 2])
        #expect(zip(bins.edges, [0, 1.8, 3.6, 5.4, 7.2, 9]).allSatisfy { abs($0 - $1) < 1e-12 })

        let elements = try parse(SampleCharts.spectrum.svg())
        let nonEmptyBins = SampleCharts.spectrum.bins.counts.filter { $0 > 0 }.count
        #expect(elements.withClass("bar").count == nonEmptyBins)   // log axis: empty bins draw nothing
        #expect(elements.withClass("zero").count == 1)
        #expect(elements.withClass("legend-entry").isEmpty)   // one entry says nothing the title does not
    }

    @Test("Density curves are filled and listed in the legend when there are two or more")
    func density() throws {
        let elements = try parse(SampleCharts.density.svg())
        #expect(elements.withClass("density").count == 1)
        #expect(elements.withClass("density-fill").count == 1)
        #expect(elements.withClass("legend-entry").isEmpty)
        var two = SampleCharts.density
        two.densities.append(DensityCurve(name: "second", x: two.densities[0].x, density: two.densities[0].density.map { $0 / 2 }))
        #expect(try parse(two.svg()).withClass("legend-entry").count == 2)
    }

    @Test("Scatter on a log axis with the best point ringed")
    func scatter() throws {
        let elements = try parse(SampleCharts.scatter.svg())
        #expect(elements.withClass("scatter-series").count == 1)
        #expect(elements.filter { $0.name == "circle" && $0.attributes["r"] == "3.5" }.count == 30)
        #expect(elements.withClass("best").count == 1)
        #expect(elements.contains { $0.name == "text" && $0.text == "10⁻⁵" })
    }

    @Test("Non-finite and off-scale inputs never reach the output")
    func nonFiniteInputs() throws {
        let bad: [Double] = [1, .nan, 3, .infinity, -.infinity, 0, -2, 1e300, 5]
        let x = (0..<bad.count).map(Double.init)
        let grid = [-1.0, 0, 1]
        let charts: [any Chart] = [
            LineChart(yScale: .logarithmic, series: [
                LineSeries(name: "bad", x: x, y: bad, band: Band(lower: bad, upper: bad.map { $0 * 2 })),
                LineSeries(name: "all bad", x: [.nan, .infinity], y: [.nan, -1]),
            ], referenceLines: [ReferenceLine(value: .nan, label: "nan line")]),
            LineChart(xScale: .logarithmic, series: [LineSeries(name: "bad x", x: bad, y: x)]),
            ContourPlot(x: grid, y: grid, values: [[1, .nan, 1], [0, .infinity, 2], [1, 2, -.infinity]],
                        levels: [0.5, .nan, 1.5],
                        trajectories: [Trajectory(name: "diverged", x: [0, 1, 1e300, .infinity], y: [0, -1, -1e300, .nan])],
                        markers: [PointMarker(x: .nan, y: 0, label: "lost")]),
            Histogram(bins: HistogramBins(values: bad, binCount: 4), logCounts: true,
                      densities: [DensityCurve(name: "d", x: x, density: bad)]),
            Histogram(bins: HistogramBins(edges: [0, .nan, 2], counts: [1, .infinity])),
            ScatterPlot(xScale: .logarithmic, series: [ScatterSeries(name: "s", x: bad, y: bad)],
                        best: PointMarker(x: .infinity, y: 1, label: "best")),
            ScatterPlot(series: []),
        ]
        for chart in charts {
            let svg = chart.svg()
            let lowered = svg.lowercased()
            #expect(!lowered.contains("nan") || lowered.contains("nan line"))
            #expect(!lowered.replacingOccurrences(of: "nan line", with: "").contains("nan"))
            #expect(!lowered.contains("inf"))
            let elements = try parse(svg)
            let numbers = elements.coordinateNumbers
            #expect(!numbers.isEmpty)
            #expect(numbers.allSatisfy { $0.isFinite && abs($0) <= SVGNumber.coordinateLimit })
        }
    }
}
