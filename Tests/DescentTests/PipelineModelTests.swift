import Foundation
import Linalg
import Testing
@testable import Descent

@Suite("Pipeline data and models: preparation from files, save, load for inference in one call")
struct PipelineModelTests {
    @Test("A separate validation file is appended as the validation rows; one without the target column is refused, named")
    func validationFile() throws {
        let directory = try FixtureDirectory()
        let training = try directory.write("train.csv", sortedThreeClassCSV(perClass: 20))
        let validation = try directory.write("val.csv", sortedThreeClassCSV(perClass: 3))
        let data = try DataPreparation(path: training, validationPath: validation).prepare(seed: 0)
        #expect(data.split.training == Array(0..<60) && data.split.validation == Array(60..<69))
        let means = data.split.training.reduce(0.0) { $0 + data.dataset.features[$1 * data.dataset.featureCount] } / 60
        #expect(abs(means) < 1e-12, "the scaling is fitted on the training rows only")

        let header = sortedThreeClassCSV(perClass: 3).split(separator: "\n")[0].split(separator: ",")
        let noTarget = try directory.write("nolabel.csv", header.dropLast().joined(separator: ",") + "\n1,2\n")
        #expect(throws: PreparationError.noTargetColumn(path: noTarget, role: .test, column: String(header.last!))) {
            try DataPreparation(path: training, testPath: noTarget).prepare(seed: 0)
        }
    }

    @Test("save then TrainedModel(contentsOf:) gives the same outputs as the trained network, a label per row")
    func saveAndLoad() throws {
        let directory = try FixtureDirectory()
        let data = try DataPreparation(path: PipelineRunTests.iris, testFraction: 0.2).prepare(seed: 3)
        let run = try TrainingRun<Float>(data: data, spec: data.spec(hiddenSizes: [8]), settings: PipelineRunTests.settings(epochs: 3), seed: 3)
        _ = try run.run()
        let path = directory.url.appendingPathComponent("m.safetensors").path
        try run.save(to: path)
        #expect(FileManager.default.fileExists(atPath: CheckpointPair.resumePath(forModel: path)))

        let model = try TrainedModel<Float>(contentsOf: path)
        let predictions = try model.predict(contentsOf: PipelineRunTests.iris)
        #expect(predictions.map(\.row) == Array(0..<150))
        // The reference: the trained network's own outputs on the prepared (already scaled) rows.
        let c = run.network.outputCount
        let direct = AlignedBuffer<Float>(count: 150 * c)
        let set = EvaluationSet<Float>(dataset: data.dataset, rows: Array(0..<150))
        run.network.predict(inputs: UnsafeBufferPointer(start: set.features.baseAddress, count: 150 * set.featureCount),
                            batchSize: 150, into: direct.buffer)
        for row in 0..<150 {
            let expected = (0..<c).map { Double(direct[row * c + $0]) }
            #expect(predictions[row].outputs == expected, "row \(row)")
            let best = expected.indices.max { expected[$0] < expected[$1] }!
            #expect(predictions[row].label == data.dataset.classNames[best])
        }
        let test = run.evaluate(rows: data.split.test)
        #expect(test.loss == Evaluator.evaluate(model.network, on: EvaluationSet(dataset: data.dataset, rows: data.split.test)).loss)
    }
}

