import Foundation
import Linalg
import Testing
@testable import Descent

/// The checkpoints under Fixtures/v0.1 were written by v0.1 (scripts/fixtures-v0.1), beside what
/// v0.1 predicted from them: they must still load, as the same typed model, and predict the same bits.
@Suite("v0.1 checkpoints: typed description, same predictions, resume state")
struct CheckpointV01Tests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/v0.1")
    static let iris = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/iris.csv").path

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func description(_ name: String) throws -> (SafeTensorsFile, ModelDescription) {
        let file = try SafeTensorsFile.read(from: fixture(name + ".safetensors"))
        return (file, try ModelCheckpoint.description(of: file, path: name))
    }

    /// The CSV body `descent predict` printed: the label and each probability, or the value.
    static func predictions<Scalar: BLASScalar>(_ file: SafeTensorsFile, _ description: ModelDescription, as type: Scalar.Type) throws -> [String] {
        let network = try ModelCheckpoint.network(from: file, description: description, path: "fixture", maxBatchSize: 512, as: Scalar.self)
        let table = try CSVReader.read(contentsOf: iris)
        var rows = try description.encoding.scoringRows(table, useTarget: false, missing: nil, standardizer: description.standardizer)
        rows.standardize(with: description.standardizer)
        let set = EvaluationSet<Scalar>(dataset: rows.dataset)
        let c = network.outputCount
        let outputs = AlignedBuffer<Scalar>(count: set.rowCount * c)
        network.predict(inputs: UnsafeBufferPointer(start: set.features.baseAddress, count: set.rowCount * set.featureCount),
                        batchSize: set.rowCount, into: outputs.buffer)
        let classes = description.encoding.target.classNames
        return (0..<set.rowCount).map { row in
            let values = (0..<c).map { outputs[row * c + $0] }
            guard !classes.isEmpty else { return "\(values[0])" }
            var best = 0
            for k in 1..<c where values[k] > values[best] { best = k }
            return classes[best] + "," + values.map { "\($0)" }.joined(separator: ",")
        }
    }

    @Test("Every v0.1 model predicts exactly what v0.1 printed", arguments: ["iris-float", "iris-double-bn", "iris-regression", "iris-interrupted"])
    func samePredictions(name: String) throws {
        let (file, description) = try Self.description(name)
        let expected = try String(contentsOfFile: Self.fixture(name + ".predictions.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map(String.init)
        let found = description.precision == .double
            ? try Self.predictions(file, description, as: Double.self) : try Self.predictions(file, description, as: Float.self)
        #expect(found.count == 150)
        #expect(found == expected)
    }

    @Test("v0.1's strings become types: activation, initializer, loss, precision, optimizer")
    func typedDescription() throws {
        let (_, float) = try Self.description("iris-float")
        #expect(float.formatVersion == 0)
        #expect(float.precision == .float)
        #expect(float.spec == NetworkSpec(inputCount: 4, hiddenSizes: [8], outputCount: 3, activation: .relu,
                                          initializer: .kaimingUniform, loss: .crossEntropy(labelSmoothing: 0)))
        #expect(float.optimizer == .defaults(for: .adam))
        let (_, bn) = try Self.description("iris-double-bn")
        #expect(bn.precision == .double)
        #expect(bn.spec.activation == .tanh && bn.spec.batchNorm && bn.spec.dropout == 0.1 && bn.spec.hiddenSizes == [8, 6])
        var momentum = OptimizerConfiguration.defaults(for: .momentum)
        momentum.learningRate = 0.05
        #expect(bn.optimizer == momentum)
        let (_, regression) = try Self.description("iris-regression")
        #expect(regression.spec.activation == .leakyReLU(negativeSlope: 0.01))
        #expect(regression.spec.initializer == .normal(standardDeviation: 0.01))
        #expect(regression.spec.loss == .meanSquaredError)
        #expect(regression.regularization == Regularization(l2: 0.001, l1: 0))
        var adamw = OptimizerConfiguration.defaults(for: .adamw)
        adamw.amsgrad = true
        #expect(regression.optimizer == adamw)
        #expect(regression.encoding.target.task == .regression && regression.encoding.target.name == "petal_width_cm")
    }

    @Test("A v0.1 description written again in the current format reads back equal")
    func rewrittenDescription() throws {
        for name in ["iris-float", "iris-double-bn", "iris-regression"] {
            var (_, description) = try Self.description(name)
            description.formatVersion = ModelDescription.currentFormatVersion
            let json = try JSONEncoder().encode(description)
            let text = String(decoding: json, as: UTF8.self)
            #expect(text.contains("\"format_version\":1") && text.contains("\"hidden_sizes\"") && !text.contains("hiddenSizes"))
            #expect(!text.contains("constantFeatures") && !text.contains("classNames") && !text.contains("missingValues"))
            #expect(try JSONDecoder().decode(ModelDescription.self, from: json) == description)
        }
    }

    @Test("A v0.1 resume file becomes a TrainerState holding its values, exactly")
    func legacyResumeState() throws {
        let file = try SafeTensorsFile.read(from: Self.fixture("iris-interrupted.resume.safetensors"))
        let state = try TrainerState(resumeFile: file, path: "fixture")
        #expect(state.formatVersion == 0)
        #expect(state.optimizerName == "adam" && state.optimizerLearningRate == 0.001 && state.baseLearningRate == 0.001)
        #expect(state.completedEpochs == 58 && state.epoch.nextBatch == 103)
        #expect(state.globalStep == 58 * 120 + 103 && state.optimizerSteps == state.globalStep)
        #expect(state.history.count == 58 && state.history.map(\.epoch) == Array(1...58))
        #expect(state.history.allSatisfy { $0.validationLoss != nil && $0.trainRMSE == nil })
        #expect(state.shuffleRandom.count == 5 && RandomGenerator(snapshot: state.shuffleRandom) != nil)
        #expect(state.earlyStopping == nil)
        let fields = try JSONDecoder().decode([String: String].self, from: Data(file.metadata["descent_resume"]!.utf8))
        #expect(state.epoch.lossSum == Double(fields["epoch_loss_sum"]!))
        #expect(state.shuffleRandom.map { String($0, radix: 16) }.joined(separator: ",") == fields["shuffle_rng"])
        let history = file.tensor(named: "history")!
        #expect(state.history[57].trainLoss.bitPattern == history.values[57 * 12 + 2].bitPattern)
        let again = try JSONDecoder().decode(TrainerState.self, from: JSONEncoder().encode(state))
        var expected = state
        expected.formatVersion = TrainerState.currentFormatVersion
        #expect(again == expected)
    }

    @Test("The plateau and early-stopping memory of a v0.1 resume file is read")
    func legacyPlateau() throws {
        let file = try SafeTensorsFile.read(from: Self.fixture("iris-double-bn.resume.safetensors"))
        let state = try TrainerState(resumeFile: file, path: "fixture")
        let fields = try JSONDecoder().decode([String: String].self, from: Data(file.metadata["descent_resume"]!.utf8))
        #expect(state.plateau == TrainerState.PlateauState(best: Double(fields["plateau_best"]!)!, badEpochs: Int(fields["plateau_bad"]!)!,
                                                           cooldownRemaining: Int(fields["plateau_cooldown"]!)!))
        #expect(state.earlyStopping?.bestEpoch == Int(fields["es_best_epoch"]!))
        #expect(state.optimizerName == "momentum" && state.completedEpochs == 2)
    }
}
