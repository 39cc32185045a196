import Foundation
import Plot
import Testing

/// A line chart's reference labels keep off its curves (the restored-epoch label once sat on the
/// accuracy curves where they run along 1.0).
@Suite("Line chart reference labels")
struct LineChartLabelTests {
    @Test("A vertical line's label covers no vertex of curves that run along the top of the plot")
    func verticalLabelAvoidsCurves() throws {
        let epochs = (1...160).map(Double.init)
        let training = epochs.map { 1 - 0.6 * exp(-$0 / 4) }
        let validation = epochs.map { 0.995 - 0.65 * exp(-$0 / 12) }
        let chart = LineChart(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy",
                              series: [LineSeries(name: "training", x: epochs, y: training),
                                       LineSeries(name: "validation", x: epochs, y: validation)],
                              referenceLines: [ReferenceLine(value: 146, label: "best epoch 146 (restored)", vertical: true)],
                              yBounds: 0...1)
        let checks = try ChartGeometryTests().checks(Figure(panels: [chart]).svg())
        let label = try #require(checks.textBoxes.first { $0.text == "best epoch 146 (restored)" })
        let curve = checks.elements.filter { $0.attributes["class"] == "series" }.flatMap { checks.vertices($0) }
        #expect(curve.count >= 320)
        #expect(!curve.contains { label.box.contains($0) }, "the label covers a curve")
    }
}