@Suite("TrainingMethod as JSON: one flat object keyed by name, every double exact")
struct TrainingMethodCodingTests {
    @Test("Each method round-trips through JSONEncoder/JSONDecoder, doubles bit for bit; short hand-written forms take defaults")
    func roundTrip() throws {
        var adam = OptimizerConfiguration.defaults(for: .adam)
        adam.learningRate = 0.1 + 0.2  // 0.30000000000000004: shortest round-trip form needed
        adam.betas = (0.9, 0.999_9)
        let methods: [TrainingMethod] = [
            .firstOrder(adam), .firstOrder(.defaults(for: .nesterov)),
            .secondOrder(SecondOrderSettings(method: .lbfgs, learningRate: 0.7, iterationsPerEpoch: 5)),
            .secondOrder(SecondOrderSettings(method: .newton, learningRate: 1, damping: 1e-300)),
        ]
        for method in methods {
            let data = try JSONEncoder().encode(method)
            #expect(try JSONDecoder().decode(TrainingMethod.self, from: data) == method, "\(String(decoding: data, as: UTF8.self))")
        }
        let short = try JSONDecoder().decode(TrainingMethod.self, from: Data(#"{"name": "L-BFGS"}"#.utf8))
        #expect(short == .secondOrder(SecondOrderSettings(method: .lbfgs)))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TrainingMethod.self, from: Data(#"{"name": "bfgs"}"#.utf8)) }
    }
}

@Suite("RunConfiguration: the run as one Codable value, stored in its checkpoints")
struct RunConfigurationTests {
    @Test("A configuration round-trips through JSON exactly, and the run rebuilt from the decoded one trains the same bits")
    func roundTripAndRebuild() throws {
        var settings = PipelineRunTests.settings(epochs: 3, earlyStopping: EarlyStopping(patience: 4, minDelta: 0.001))
        settings.schedule = .warmup(steps: 2, startFactor: 0.1, then: .cosineWarmRestarts(firstPeriod: 3, periodMultiplier: 2, minimum: 1e-5))
        settings.plateau = ReduceLearningRateOnPlateau(factor: 0.5, patience: 2)
        settings.clipNorm = 0.1 + 0.2
        settings.regularization = Regularization(l2: 1e-4, l1: 0)
        var csv = CSVReadOptions(delimiter: UInt8(ascii: ","))
        csv.decimalComma = false
        let preparation = DataPreparation(path: PipelineRunTests.iris, csv: csv,
                                          columns: DatasetOptions(target: .name("species"), drop: ["sepal_width_cm"], missingValues: .mean),
                                          preprocess: .center, validationFraction: 0.25)
        let data = try preparation.prepare(seed: 9)
        var adamw = OptimizerConfiguration.defaults(for: .adamw)
        adamw.learningRate = 3e-3
        let configuration = RunConfiguration(data: preparation, spec: data.spec(hiddenSizes: [6, 5], activation: .tanh, dropout: 0.1),
                                             method: .firstOrder(adamw), settings: settings, seed: 9, precision: .double,
                                             frozenLinearLayers: 1, curvature: CurvatureSettings(every: 2, samples: 40, traceSamples: 3))
        let text = try configuration.json()
        let decoded = try JSONDecoder().decode(RunConfiguration.self, from: Data(text.utf8))
        #expect(try decoded.json() == text)
        #expect(decoded.settings.clipNorm == 0.1 + 0.2 && decoded.settings.schedule == settings.schedule && decoded.data == preparation)

        let first = try TrainingRun<Double>(configuration: configuration, data: data)
        let second = try TrainingRun<Double>(configuration: decoded, data: try decoded.data.prepare(seed: decoded.seed))
        _ = try first.run()
        _ = try second.run()
        #expect(Array(first.network.parameters.buffer) == Array(second.network.parameters.buffer))
        #expect(first.trainer.history == second.trainer.history.withSameTiming(as: first.trainer.history))
        #expect(try first.modelFile().metadata[RunConfiguration.metadataKey] == text)
        #expect(throws: TrainingRunError.self) { try TrainingRun<Float>(configuration: configuration, data: data) }
    }
}

extension TrainingHistory {
    /// This history with `other`'s wall-clock columns (the only values two equal runs differ in).
    func withSameTiming(as other: TrainingHistory) -> TrainingHistory {
        var copy = self
        for index in copy.records.indices where index < other.records.count {
            copy.records[index].seconds = other.records[index].seconds
            copy.records[index].samplesPerSecond = other.records[index].samplesPerSecond
        }
        return copy
    }
}
