import Testing
@testable import Descent

@Suite("Statistics of optimizer races")
struct CompareStatisticsTests {
    @Test("Mean, sample standard deviation, median and extremes, by hand; non-finite values left out")
    func summary() throws {
        let s = try #require(SeedSummary([4, 1, .nan, 3, 2, .infinity]))
        #expect(s.count == 4)
        #expect(s.mean == 2.5)
        // Σ(x − 2.5)² = 2.25 + 0.25 + 0.25 + 2.25 = 5; 5/3 under the root.
        #expect(abs(s.standardDeviation - (5.0 / 3).squareRoot()) < 1e-15)
        #expect(s.median == 2.5)
        #expect(s.minimum == 1 && s.maximum == 4)
        let odd = try #require(SeedSummary([7, 1, 3]))
        #expect(odd.median == 3)
        #expect(try #require(SeedSummary([5])).standardDeviation == 0)
        #expect(SeedSummary([.nan]) == nil)
        #expect(SeedSummary([]) == nil)
    }

    @Test("Bands take the median, minimum and maximum per index over curves of different lengths")
    func band() {
        let band = CompareStatistics.band([[3, 2, 1], [5, 4], [1, .nan, 0]])
        #expect(band.median == [3, 3, 0.5])
        #expect(band.lower == [1, 2, 0])
        #expect(band.upper == [5, 4, 1])
        let empty = CompareStatistics.band([[.nan], []])
        #expect(empty.median.count == 1 && empty.median[0].isNaN)
    }

    @Test("The first epoch at or below the target, with the seconds spent up to it")
    func firstReach() throws {
        let records = [(0, 2.0, 0.0), (1, 1.0, 0.5), (2, 0.4, 0.25), (3, 0.3, 0.25)].map {
            EpochRecord(epoch: $0.0, learningRate: 0.1, trainLoss: $0.1, seconds: $0.2, samplesPerSecond: 0)
        }
        let history = TrainingHistory(records: records)
        let reach = try #require(CompareStatistics.firstReach(of: 0.4, in: history))
        #expect(reach.epoch == 2 && reach.seconds == 0.75)
        #expect(CompareStatistics.firstReach(of: 3, in: history)?.epoch == 0)
        #expect(CompareStatistics.firstReach(of: 0.1, in: history) == nil)
    }
}
