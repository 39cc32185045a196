import Foundation
import Linalg
import Testing
@testable import Descent

@Suite("Typed, Codable state: TrainerState, ModelDescription, spec and optimizer JSON")
struct TrainerStateTests {
    /// Doubles JSON has trouble with: subnormals, the extremes, values needing 17 digits, −0, ±∞.
    static let awkward: [Double] = [
        .leastNonzeroMagnitude, 3 * .leastNonzeroMagnitude, Double.leastNormalMagnitude.nextDown, .leastNormalMagnitude,
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude, Double.greatestFiniteMagnitude.nextDown, 0.1 + 0.2, 1.0 / 3.0, -0.0,
        Double(1 << 53).nextUp, 1e23, 123456.789e-300,
        .infinity, -.infinity,
    ]

    static func state(_ x: Double, _ y: Double, history: [EpochRecord]) -> TrainerState {
        TrainerState(optimizerName: "adam", optimizerSteps: 7, optimizerLearningRate: x, completedEpochs: 3, globalStep: 9,
                     baseLearningRate: y, shuffleRandom: [.max, 1 << 63 + 12345, 0, 42, Double(0.1).bitPattern],
                     dropoutRandom: [UInt64.max - 1, 2, 3, 4, 0],
                     epoch: .init(nextBatch: 2, lossSum: x, correct: 5, rows: 6, seconds: y), stoppedEarly: true,
                     earlyStopping: .init(bestLoss: y, bestEpoch: 2, epochsWithoutImprovement: 1),
                     plateau: .init(best: x, badEpochs: 4, cooldownRemaining: 0), history: history)
    }

    static func bits(_ state: TrainerState) -> [UInt64] {
        var result = [state.optimizerLearningRate, state.baseLearningRate, state.epoch.lossSum, state.epoch.seconds,
                      state.earlyStopping!.bestLoss, state.plateau!.best].map(\.bitPattern)
        for r in state.history {
            let values: [Double?] = [r.learningRate, r.trainLoss, r.validationLoss, r.trainAccuracy, r.validationAccuracy, r.trainRMSE,
                                     r.validationRMSE, r.validationR2, r.lambdaMax, r.lambdaMin, r.hessianTrace, r.seconds, r.samplesPerSecond]
            result += values.map { $0?.bitPattern ?? 0xdead }
        }
        return result + state.shuffleRandom + state.dropoutRandom
    }

