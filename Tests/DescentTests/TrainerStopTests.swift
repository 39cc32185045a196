import Descent
import Linalg
import Testing

@Suite("Trainer: a stop never changes the trajectory that continues from it")
struct TrainerStopTests {
    /// Runs `trainer` to the end, asking `stop(epoch, nextBatch)` between steps; every stop is taken
    /// up and the run simply continues (as a resume from the saved state does).
    static func run(_ trainer: Trainer<Float>, stoppingWhen stop: @escaping (Int, Int) -> Bool) -> Int {
        var stoppedEpochs: Set<Int> = []
        while !trainer.isFinished {
            let epoch = trainer.completedEpochs
            let outcome = trainer.runEpoch(shouldStop: {
                guard !stoppedEpochs.contains(epoch), stop(epoch, trainer.batchPosition.next) else { return false }
                stoppedEpochs.insert(epoch)
                return true
            })
            _ = outcome
        }
        return stoppedEpochs.count
    }

    @Test("Stops at an epoch's start, mid-epoch and at its last batch continue bit-identically", arguments: [0, 3, 7])
    func stopsContinueIdentically(batch: Int) throws {
        let (plain, _) = try CurvatureTrackingTests.trainer()
        while !plain.isFinished { _ = plain.runEpoch() }
        let (stopped, _) = try CurvatureTrackingTests.trainer()
        let stops = Self.run(stopped) { epoch, next in epoch >= 1 && epoch <= 3 && next == batch }
        #expect(stops == 3)
        #expect(Array(plain.network.parameters.buffer) == Array(stopped.network.parameters.buffer))
        #expect(plain.history.records.map(\.trainLoss) == stopped.history.records.map(\.trainLoss))
    }
}
