import Foundation
import Plot

/// Charts built from closed-form data, shared by the tests.
enum SampleCharts {
    static let epochs = (1...40).map(Double.init)

    static var lossAndAccuracy: Figure {
        let train = epochs.map { 2 * exp(-$0 / 8) + 0.05 }
        let validation = epochs.map { 2 * exp(-$0 / 8) + 0.1 + 0.002 * $0 }
        let trainAccuracy = epochs.map { 1 - 0.7 * exp(-$0 / 6) }
        let validationAccuracy = epochs.map { 0.95 - 0.7 * exp(-$0 / 6) }
        return Figure(title: "Training curves", panels: [
            LineChart(title: "Loss", xLabel: "epoch", yLabel: "loss", yScale: .logarithmic, series: [
                LineSeries(name: "train", x: epochs, y: train),
                LineSeries(name: "validation", x: epochs, y: validation, style: .dashed),
            ]),
            LineChart(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy", series: [
                LineSeries(name: "train", x: epochs, y: trainAccuracy),
                LineSeries(name: "validation", x: epochs, y: validationAccuracy, style: .dashed),
            ]),
        ])
    }

    static var bands: LineChart {
        let names = ["sgd", "momentum", "adam"]
        return LineChart(title: "Median loss over 5 seeds", xLabel: "epoch", yLabel: "loss",
                         yScale: .logarithmic,
                         series: names.enumerated().map { index, name in
            let rate = 4 + 3 * Double(index)
            let median = epochs.map { exp(-$0 / rate) }
            return LineSeries(name: name, x: epochs, y: median,
                              band: Band(lower: median.map { $0 * 0.8 }, upper: median.map { $0 * 1.25 }))
        }, referenceLines: [ReferenceLine(value: 0.05, label: "target loss 0.05")])
    }

    static var sharpness: LineChart {
        LineChart(title: "Sharpness", xLabel: "epoch", yLabel: "λmax", series: [
            LineSeries(name: "λmax", x: epochs, y: epochs.map { 40 * (1 - exp(-$0 / 5)) }),
        ], referenceLines: [ReferenceLine(value: 40, label: "2/lr = 40")])
    }

    static let gridX = (0...80).map { -2 + 4 * Double($0) / 80 }
    static let gridY = (0...80).map { -1 + 4 * Double($0) / 80 }

    static func rosenbrock(_ x: Double, _ y: Double) -> Double { (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x) }

    static var contour: ContourPlot {
        let values = gridY.map { y in gridX.map { x in rosenbrock(x, y) } }
        // Two made-up paths toward (1, 1): the plot does not care how they were computed.
        let steps = (0...40).map { Double($0) / 40 }
        let first = Trajectory(name: "sgd", x: steps.map { -1.2 + 2.2 * $0 }, y: steps.map { 1 - 0.9 * sin(3 * $0) * (1 - $0) })
        let second = Trajectory(name: "adam", x: steps.map { -1.2 + 2.2 * $0 * $0 }, y: steps.map { 1 + 0.5 * sin(Double.pi * $0) })
        return ContourPlot(title: "Rosenbrock", x: gridX, y: gridY, values: values,
                           levels: ContourLevels.logSpaced(covering: values, count: 14),
                           trajectories: [first, second],
                           markers: [PointMarker(x: -1.2, y: 1, label: "start"),
                                     PointMarker(x: 1, y: 1, label: "minimum (1, 1)", shape: .star)])
    }

    static var spectrum: Histogram {
        let eigenvalues = (0..<400).map { k -> Double in
            let u = Double(k) / 400
            return k < 40 ? -2 * u * 10 : 30 * u * u * u
        }
        return Histogram(title: "Hessian spectrum", xLabel: "eigenvalue", yLabel: "count",
                         bins: HistogramBins(values: eigenvalues, binCount: 40), barsName: "eigenvalues",
                         logCounts: true)
    }

    static var density: Histogram {
        let x = (0...200).map { -5 + 25 * Double($0) / 200 }
        let density = x.map { 0.3 * exp(-$0 * $0 / 2) + 0.05 * exp(-($0 - 12) * ($0 - 12) / 8) }
        return Histogram(title: "Spectral density", xLabel: "eigenvalue", yLabel: "density",
                         densities: [DensityCurve(name: "SLQ estimate", x: x, density: density)])
    }

    static var scatter: ScatterPlot {
        let rates = (0..<30).map { pow(10, -5 + 4 * Double(($0 * 7) % 30) / 29) }
        let accuracy = rates.map { 0.95 - 0.04 * pow(log10($0) + 2.5, 2) }
        let bestIndex = accuracy.indices.max { accuracy[$0] < accuracy[$1] }!
        return ScatterPlot(title: "Random search", xLabel: "learning rate", yLabel: "validation accuracy",
                           xScale: .logarithmic, series: [ScatterSeries(name: "trials", x: rates, y: accuracy)],
                           best: PointMarker(x: rates[bestIndex], y: accuracy[bestIndex], label: "best lr"))
    }
}
