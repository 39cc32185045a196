import Foundation
import Plot
import Testing

/// Charts the style must keep readable: the cases of issue 16 in closed form.
enum HardCharts {
    static let epochs = (1...30).map(Double.init)

    /// Validation accuracy reaching 1.0, the best epoch marked, a second series identical to the first.
    static var accuracy: LineChart {
        let train = epochs.map { min(1, 0.5 + $0 / 25) }
        return LineChart(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy", series: [
            LineSeries(name: "training", x: epochs, y: train),
            LineSeries(name: "validation", x: epochs, y: epochs.map { min(1, 0.4 + $0 / 20) }, style: .dashed),
            LineSeries(name: "copy of training", x: epochs, y: train),
        ], referenceLines: [ReferenceLine(value: 24, label: "best epoch 24", vertical: true)], yBounds: 0...1)
    }

    /// Six optimizers on a wide figure: momentum and nesterov identical, a target loss line.
    static var race: Figure {
        let names = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]
        let rates = [6.0, 4, 4, 3, 2, 5]
        let series = zip(names, rates).map { name, rate in
            LineSeries(name: name, x: epochs, y: epochs.map { exp(-$0 / rate / 3) + 0.01 })
        }
        let chart = LineChart(title: "Training loss", xLabel: "epoch", yLabel: "loss", yScale: .logarithmic,
                              series: series, referenceLines: [ReferenceLine(value: 0.2, label: "target loss 0.2")])
        return Figure(title: "race", panels: [chart, chart, chart])
    }

    /// λmax rising to 2/lr exactly: the line must not sit on the frame.
    static var sharpness: LineChart { SampleCharts.sharpness }

    /// A spectrum like a small MLP's: many near zero, a few hundred small negatives, outliers.
    static var spectrum: Histogram {
        var values = (0..<3000).map { k in 1e-6 * sin(Double(k)) }
        values += (0..<400).map { k in -0.002 * Double(k % 50 + 1) }
        values += (0..<300).map { k in 0.01 * Double(k % 30 + 1) } + [2.5, 8.1]
        return SpectrumCharts.histogram(eigenvalues: values, title: "Hessian spectrum")
    }

    static var density: Histogram {
        let grid = (0...300).map { -1 + 10 * Double($0) / 300 }
        let density = grid.map { 40 * exp(-$0 * $0 / 0.005) + 0.01 * exp(-($0 - 8) * ($0 - 8) / 0.05) }
        return SpectrumCharts.density(grid: grid, density: density, lambdaMin: -0.3, lambdaMax: 8.1, title: "Spectral density")
    }

    /// Accuracy against a log-uniform learning rate spanning 10⁻⁴…10⁻¹.
    static var search: ScatterPlot {
        let rates = (0..<20).map { pow(10, -4 + 3 * Double(($0 * 7) % 20) / 19) }
        let accuracy = rates.map { min(1, 0.6 + 0.15 * (log10($0) + 4)) }
        return ScatterPlot(title: "lr", xLabel: "lr", yLabel: "validation accuracy", xScale: .logarithmic,
                           series: [ScatterSeries(name: "trials", x: rates, y: accuracy)],
                           best: PointMarker(x: rates[0], y: accuracy[0], label: "best"), yBounds: 0...1)
    }

    /// Two optimizers on the same path (the later must not hide the earlier).
    static var contour: ContourPlot {
        var plot = SampleCharts.contour
        plot.trajectories.append(Trajectory(name: "sgd again", x: plot.trajectories[0].x, y: plot.trajectories[0].y))
        return plot
    }

    /// Held-out scores per fold of three optimizers whose means lie close (the report's
    /// cross-validated comparison): the mean lines' labels must not overlap each other or a point.
    static var foldScores: ScatterPlot {
        let folds = (1...5).map(Double.init)
        let scores: [[Double]] = [[0.28, 0.25, 0.24, 0.22, 0.30], [0.27, 0.26, 0.25, 0.23, 0.29], [0.18, 0.11, 0.095, 0.067, 0.12]]
        let names = ["sgd", "momentum", "adam"]
        let series = zip(names, scores).enumerated().map { ScatterSeries(name: $1.0, x: folds, y: $1.1, color: Palette.color($0)) }
        let means = zip(names, scores).enumerated().map { index, pair in
            ReferenceLine(value: pair.1.reduce(0, +) / 5, label: "\(pair.0) mean", color: Palette.color(index))
        }
        return ScatterPlot(title: "Held-out log_loss per fold", xLabel: "fold", yLabel: "held-out log_loss", series: series, referenceLines: means)
    }

    static var all: [(name: String, svg: String)] {
        [("accuracy", accuracy.svg()), ("race", race.svg()), ("sharpness", sharpness.svg()),
         ("spectrum", spectrum.svg()), ("density", density.svg()), ("search", search.svg()),
         ("contour", contour.svg(width: 720, height: 600)), ("loss and accuracy", SampleCharts.lossAndAccuracy.svg()),
         ("bands", SampleCharts.bands.svg()), ("scatter", SampleCharts.scatter.svg()),
         ("sample spectrum", SampleCharts.spectrum.svg()), ("sample density", SampleCharts.density.svg()),
         ("fold scores", foldScores.svg(width: 900, height: 420))]
    }
}

