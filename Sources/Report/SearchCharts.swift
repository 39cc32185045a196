import Descent
import Foundation
import Plot

/// The picture of a search: validation accuracy (or loss, for regression) against each searched
/// parameter, one panel per parameter, one colour per round, the best trial ringed; log x for log
/// ranges; a choice's values are placed at 0, 1, 2, … and named in the axis label. Accuracy is
/// drawn on [0, 1].
public enum SearchCharts {
    /// The panels for the finished trials, best first (`SearchSummary.ranked`).
    public static func panels(ranked finished: [TrialResult]) -> [any Chart] {
        let accuracy = finished.contains { $0.validationAccuracy != nil }
        func y(_ result: TrialResult) -> Double { (accuracy ? result.validationAccuracy : result.score) ?? .nan }
        let yLabel = accuracy ? "validation accuracy" : (finished.contains { $0.validationLoss != nil } ? "validation loss" : "training loss")
        let space = finished.first.flatMap { try? SearchSpace(parsing: $0.space) }
        let rounds = Array(Set(finished.map(\.trial.round))).sorted()
        return (space?.parameters ?? []).map { parameter in
            var choices: [String] = []
            if case let .choice(values) = parameter.distribution { choices = values }
            // Choices of later (narrowed) rounds are a subset; take the names from every record.
            for result in finished { if case let .choice(text)? = result.trial.value(of: parameter.name), !choices.contains(text) { choices.append(text) } }
            func x(_ result: TrialResult) -> Double {
                switch result.trial.value(of: parameter.name) {
                case let .choice(text)?: return Double(choices.firstIndex(of: text) ?? 0)
                case let value?: return value.number ?? .nan
                case nil: return .nan
                }
            }
            let series = rounds.map { round in
                let points = finished.filter { $0.trial.round == round }
                return ScatterSeries(name: rounds.count > 1 ? "round \(round)" : "trials", x: points.map(x), y: points.map(y))
            }
            let best = finished.first.map { PointMarker(x: x($0), y: y($0), label: "best") }
            var xLabel = parameter.name
            if !choices.isEmpty { xLabel += " (" + choices.enumerated().map { "\($0)=\($1)" }.joined(separator: ", ") + ")" }
            let logX: Bool = if case .logUniform = parameter.distribution { true } else { false }
            return ScatterPlot(title: parameter.name, xLabel: xLabel, yLabel: yLabel, xScale: logX ? .logarithmic : .linear,
                               yScale: accuracy ? .linear : .logarithmic, series: series, best: best,
                               yBounds: accuracy ? 0...1 : nil)
        }
    }
}
