import Descent
import Plot
import Report
import Testing

@Suite("Training charts from a history")
struct TrainingChartsTests {
    static func history(epochs: Int, lambda: Bool) -> TrainingHistory {
        TrainingHistory(records: (1...epochs).map { epoch in
            let e = Double(epoch)
            var record = EpochRecord(epoch: epoch, learningRate: 0.01, trainLoss: 1 / e, validationLoss: 1.2 / e,
                                     trainAccuracy: min(1, 0.5 + e / 20), validationAccuracy: min(1, 0.4 + e / 15),
                                     seconds: 0.1, samplesPerSecond: 100)
            if lambda { record.lambdaMax = 2 + e / 10 }
            return record
        })
    }

    @Test("Loss, accuracy on [0, 1] with the best epoch marked, and sharpness when λmax was tracked")
    func panels() throws {
        let without = TrainingCharts.panels(Self.history(epochs: 12, lambda: false), bestEpoch: 9)
        #expect(without.count == 2)
        let with = TrainingCharts.panels(Self.history(epochs: 12, lambda: true), bestEpoch: 9)
        #expect(with.count == 3)
        let accuracy = try #require(with[1] as? LineChart)
        #expect(accuracy.yBounds == 0...1)
        #expect(accuracy.referenceLines.contains { $0.vertical && $0.value == 9 })
        let sharpness = try #require(with[2] as? LineChart)
        // 2/lr = 200 lies far above λmax ≈ 3: the axis becomes symmetric-log so both show.
        #expect(sharpness.referenceLines.first?.value == 200)
        #expect(sharpness.yScale != .linear)
    }
}
