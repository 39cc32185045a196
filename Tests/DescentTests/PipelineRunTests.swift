import Foundation
import Linalg
import Testing
@testable import Descent

/// An observer that records what a run reported and stops when asked to.
final class RecordingObserver: TrainingObserver {
    var epochs: [EpochRecord] = []
    var events: [TrainingEvent] = []
    var earlyStops: [(epoch: Int, best: Int)] = []
    var interruptedAt: [Int] = []
    var divergences: [TrainingDivergence] = []
    var steps = 0
    /// Asked before each epoch and between steps: (epoch about to run or running, steps seen so far).
    var stop: (Int, Int) -> Bool = { _, _ in false }
    var epoch = 1

    func shouldStop() -> Bool { stop(epoch, steps) }
    func stepFinished(epoch: Int, done: Int, total: Int) { steps += 1; self.epoch = epoch }
    func epochEnded(_ record: EpochRecord, events: [TrainingEvent]) throws {
        epochs.append(record)
        self.events += events
        epoch = record.epoch + 1
    }
    func stoppedEarly(epoch: Int, bestEpoch: Int, bestLoss: Double) { earlyStops.append((epoch, bestEpoch)) }
    func interrupted(epoch: Int) { interruptedAt.append(epoch) }
    func diverged(_ divergence: TrainingDivergence) { divergences.append(divergence) }
}

@Suite("TrainingRun: the library's epoch loop, reported through an observer")
struct PipelineRunTests {
    static var iris: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/iris.csv").path
    }

    static func settings(epochs: Int, earlyStopping: EarlyStopping? = nil) -> TrainingSettings {
        var settings = TrainingSettings()
        settings.epochs = epochs
        settings.batchSize = 16
        settings.earlyStopping = earlyStopping
        return settings
    }

    @Test("A run equals the hand-written loop over a Trainer built from the seed's generators, bit for bit")
    func matchesHandWrittenLoop() throws {
        let data = try DataPreparation(path: Self.iris).prepare(seed: 5)
        let spec = data.spec(hiddenSizes: [8])
        let run = try TrainingRun<Float>(data: data, spec: spec, settings: Self.settings(epochs: 4), seed: 5)
        let observer = RecordingObserver()
        let result = try run.run(observer: observer)

        // The reference: the seed's master generator drawn by hand (split, init, shuffle) and the
        // Trainer's epochs run directly.
        var master = RandomGenerator(seed: 5)
        var splitRandom = RandomGenerator(seed: master.next())
        var initRandom = RandomGenerator(seed: master.next())
        let shuffle = RandomGenerator(seed: master.next())
        var dataset = try Dataset(table: try CSVReader.read(contentsOf: Self.iris))
        let split = try DatasetSplitter().split(dataset, random: &splitRandom)
        Standardizer(mode: .standardize, fittingRows: split.training, of: dataset).apply(to: &dataset)
        #expect(split == data.split)
        let network = try Network<Float>(spec: spec, maxBatchSize: 256, random: &initRandom)
        let trainer = try Trainer(network: network, settings: Self.settings(epochs: 4), dataset: dataset,
                                  trainingRows: split.training, validationRows: split.validation, shuffleRandom: shuffle)
        while !trainer.isFinished { _ = trainer.runEpoch() }

        #expect(result.ending == .completed && result.completedEpochs == 4 && result.steps == trainer.globalStep)
        #expect(Array(run.network.parameters.buffer) == Array(trainer.network.parameters.buffer))
        #expect(result.history.records.map(\.trainLoss) == trainer.history.records.map(\.trainLoss))
        #expect(observer.epochs.map(\.epoch) == [1, 2, 3, 4])
        #expect(observer.steps == trainer.globalStep)
    }

    @Test("A stop requested mid-epoch ends the run resumable; early stopping is reported and restores the best epoch")
    func stopAndEarlyStop() throws {
        let data = try DataPreparation(path: Self.iris).prepare(seed: 1)
        let stopped = try TrainingRun<Float>(data: data, spec: data.spec(hiddenSizes: [8]), settings: Self.settings(epochs: 5), seed: 1)
        let observer = RecordingObserver()
        observer.stop = { epoch, _ in epoch == 3 && observer.steps % 8 == 2 }
        let result = try stopped.run(observer: observer)
        #expect(result.ending == .interrupted(epoch: 3) && observer.interruptedAt == [3])
        #expect(result.completedEpochs == 2 && !result.isFinished)

        var settings = Self.settings(epochs: 400, earlyStopping: EarlyStopping(patience: 2, minDelta: 0.05))
        settings.optimizer.learningRate = 0.05
        let early = try TrainingRun<Float>(data: data, spec: data.spec(hiddenSizes: [8]), settings: settings, seed: 1)
        let watcher = RecordingObserver()
        let finished = try early.run(observer: watcher)
        #expect(finished.ending == .stoppedEarly && finished.completedEpochs < 400)
        #expect(watcher.earlyStops.count == 1 && watcher.earlyStops.first?.epoch == finished.completedEpochs)
        #expect(finished.restoredEpoch == watcher.earlyStops.first?.best)
    }

    @Test("A diverging rate is reported once, with the last good state kept")
    func divergence() throws {
        let data = try DataPreparation(path: Self.iris).prepare(seed: 2)
        var configuration = OptimizerConfiguration.defaults(for: .sgd)
        configuration.learningRate = 1e30
        let run = try TrainingRun<Float>(data: data, spec: data.spec(hiddenSizes: [8]), method: .firstOrder(configuration),
                                         settings: Self.settings(epochs: 3), seed: 2)
        let observer = RecordingObserver()
        let result = try run.run(observer: observer)
        guard case let .diverged(divergence) = result.ending else { Issue.record("expected a divergence: \(result.ending)"); return }
        #expect(observer.divergences == [divergence])
        #expect(run.trainer.lastGoodState.allSatisfy { $0.values.allSatisfy(\.isFinite) })
    }

    @Test("Second-order runs refuse dropout; freezing more layers than the network has is refused with the numbers")
    func refusals() throws {
        let data = try DataPreparation(path: Self.iris).prepare(seed: 0)
        #expect(throws: TrainingRunError.self) {
            try TrainingRun<Float>(data: data, spec: data.spec(hiddenSizes: [4], dropout: 0.2),
                                   method: .secondOrder(SecondOrderSettings(method: .lbfgs)), seed: 0)
        }
        let run = try TrainingRun<Float>(data: data, spec: data.spec(hiddenSizes: [4]), seed: 0)
        #expect(throws: TrainingRunError.freezeBeyondLayers(requested: 3, available: 2)) { try run.freezeLinearLayers(3) }
    }

    @Test("L-BFGS through the run lowers the loss and records one epoch per update")
    func secondOrder() throws {
        let data = try DataPreparation(path: Self.iris).prepare(seed: 0)
        let run = try TrainingRun<Double>(data: data, spec: data.spec(hiddenSizes: [4]),
                                          method: .secondOrder(SecondOrderSettings(method: .lbfgs, iterationsPerEpoch: 5)),
                                          settings: Self.settings(epochs: 3), seed: 0)
        let initial = run.initialRecord()
        let observer = RecordingObserver()
        let result = try run.run(observer: observer)
        #expect(result.ending == .completed && observer.epochs.count == 3 && observer.steps == 3)
        #expect(try #require(result.history.records.last?.trainLoss) < initial.trainLoss)
    }
}
