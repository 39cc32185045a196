import Descent
import Foundation
import Plot

/// One run of an optimizer race: which contestant, which seed, its history (epoch 0 first).
public struct RaceRun: Sendable, Equatable {
    /// The contestant's name (an optimizer, or `name@lr`).
    public var contestant: String
    /// The seed of the run.
    public var seed: UInt64
    /// Its per-epoch records.
    public var history: TrainingHistory

    /// Creates a run.
    public init(contestant: String, seed: UInt64, history: TrainingHistory) {
        self.contestant = contestant
        self.seed = seed
        self.history = history
    }
}

/// The pictures of `descent compare`: per contestant the median over seeds with a min–max band, of
/// the training loss against epochs and against training seconds, and of the validation loss
/// against epochs; the target loss, when given, as a labelled line.
public enum RaceCharts {
    /// The panels, in contestant order of first appearance.
    public static func panels(_ runs: [RaceRun], targetLoss: Double? = nil) -> [any Chart] {
        let names = runs.reduce(into: [String]()) { if !$0.contains($1.contestant) { $0.append($1.contestant) } }
        func series(_ name: String, x: (RaceRun) -> [Double], y: (RaceRun) -> [Double]) -> LineSeries {
            let mine = runs.filter { $0.contestant == name }
            let xs = CompareStatistics.band(mine.map(x)).median
            let ys = CompareStatistics.band(mine.map(y))
            return LineSeries(name: name, x: xs, y: ys.median, band: Band(lower: ys.lower, upper: ys.upper))
        }
        let epochs: (RaceRun) -> [Double] = { $0.history.records.map { Double($0.epoch) } }
        let seconds: (RaceRun) -> [Double] = { run in
            var total = 0.0
            return run.history.records.map { total += $0.seconds; return total }
        }
        let trainLoss: (RaceRun) -> [Double] = { $0.history.records.map(\.trainLoss) }
        let classification = runs.contains { $0.history.records.contains { $0.trainAccuracy != nil } }
        let lossName = classification ? "cross-entropy" : "MSE"
        let target = targetLoss.map { [ReferenceLine(value: $0, label: "target loss \(String(format: "%g", $0))")] } ?? []
        var panels: [any Chart] = [
            LineChart(title: "Training loss", xLabel: "epoch", yLabel: lossName, yScale: .logarithmic,
                      series: names.map { series($0, x: epochs, y: trainLoss) }, referenceLines: target),
        ]
        if runs.contains(where: { $0.history.records.contains { $0.validationLoss != nil } }) {
            panels.append(LineChart(title: "Validation loss", xLabel: "epoch", yLabel: lossName, yScale: .logarithmic,
                                    series: names.map { series($0, x: epochs, y: { $0.history.records.map { $0.validationLoss ?? .nan } }) }))
        }
        panels.append(LineChart(title: "Training loss against time", xLabel: "training seconds", yLabel: lossName, yScale: .logarithmic,
                                series: names.map { series($0, x: seconds, y: trainLoss) }, referenceLines: target))
        return panels
    }
}
