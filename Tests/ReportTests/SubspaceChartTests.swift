import Descent
import Plot
import Report
import Testing

@Suite("Training charts: the gradient's subspace")
struct SubspaceChartTests {
    @Test("Two panels when the subspace was tracked: the share on [0, 1] and the saddle index; none otherwise")
    func panels() throws {
        var history = TrainingChartsTests.history(epochs: 6, lambda: true)
        #expect(TrainingCharts.subspace(history).isEmpty)
        for index in [1, 3, 5] {
            history.records[index].subspaceFraction = 0.5 + Double(index) / 20
            history.records[index].saddleIndex = 5 - index
        }
        let panels = TrainingCharts.panels(history)
        #expect(panels.count == 5)
        let share = try #require(panels[3] as? LineChart)
        #expect(share.yBounds == 0...1 && share.series[0].x == [2, 4, 6] && share.series[0].y == [0.55, 0.65, 0.75])
        let saddle = try #require(panels[4] as? LineChart)
        #expect(saddle.series[0].y == [4, 2, 0])
    }
}