    @Test("encode → decode gives the same bits for every double (subnormal, huge, −0, ±∞) and word")
    func exactRoundTrip() throws {
        var random = RandomGenerator(seed: 11)
        var values = Self.awkward
        for _ in 0..<300 { values.append(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF) * (random.next() & 1 == 0 ? 1 : -1)) }
        var history: [EpochRecord] = []
        for (index, value) in values.enumerated() {
            var record = EpochRecord(epoch: index + 1, learningRate: value, trainLoss: values[(index + 1) % values.count],
                                     validationLoss: index % 3 == 0 ? nil : value, trainAccuracy: value, validationR2: index % 2 == 0 ? value : nil,
                                     lambdaMax: value, seconds: value, samplesPerSecond: value)
            record.lambdaMin = index % 5 == 0 ? nil : value
            record.hessianTrace = value
            history.append(record)
        }
        for (x, y) in zip(values, values.reversed()) {
            let state = Self.state(x, y, history: Array(history.prefix(8)))
            let back = try JSONDecoder().decode(TrainerState.self, from: JSONEncoder().encode(state))
            #expect(Self.bits(back) == Self.bits(state))
        }
        let whole = Self.state(.nan, 1, history: history)
        let back = try JSONDecoder().decode(TrainerState.self, from: JSONEncoder().encode(whole))
        #expect(Self.bits(back).dropFirst() == Self.bits(whole).dropFirst())
        #expect(back.optimizerLearningRate.isNaN)
        #expect(back.history.map(\.validationLoss) == whole.history.map(\.validationLoss))
    }

    @Test("The JSON has snake_case keys, a format version and null for an absent metric; a newer version is refused")
    func keysAndVersion() throws {
        let record = EpochRecord(epoch: 1, learningRate: 0.1, trainLoss: 1, seconds: 1, samplesPerSecond: 2)
        let text = String(decoding: try JSONEncoder().encode(Self.state(1, .infinity, history: [record])), as: UTF8.self)
        for key in ["\"format_version\":1", "\"optimizer_lr\":1", "\"base_lr\":\"inf\"", "\"next_batch\":2", "\"val_loss\":null",
                    "\"samples_per_second\":2", "\"epochs_without_improvement\":1", "\"cooldown_remaining\":0"] {
            #expect(text.contains(key), "\(key) in \(text)")
        }
        let newer = text.replacingOccurrences(of: "\"format_version\":1", with: "\"format_version\":99")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TrainerState.self, from: Data(newer.utf8)) }
    }

    @Test("A trainer's state and tensors restore into a fresh trainer that then continues bit-identically")
    func trainerContinues() throws {
        func trainer() throws -> Trainer<Float> {
            let table = try SyntheticData.spiral(samples: 120, classes: 3, seed: 5)
            let dataset = try Dataset(table: try CSVReader.parse(text: table.csvText()))
            var random = RandomGenerator(seed: 4)
            let network = try Network<Float>(spec: NetworkSpec(inputCount: 2, hiddenSizes: [8], outputCount: 3, dropout: 0.2),
                                             maxBatchSize: 16, random: &random)
            var settings = TrainingSettings()
            settings.batchSize = 16
            settings.epochs = 4
            settings.plateau = ReduceLearningRateOnPlateau(patience: 1)
            return try Trainer(network: network, settings: settings, dataset: dataset, trainingRows: Array(0..<96),
                               validationRows: Array(96..<120), shuffleRandom: RandomGenerator(seed: 6))
        }
        let straight = try trainer()
        let stopped = try trainer()
        _ = stopped.runEpoch()
        var steps = 0
        _ = stopped.runEpoch(shouldStop: { steps += 1; return steps > 3 })
        let file = try SafeTensorsFile.decode(try stopped.resumeFile().encoded(), path: "memory")
        let resumed = try trainer()
        try resumed.restore(from: file, path: "memory")
        #expect(resumed.state == stopped.state)
        while !resumed.isFinished { _ = resumed.runEpoch() }
        while !straight.isFinished { _ = straight.runEpoch() }
        #expect(resumed.network.parameters.buffer.map(\.bitPattern) == straight.network.parameters.buffer.map(\.bitPattern))
        #expect(resumed.history.records.map(\.trainLoss) == straight.history.records.map(\.trainLoss))
    }

    @Test("Spec, optimizer and description JSON round-trip; a short optimizer object takes the rule's defaults")
    func typedValues() throws {
        let specs = [
            NetworkSpec(inputCount: 3, hiddenSizes: [4, 2], outputCount: 2, activation: .leakyReLU(negativeSlope: 0.2), batchNorm: true,
                        dropout: 0.5, initializer: .normal(standardDeviation: 0.01), loss: .crossEntropy(labelSmoothing: 0.1)),
            NetworkSpec(inputCount: 1, hiddenSizes: [], outputCount: 1, activation: .gelu, initializer: .pytorchDefault, loss: .meanSquaredError),
        ]
        for spec in specs { #expect(try JSONDecoder().decode(NetworkSpec.self, from: JSONEncoder().encode(spec)) == spec) }
        for kind in OptimizerKind.allCases {
            var configuration = OptimizerConfiguration.defaults(for: kind)
            configuration.learningRate = 0.0123
            configuration.weightDecay = 1e-5
            let text = String(decoding: try JSONEncoder().encode(configuration), as: UTF8.self)
            #expect(try JSONDecoder().decode(OptimizerConfiguration.self, from: Data(text.utf8)) == configuration, "\(text)")
            #expect(text.contains("\"weight_decay\":1e-05") && text.contains("\"name\":\"\(kind.rawValue)\""))
        }
        let short = try JSONDecoder().decode(OptimizerConfiguration.self, from: Data(#"{"name": "nesterov", "lr": 0.5}"#.utf8))
        var expected = OptimizerConfiguration.defaults(for: .nesterov)
        expected.learningRate = 0.5
        #expect(short == expected)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ActivationKind.self, from: Data(#"{"type": "swish"}"#.utf8))
        }
    }
}
