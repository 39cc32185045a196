import Descent
import Foundation
import Plot

/// The sharpness of one trained model and its generalization gap: one point of Keskar's picture.
public struct SharpnessPoint: Sendable, Equatable {
    /// The contestant (optimizer, or batch size) that found the minimum.
    public var contestant: String
    /// The seed of the run.
    public var seed: UInt64
    /// The measures.
    public var measurement: MinimumSharpness

    /// A point from its parts.
    public init(contestant: String, seed: UInt64, measurement: MinimumSharpness) {
        self.contestant = contestant
        self.seed = seed
        self.measurement = measurement
    }
}

/// Which sharpness goes on the x axis.
public enum SharpnessMeasure: String, Sendable, CaseIterable {
    /// λmax.
    case lambdaMax = "λmax"
    /// Hutchinson's tr H.
    case trace = "tr H"
    /// Keskar's ε-sharpness in percent.
    case epsilon = "ε-sharpness (%)"

    /// The value of `point`.
    public func value(_ point: SharpnessPoint) -> Double {
        switch self {
        case .lambdaMax: point.measurement.sharpness.lambdaMax
        case .trace: point.measurement.sharpness.trace.estimate
        case .epsilon: point.measurement.sharpness.epsilonSharpness.keskarPercent
        }
    }
}

/// `descent compare --sharpness`'s picture: sharpness against the generalization gap (validation
/// − training loss), one colour per contestant, one point per seed — do sharper minima generalize
/// worse (Keskar et al. 2017)?
public enum SharpnessCharts {
    /// One scatter of `measure` against the gap; points without a gap are left out. The x axis is
    /// logarithmic when the positive values span more than a decade (and all are positive).
    public static func scatter(_ points: [SharpnessPoint], measure: SharpnessMeasure = .lambdaMax, title: String = "") -> ScatterPlot {
        let names = points.reduce(into: [String]()) { if !$0.contains($1.contestant) { $0.append($1.contestant) } }
        let series = names.map { name in
            let mine = points.filter { $0.contestant == name && $0.measurement.generalizationGap != nil }
            return ScatterSeries(name: name, x: mine.map(measure.value), y: mine.map { $0.measurement.generalizationGap! })
        }
        let xs = series.flatMap(\.x).filter(\.isFinite)
        let logarithmic = !xs.isEmpty && xs.allSatisfy { $0 > 0 } && xs.max()! / xs.min()! > 10
        return ScatterPlot(title: title.isEmpty ? "sharpness of the minimum found against the generalization gap" : title,
                           xLabel: measure.rawValue + (logarithmic ? " (log scale)" : ""), yLabel: "validation − training loss",
                           xScale: logarithmic ? .logarithmic : .linear, series: series)
    }
}
