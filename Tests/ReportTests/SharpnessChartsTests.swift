import Descent
import Plot
import Report
import Testing

@Suite("Sharpness scatter")
struct SharpnessChartsTests {
    static func point(_ name: String, seed: UInt64, lambda: Double, gap: Double?) -> SharpnessPoint {
        let epsilon = EpsilonSharpness(epsilon: 1e-3, baseLoss: 0.1, maximumLoss: 0.1 + lambda / 100, increase: lambda / 100,
                                       keskarPercent: lambda / 1.1, evaluations: 22)
        let report = SharpnessReport(lambdaMax: lambda, lambdaMaxResidual: 0, lambdaMaxConverged: true,
                                     trace: TraceEstimate(estimate: 3 * lambda, standardError: 0.1, sampleCount: 10),
                                     epsilonSharpness: epsilon, hessianProducts: 30)
        return SharpnessPoint(contestant: name, seed: seed,
                              measurement: MinimumSharpness(sharpness: report, trainingLoss: 0.1, validationLoss: gap.map { 0.1 + $0 },
                                                            generalizationGap: gap, hessianRows: 100))
    }

    @Test("One series per contestant, one point per seed with a gap; log x when λmax spans decades")
    func scatter() {
        let points = [Self.point("sgd", seed: 1, lambda: 0.5, gap: 0.02), Self.point("adam", seed: 1, lambda: 40, gap: 0.08),
                      Self.point("sgd", seed: 2, lambda: 0.7, gap: 0.03), Self.point("adam", seed: 2, lambda: 30, gap: nil)]
        let plot = SharpnessCharts.scatter(points)
        #expect(plot.series.map(\.name) == ["sgd", "adam"])
        #expect(plot.series[0].x == [0.5, 0.7] && plot.series[0].y == [0.02, 0.03])
        #expect(plot.series[1].x == [40], "the run without validation rows has no gap and no point")
        #expect(plot.xScale == .logarithmic)
        let trace = SharpnessCharts.scatter(Array(points.prefix(1)), measure: .trace)
        #expect(trace.series[0].x == [1.5] && trace.xScale == .linear)
        #expect(plot.svg().contains("<svg"))
    }
}
