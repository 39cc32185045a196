import Foundation
import Plot
import Testing

/// The pictures of an evaluation in closed form: a reliability diagram whose two curves share a
/// segment, a dense residual cloud around its zero line, rows per confidence bin from 0.
enum EvaluationSampleCharts {
    /// An over-confident model and a linear model that meets it at accuracy 1.
    static var reliability: ReliabilityDiagram {
        ReliabilityDiagram(title: "Reliability diagram (model ECE 0.051)", curves: [
            ReliabilityCurve(name: "model", confidence: [0.42, 0.55, 0.65, 0.76, 0.85, 0.97], accuracy: [0.3, 0.45, 0.6, 1, 1, 1]),
            ReliabilityCurve(name: "linear model", confidence: [0.38, 0.51, 0.76, 0.85, 0.99], accuracy: [0.5, 0.6, 1, 1, 0.98]),
        ])
    }

    /// 400 residuals of a funnel y − ŷ ∝ ŷ·sin k, packed around zero at the left, where the
    /// zero line's first label spot lies.
    static var residualScatter: ScatterPlot {
        let predictions = (0..<400).map { -3 + 9 * Double($0) / 399 }
        let residuals = predictions.indices.map { 0.05 * (predictions[$0] + 3.2) * sin(Double($0) * 1.7) }
        return ScatterPlot(title: "Residuals against predictions", xLabel: "prediction ŷ", yLabel: "residual y − ŷ",
                           series: [ScatterSeries(name: "output 1", x: predictions, y: residuals)],
                           referenceLines: [ReferenceLine(value: 0, label: "residual 0")])
    }

    /// Rows per confidence bin over [0, 1]: nothing below 0.3.
    static var binCounts: Histogram {
        Histogram(title: "Rows per confidence bin", xLabel: "top-class confidence", yLabel: "rows",
                  bins: HistogramBins(edges: (0...10).map { Double($0) / 10 }, counts: [0, 0, 0, 2, 5, 9, 14, 20, 31, 118]))
    }

    static var all: [(name: String, svg: String)] {
        [("reliability", reliability.svg()), ("residual scatter", residualScatter.svg()), ("bin counts", binCounts.svg()),
         ("calibration figure", Figure(panels: [reliability, binCounts], panelWidth: 560, panelHeight: 440).svg())]
    }
}

@Suite("Evaluation pictures: reliability diagram, residuals, rows per bin")
struct EvaluationChartTests {
    func checks(_ svg: String) throws -> ChartChecks { try ChartGeometryTests().checks(svg) }

    @Test("Readable: no text overlaps, every point strictly inside its plot area", arguments: EvaluationSampleCharts.all.map(\.name))
    func readable(name: String) throws {
        let chart = try checks(try #require(EvaluationSampleCharts.all.first { $0.name == name }).svg)
        #expect(chart.overlappingTexts.isEmpty, "\(name): \(chart.overlappingTexts.prefix(5))")
        #expect(chart.pointsOffArea().isEmpty, "\(name): \(chart.pointsOffArea().prefix(5))")
    }

    @Test("Reliability: both curves show a pixel, the diagonal runs (0, 0)–(1, 1) inside the frame, its label covers no point")
    func reliability() throws {
        let chart = try checks(EvaluationSampleCharts.reliability.svg())
        #expect(chart.hiddenLegendEntries.isEmpty, "\(chart.hiddenLegendEntries)")
        let index = try #require(chart.elements.indices.first { chart.elements[$0].attributes["class"] == "diagonal" })
        let area = try #require(chart.plotArea(of: index))
        let ends = chart.vertices(chart.elements[index])
        try #require(ends.count == 2)
        for end in ends { #expect(end.x > area.minX + 2 && end.x < area.maxX - 2 && end.y > area.minY + 2 && end.y < area.maxY - 2) }
        #expect(ends[1].x > ends[0].x && ends[1].y < ends[0].y)  // up and to the right
        let label = try #require(chart.textBoxes.first { $0.text == "perfect calibration" })
        let markers = chart.elements.filter { $0.attributes["class"] == "series-marker" || $0.name == "circle" }
            .flatMap { chart.vertices($0) }
        #expect(markers.count >= 11)
        #expect(!markers.contains { label.box.contains($0) }, "the diagonal's label covers a bin")
    }

    @Test("Residuals: the zero line's label is placed where it covers no point; the legend-free single series")
    func residualLabel() throws {
        let chart = try checks(EvaluationSampleCharts.residualScatter.svg())
        let label = try #require(chart.textBoxes.first { $0.text == "residual 0" })
        let points = chart.elements.filter { $0.name == "circle" }.flatMap { chart.vertices($0) }
        #expect(points.count == 400)
        #expect(!points.contains { label.box.contains($0) }, "the zero line's label covers a residual")
        #expect(chart.elements.withClass("reference").count == 1)
    }

    @Test("A histogram over [0, 1] has no zero line at its padded edge; one over both signs has it")
    func zeroLine() throws {
        #expect(try #require(SVGInspection.parse(EvaluationSampleCharts.binCounts.svg())).withClass("zero").isEmpty)
        let signed = Histogram(bins: HistogramBins(values: [-1, -0.5, 0.2, 0.3, 1.5], binCount: 5))
        #expect(try #require(SVGInspection.parse(signed.svg())).withClass("zero").count == 1)
    }
}
