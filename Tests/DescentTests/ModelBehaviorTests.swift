import Foundation
import Testing
import Descent
import Linalg

/// Worked examples and properties: BatchNorm's running statistics, the initialization figure,
/// loss at initialization, extreme logits, Float vs Double, checkpoints.
@Suite("Model behavior")
struct ModelBehaviorTests {
    @Test("BatchNorm running statistics follow PyTorch's update on a worked example")
    func batchNormRunningStatistics() throws {
        var random = RandomGenerator(seed: 1)
        let network = try Network<Double>(inputCount: 2, layers: [.batchNorm, .dense(outputCount: 2)], loss: .meanSquaredError,
                                          initializer: .xavierNormal, maxBatchSize: 4, random: &random)
        // Columns (1, 3, 5, 7) and (2, 6, 4, 0): means 4 and 3, biased variances 20/4 = 5, unbiased 20/3.
        let inputs: [Double] = [1, 2, 3, 6, 5, 4, 7, 0]
        let targets = [Double](repeating: 0, count: 8)
        for _ in 0..<2 {
            inputs.withUnsafeBufferPointer { x in
                targets.withUnsafeBufferPointer { t in
                    _ = network.lossAndGradient(inputs: x, targets: .values(t), batchSize: 4, mode: .training)
                }
            }
        }
        // After one step: mean 0.1·μ, var 0.9·1 + 0.1·20/3; after the second: 0.9·that + 0.1·(same batch).
        let mean1 = [0.4, 0.3], var1 = 0.9 + 0.1 * 20.0 / 3.0
        let mean2 = mean1.map { 0.9 * $0 + 0.1 * ($0 * 10) }, var2 = 0.9 * var1 + 0.1 * 20.0 / 3.0
        let tensors = network.namedTensors()
        let runningMean = try #require(tensors.first { $0.name == "0.running_mean" })
        let runningVariance = try #require(tensors.first { $0.name == "0.running_var" })
        let tracked = try #require(tensors.first { $0.name == "0.num_batches_tracked" })
        #expect(abs(runningMean.values[0] - mean2[0]) < 1e-12 && abs(runningMean.values[1] - mean2[1]) < 1e-12)
        #expect(runningVariance.values.allSatisfy { abs($0 - var2) < 1e-12 })
        #expect(tracked.values == [2] && tracked.kind == .counter && tracked.shape == [])
        // Training-mode output of the normalization: x̂ = (1 − 4)/√(5 + 1e-5) for the first element.
        let statistics = inputs.withUnsafeBufferPointer { network.activationStatistics(inputs: $0, batchSize: 4, mode: .training) }
        #expect(abs(statistics[0].mean) < 1e-12)
        #expect(abs(statistics[0].standardDeviation - (5 / (5 + 1e-5)).squareRoot()) < 1e-12)
        // Loss and Hessian calls do not touch the running statistics.
        inputs.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { t in
                _ = network.loss(inputs: x, targets: .values(t), batchSize: 4, mode: .training)
            }
        }
        #expect(network.namedTensors().first { $0.name == "0.num_batches_tracked" }?.values == [2])
    }

    /// Standard deviations of the ReLU outputs of a 10-hidden-layer, width-256 net on N(0, 1) inputs.
    static func reluStandardDeviations(_ initializer: Initializer) throws -> [Double] {
        var random = RandomGenerator(seed: 5)
        let spec = NetworkSpec(inputCount: 256, hiddenSizes: Array(repeating: 256, count: 10), outputCount: 10,
                               activation: .relu, initializer: initializer)
        let network = try Network<Float>(spec: spec, maxBatchSize: 256, random: &random)
        let inputs = ModelCheck.normals(256 * 256, seed: 6).map(Float.init)
        let statistics = inputs.withUnsafeBufferPointer { network.activationStatistics(inputs: $0, batchSize: 256) }
        return statistics.filter { $0.moduleName == "ReLU" }.map(\.standardDeviation)
    }

    @Test("He init keeps the ReLU activation spread within 2× layer to layer; 0.01·randn shrinks it over 100×")
    func initializationFigure() throws {
        let he = try Self.reluStandardDeviations(.kaimingNormal)
        #expect(he.count == 10)
        for (previous, next) in zip(he, he.dropFirst()) {
            #expect(next / previous > 0.5 && next / previous < 2, "He: \(he)")
        }
        let small = try Self.reluStandardDeviations(.normal(standardDeviation: 0.01))
        #expect(small.last! < small.first! / 100, "0.01·randn: \(small)")
        // Each layer multiplies the spread by about 0.01·√(256/2) ≈ 0.11.
        #expect(small[1] / small[0] > 0.05 && small[1] / small[0] < 0.25)
    }

    @Test("Loss at initialization with small weights on 10 balanced classes is ln 10")
    func lossAtInitialization() throws {
        var random = RandomGenerator(seed: 8)
        let spec = NetworkSpec(inputCount: 20, hiddenSizes: [32, 32], outputCount: 10, activation: .tanh,
                               initializer: .normal(standardDeviation: 0.001))
        let network = try Network<Double>(spec: spec, maxBatchSize: 100, random: &random)
        let inputs = ModelCheck.normals(100 * 20, seed: 9)
        let labels = (0..<100).map { Int32($0 % 10) }
        let loss = inputs.withUnsafeBufferPointer { x in
            labels.withUnsafeBufferPointer { network.loss(inputs: x, targets: .classIndices($0), batchSize: 100, mode: .evaluation) }
        }
        #expect(abs(loss - log(10)) < 1e-4)
    }

    @Test("Cross-entropy stays finite for logits of ±1e4: loss 2e4 by hand, gradient p − onehot")
    func extremeLogits() {
        for type in [Float.self, Double.self] as [any BLASScalar.Type] {
            func check<S: BLASScalar>(_: S.Type) {
                let loss = LossFunction<S>(.crossEntropy(), outputCount: 3, maxBatchSize: 2)
                let logits: [S] = [1e4, -1e4, 0, -1e4, 1e4, 0]
                let labels: [Int32] = [1, 1]
                let value = logits.withUnsafeBufferPointer { z in
                    labels.withUnsafeBufferPointer { loss.evaluate(outputs: z.baseAddress!, targets: .classIndices($0), batchSize: 2) }
                }
                // Row 1: log-sum-exp = 1e4, label logit −1e4 → 2e4; row 2: label is the max → 0.
                #expect(abs(value - 1e4) < 1e-6 * 1e4, "\(S.self)")
                let gradient = loss.gradient.array.prefix(6).map(Double.init)
                let expected = [0.5, -0.5, 0, 0, 0, 0]
                #expect(zip(gradient, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(S.self): \(gradient)")
            }
            if type == Float.self { check(Float.self) } else { check(Double.self) }
        }
    }

    @Test("Float and Double forward passes from the same seed agree to Float tolerance")
    func floatMatchesDouble() throws {
        let spec = NetworkSpec(inputCount: 8, hiddenSizes: [16, 16], outputCount: 5, activation: .gelu, batchNorm: true)
        var randomFloat = RandomGenerator(seed: 12), randomDouble = RandomGenerator(seed: 12)
        let single = try Network<Float>(spec: spec, maxBatchSize: 10, random: &randomFloat)
        let double = try Network<Double>(spec: spec, maxBatchSize: 10, random: &randomDouble)
        let inputs = ModelCheck.normals(80, seed: 13)
        var singleOut = [Float](repeating: 0, count: 50), doubleOut = [Double](repeating: 0, count: 50)
        inputs.map(Float.init).withUnsafeBufferPointer { x in singleOut.withUnsafeMutableBufferPointer { single.predict(inputs: x, batchSize: 10, into: $0) } }
        inputs.withUnsafeBufferPointer { x in doubleOut.withUnsafeMutableBufferPointer { double.predict(inputs: x, batchSize: 10, into: $0) } }
        #expect(ModelCheck.relativeError(singleOut.map(Double.init), doubleOut) < 1e-5)
        // Probabilities: each row sums to 1.
        for row in 0..<10 { #expect(abs(doubleOut[row * 5 ..< row * 5 + 5].reduce(0, +) - 1) < 1e-12) }
    }

    @Test("State_dict names and shapes; namedTensors round-trips; a wrong shape names the tensor")
    func checkpointTensors() throws {
        let spec = NetworkSpec(inputCount: 3, hiddenSizes: [4], outputCount: 2, batchNorm: true, dropout: 0.5)
        var random = RandomGenerator(seed: 14)
        let network = try Network<Double>(spec: spec, maxBatchSize: 4, random: &random)
        let tensors = network.namedTensors()
        #expect(tensors.map(\.name) == ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                                        "1.num_batches_tracked", "4.weight", "4.bias"])
        #expect(tensors.map(\.shape) == [[4, 3], [4], [4], [4], [4], [4], [], [2, 4], [2]])
        #expect(network.layout.count == 12 + 4 + 4 + 4 + 8 + 2)
        var other = RandomGenerator(seed: 15)
        let copy = try Network<Double>(spec: spec, maxBatchSize: 4, random: &other)
        var changed = tensors
        changed[4].values = [1, 2, 3, 4]
        try copy.load(namedTensors: changed)
        #expect(copy.namedTensors() == changed)
        #expect(copy.parameters.array == network.parameters.array)
        var wrong = tensors
        wrong[7].shape = [4, 2]
        #expect(throws: ModelError.shapeMismatch(name: "4.weight", expected: [2, 4], found: [4, 2])) {
            try copy.load(namedTensors: wrong)
        }
        #expect(throws: ModelError.missingTensor(name: "1.running_var")) {
            try copy.load(namedTensors: tensors.filter { $0.name != "1.running_var" })
        }
    }

    @Test("A saved dropout generator state replays the same training step bit for bit")
    func dropoutResume() throws {
        let spec = NetworkSpec(inputCount: 6, hiddenSizes: [8], outputCount: 3, dropout: 0.5)
        var random = RandomGenerator(seed: 16)
        let network = try Network<Float>(spec: spec, maxBatchSize: 4, random: &random)
        let inputs = ModelCheck.normals(24, seed: 17).map(Float.init)
        let labels: [Int32] = [0, 1, 2, 1]
        func step() -> [Float] {
            inputs.withUnsafeBufferPointer { x in
                labels.withUnsafeBufferPointer { _ = network.lossAndGradient(inputs: x, targets: .classIndices($0), batchSize: 4, mode: .training) }
            }
            return network.gradient.array
        }
        let saved = network.dropoutRandom
        let first = step(), second = step()
        #expect(first != second)
        network.dropoutRandom = saved
        #expect(step() == first)
    }

    @Test("Invalid specs throw errors naming the field")
    func invalidSpec() {
        var random = RandomGenerator(seed: 1)
        #expect(throws: ModelError.invalidSpec(field: "dropout", message: "must be in [0, 1), got 1.0")) {
            _ = try Network<Float>(spec: NetworkSpec(inputCount: 2, hiddenSizes: [3], outputCount: 2, dropout: 1), maxBatchSize: 2, random: &random)
        }
        #expect(throws: ModelError.self) {
            _ = try Network<Float>(spec: NetworkSpec(inputCount: 2, hiddenSizes: [0], outputCount: 2), maxBatchSize: 2, random: &random)
        }
    }
}
