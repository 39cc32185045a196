import Descent
import Linalg
import Testing

/// `Network.trainingStep` (each layer's slice updated right after its gradient) gives the bits of
/// `lossAndGradient` followed by one whole `step`, for every rule (sliced or not), with BatchNorm,
/// and over several steps; and it leaves the parameters alone when the loss is not finite.
@Suite("Optimizer in backward")
struct OptimizerInBackwardTests {
    static func network(seed: UInt64, batchNorm: Bool) throws -> Network<Float> {
        var layers: [LayerSpec] = [.dense(outputCount: 7), .activation(.relu)]
        if batchNorm { layers.append(.batchNorm) }
        layers += [.dense(outputCount: 5), .activation(.tanh), .dense(outputCount: 3)]
        var random = RandomGenerator(seed: seed)
        return try Network<Float>(inputCount: 6, layers: layers, loss: .crossEntropy(), initializer: .kaimingUniform,
                                  maxBatchSize: 9, random: &random)
    }

    /// Parameters' bits after `steps` steps, fused (`trainingStep`) or not.
    static func trained(_ configuration: OptimizerConfiguration, fused: Bool, batchNorm: Bool, steps: Int) throws -> [UInt32] {
        let network = try network(seed: 5, batchNorm: batchNorm)
        var rule: any Optimizer<Float> = configuration.makeOptimizer(parameterCount: network.layout.count)
        var random = RandomGenerator(seed: 6)
        let inputs = (0..<9 * 6).map { _ in Float(random.normal()) }
        let labels = (0..<9).map { Int32($0 % 3) }
        for _ in 0..<steps {
            inputs.withUnsafeBufferPointer { x in
                labels.withUnsafeBufferPointer { l in
                    if fused {
                        network.trainingStep(inputs: x, targets: .classIndices(l), batchSize: 9, mode: .training, optimizer: &rule)
                    } else {
                        network.lossAndGradient(inputs: x, targets: .classIndices(l), batchSize: 9, mode: .training)
                        rule.step(parameters: network.parameters.buffer, gradient: UnsafeBufferPointer(network.gradient.buffer))
                    }
                }
            }
        }
        #expect(rule.stepCount == steps)
        return network.parameters.array.map(\.bitPattern)
    }

    @Test("Sliced updates equal one whole update, bit for bit", arguments: OptimizerKind.allCases)
    func slicedEqualsWhole(kind: OptimizerKind) throws {
        var configuration = OptimizerConfiguration.defaults(for: kind)
        configuration.learningRate = 0.05
        for batchNorm in [false, true] {
            let whole = try Self.trained(configuration, fused: false, batchNorm: batchNorm, steps: 4)
            let sliced = try Self.trained(configuration, fused: true, batchNorm: batchNorm, steps: 4)
            let start = try Self.network(seed: 5, batchNorm: batchNorm).parameters.array.map(\.bitPattern)
            #expect(whole != start)
            #expect(sliced == whole)
        }
    }

    @Test("Adam and AdamW take sliced steps; a slice covers only its range")
    func adamSlices() {
        var adam = Adam<Float>(learningRate: 0.1)
        let begun = adam.beginSlicedStep(parameterCount: 4)
        #expect(begun)
        var theta: [Float] = [1, 2, 3, 4]
        let g: [Float] = [1, 1, 1, 1]
        theta.withUnsafeMutableBufferPointer { p in
            g.withUnsafeBufferPointer { adam.stepSlice(parameters: p, gradient: $0, range: 1..<3) }
        }
        #expect(theta[0] == 1 && theta[3] == 4)
        #expect(theta[1] < 2 && theta[2] < 3)
        var sgd = SGD<Float>(learningRate: 0.1)
        let sgdBegun = sgd.beginSlicedStep(parameterCount: 4)
        #expect(!sgdBegun)
        #expect(sgd.stepCount == 0)
    }

    @Test("No update when the loss is not finite")
    func nonFiniteLoss() throws {
        let network = try Self.network(seed: 8, batchNorm: false)
        var rule: any Optimizer<Float> = Adam<Float>()
        let before = network.parameters.array.map(\.bitPattern)
        let inputs = [Float](repeating: .nan, count: 9 * 6), labels = (0..<9).map { Int32($0 % 3) }
        let outcome = inputs.withUnsafeBufferPointer { x in
            labels.withUnsafeBufferPointer { l in
                network.trainingStep(inputs: x, targets: .classIndices(l), batchSize: 9, mode: .training, optimizer: &rule)
            }
        }
        #expect(!outcome.lossIsFinite)
        #expect(rule.stepCount == 0)
        #expect(network.parameters.array.map(\.bitPattern) == before)
    }