@Suite("Every chart is readable: no overlapping text, nothing on the frame, no hidden series")
struct ChartGeometryTests {
    func checks(_ svg: String) throws -> ChartChecks {
        ChartChecks(elements: try #require(SVGInspection.parse(svg), "not well-formed XML"))
    }

    @Test("No text overlaps another", arguments: HardCharts.all.map(\.name))
    func textsApart(name: String) throws {
        let svg = try #require(HardCharts.all.first { $0.name == name }).svg
        let overlaps = try checks(svg).overlappingTexts
        #expect(overlaps.isEmpty, "\(name): \(overlaps.prefix(5))")
    }

    @Test("Every series point lies strictly inside its plot area", arguments: HardCharts.all.map(\.name))
    func pointsInside(name: String) throws {
        let svg = try #require(HardCharts.all.first { $0.name == name }).svg
        let off = try checks(svg).pointsOffArea()
        #expect(off.isEmpty, "\(name): \(off.prefix(5))")
    }

    @Test("Reference lines lie inside the plot area, not on its frame", arguments: HardCharts.all.map(\.name))
    func referencesInside(name: String) throws {
        let svg = try #require(HardCharts.all.first { $0.name == name }).svg
        let chart = try checks(svg)
        for index in chart.elements.indices where chart.elements[index].attributes["class"] == "reference" {
            let area = try #require(chart.plotArea(of: index))
            let ends = chart.vertices(chart.elements[index])
            try #require(ends.count == 2)
            let vertical = ends[0].x == ends[1].x
            let value = vertical ? ends[0].x : ends[0].y
            let (low, high) = vertical ? (area.minX, area.maxX) : (area.minY, area.maxY)
            #expect(value > low + 2 && value < high - 2, "\(name): reference at \(value) on the frame \(low)…\(high)")
        }
    }

    @Test("Every legend entry's series shows at least one pixel", arguments: ["accuracy", "race", "contour", "loss and accuracy", "bands", "sharpness"])
    func legendVisible(name: String) throws {
        let svg = try #require(HardCharts.all.first { $0.name == name }).svg
        let hidden = try checks(svg).hiddenLegendEntries
        #expect(hidden.isEmpty, "\(name): \(hidden)")
    }

    @Test("The checks fail on a picture with overlapping text, a point on the frame and a covered series")
    func checksCanFail() throws {
        let bad = """
        <svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
        <g class="panel"><defs><clipPath id="c"><rect x="10" y="10" width="100" height="80"/></clipPath></defs>
        <g class="series-group"><path class="series" d="M10 50 L110 50" stroke-width="2" fill="none"/></g>
        <g class="series-group"><path class="series" d="M10 50 L110 50" stroke-width="4" fill="none"/></g>
        <g class="legend"><g class="legend-entry"><text x="0" y="0" font-size="10">first</text></g>
        <g class="legend-entry"><text x="0" y="20" font-size="10">second</text></g></g>
        <text x="50" y="95" font-size="12">label one</text><text x="60" y="97" font-size="12">label two</text></g></svg>
        """
        let chart = try checks(bad)
        #expect(chart.overlappingTexts.count == 1)
        #expect(chart.pointsOffArea().count == 4)   // both lines start and end on the frame
        #expect(chart.hiddenLegendEntries == ["first"])
    }

    @Test("Identical series are noted in the legend and drawn in different dashes, markers and widths")
    func identical() throws {
        let chart = try checks(HardCharts.accuracy.svg())
        #expect(chart.elements.contains { $0.name == "text" && $0.text == "copy of training (identical to training)" })
        let paths = chart.elements.withClass("series")
        #expect(Set(paths.compactMap { $0.attributes["stroke-width"] }).count == 3)
        #expect(Set(paths.map { $0.attributes["stroke-dasharray"] ?? "solid" }).count == 3)
        #expect(Set(paths.compactMap { $0.attributes["stroke"] }).count == 3)
    }

    @Test("A bounded axis shows 0 to 1 with padding; a log axis uses one tick format")
    func axes() {
        let accuracy = Axis(kind: .linear, covering: [0.62, 1.0], label: "", bounds: 0...1)
        #expect(accuracy.domain.lowerBound < 0 && accuracy.domain.upperBound > 1 && accuracy.domain.upperBound < 1.1)
        #expect(accuracy.ticks.first == 0 && accuracy.ticks.last == 1)
        let wide = Axis(kind: .logarithmic, covering: [1e-4, 0.1], label: "")
        #expect(wide.tickLabels == ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹"])
        #expect(TickFormat.logarithmicLabels([0.001, 0.01, 0.1, 1]) == ["0.001", "0.01", "0.1", "1"])
        #expect(TickFormat.logarithmicLabels([-0.1, 0, 1e-5]) == ["−10⁻¹", "0", "10⁻⁵"])
        // A symmetric-log axis shows both signs; a threshold of zero draws nothing rather than NaN.
        let signed = Axis(kind: .symmetricLog(threshold: 1e-3), covering: [-0.5, 0, 8], label: "")
        #expect(signed.ticks.contains(0) && signed.ticks.contains { $0 < 0 } && signed.ticks.contains { $0 >= 1 })
        let scale = AxisScale(kind: .symmetricLog(threshold: 1e-3), domain: signed.domain, startPixel: 0, endPixel: 100)
        #expect(try! #require(scale.pixel(-0.5)) < scale.pixel(0)! && scale.pixel(0)! < scale.pixel(1e-3)!)
        #expect(AxisScale(kind: .symmetricLog(threshold: 0), domain: -1...1, startPixel: 0, endPixel: 1).pixel(0.5) == nil)
    }

    @Test("Fonts grow with the figure")
    func fonts() throws {
        let small = try checks(SampleCharts.bands.svg(width: 720, height: 460))
        let wide = try checks(HardCharts.race.svg())
        func tickSize(_ chart: ChartChecks) -> Double? {
            chart.elements.first { $0.name == "text" && $0.text == "10" || $0.text == "20" }.flatMap { chart.number($0, "font-size") }
        }
        #expect(try #require(tickSize(wide)) > 1.3 * (try #require(tickSize(small))))
    }
}