    @Test("A non-finite gradient under a finite loss stops the update before its slice")
    func nonFiniteGradient() throws {
        // MSE sums in Double, so inputs of 1e30 give a finite loss while dW = dYᵀ·H overflows Float.
        var random = RandomGenerator(seed: 9)
        let network = try Network<Float>(inputCount: 6, layers: [.dense(outputCount: 5), .activation(.relu), .dense(outputCount: 2)],
                                         loss: .meanSquaredError, initializer: .kaimingUniform, maxBatchSize: 4, random: &random)
        var rule: any Optimizer<Float> = Adam<Float>()
        let before = network.parameters.array.map(\.bitPattern)
        let inputs = (0..<4 * 6).map { Float($0 % 3 == 0 ? 1e30 : -1e30) }, values = [Float](repeating: 1, count: 8)
        for checks in [true, false] {
            let outcome = inputs.withUnsafeBufferPointer { x in
                values.withUnsafeBufferPointer { t in
                    network.trainingStep(inputs: x, targets: .values(t), batchSize: 4, mode: .training, optimizer: &rule,
                                         checksGradient: checks)
                }
            }
            #expect(outcome.lossIsFinite)
            #expect(outcome.gradientIsFinite == !checks)
            let gradientFinite = network.gradient.array.allSatisfy { $0.isFinite }
            #expect(!gradientFinite)
            if checks { #expect(network.parameters.array.map(\.bitPattern) == before) }
        }
    }

    /// 20-16-2 ReLU MLP with MSE whose first layer's parameters are scaled by 10⁻⁶, so that with
    /// inputs of magnitude s its gradient slice overflows Float well before the last layer's does.
    static func overflowNetwork() throws -> Network<Float> {
        var random = RandomGenerator(seed: 12)
        let network = try Network<Float>(inputCount: 20, layers: [.dense(outputCount: 16), .activation(.relu), .dense(outputCount: 2)],
                                         loss: .meanSquaredError, initializer: .kaimingUniform, maxBatchSize: 4, random: &random)
        for index in 0..<16 * 21 { network.parameters[index] *= 1e-6 }
        return network
    }

    @Test("The finite check proved from a Linear layer's GEMM inputs answers as reading its slice, overflow by the batch sum included")
    func finiteCheckFromGEMMInputs() throws {
        // At batch 4 the first layer's dY and X (4·36 values) are fewer than its slice (16·21): its
        // check first tries |dW| ≤ 2·batch·max|dY|·max|X|. Four equal rows make dW = 4·dY·s exactly,
        // so some s have max|dY|·s below Float's largest while the batch sum overflows.
        var proven = 0, overflowOfTheSumOnly = 0
        var s: Float = 1e18
        while s < 1e24 {
            let inputs = [Float](repeating: s, count: 4 * 20), values = [Float](repeating: 1, count: 8)
            let stepped = try Self.overflowNetwork(), reference = try Self.overflowNetwork()
            var rule: any Optimizer<Float> = Adam<Float>()
            let outcome = inputs.withUnsafeBufferPointer { x in
                values.withUnsafeBufferPointer { t in
                    stepped.trainingStep(inputs: x, targets: .values(t), batchSize: 4, mode: .training, optimizer: &rule,
                                         checksGradient: true)
                }
            }
            let loss = inputs.withUnsafeBufferPointer { x in
                values.withUnsafeBufferPointer { reference.lossAndGradient(inputs: x, targets: .values($0), batchSize: 4, mode: .training) }
            }
            #expect(loss.isFinite && outcome.lossIsFinite, "s = \(s)")
            let gradient = reference.gradient.array
            let expected = gradient.allSatisfy(\.isFinite)
            #expect(outcome.gradientIsFinite == expected, "s = \(s)")
            // The first layer's dY rows are equal, so max|dY| = max|db| / 4 (exact).
            let lastFinite = gradient[(16 * 21)...].allSatisfy(\.isFinite)
            let dy = Double(gradient[(16 * 20)..<(16 * 21)].map { abs($0) }.max()!) / 4
            if lastFinite && dy.isFinite {
                if 2 * 4 * dy * Double(s) <= Double(Float.greatestFiniteMagnitude) { proven += 1 }
                if dy * Double(s) <= Double(Float.greatestFiniteMagnitude) && !expected { overflowOfTheSumOnly += 1 }
            }
            s *= 1.15
        }
        #expect(proven > 3, "\(proven) steps proved finite from dY and X")
        #expect(overflowOfTheSumOnly > 0, "no step overflowed in the batch sum alone")
    }
}
