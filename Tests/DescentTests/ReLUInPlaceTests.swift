@testable import Descent
import Linalg
import Testing

/// ReLU writes max(z, 0) over z when z is a Linear or BatchNorm layer's own output: the results of
/// every pass must keep their bits, and nothing the caller owns may be written.
@Suite("ReLU in place over its Linear or BatchNorm layer's output")
struct ReLUInPlaceTests {
    /// Linear → [BatchNorm] → ReLU blocks; with `dropoutBeforeReLU`, a Dropout(0) (the identity) sits
    /// before each ReLU, so those ReLUs write a buffer of their own: the reference.
    static func network(batchNorm: Bool, dropoutBeforeReLU: Bool) throws -> Network<Double> {
        var layers: [LayerSpec] = []
        for width in [9, 7] {
            layers.append(.dense(outputCount: width))
            if batchNorm { layers.append(.batchNorm) }
            if dropoutBeforeReLU { layers.append(.dropout(probability: 0)) }
            layers.append(.activation(.relu))
        }
        layers.append(.dense(outputCount: 3))
        var random = RandomGenerator(seed: 17)
        return try Network<Double>(inputCount: 5, layers: layers, loss: .crossEntropy(), initializer: .kaimingNormal,
                                   maxBatchSize: 32, random: &random)
    }

    static func reluFlags(_ network: Network<Double>) -> [Bool] {
        network.layers.compactMap { layer -> Bool? in
            if case let .activation(activation) = layer { return activation.overwritesInput }
            return nil
        }
    }

    @Test("Only a ReLU after Linear or BatchNorm writes in place; not after Dropout, not on the inputs, not tanh")
    func flags() throws {
        #expect(Self.reluFlags(try Self.network(batchNorm: false, dropoutBeforeReLU: false)) == [true, true])
        #expect(Self.reluFlags(try Self.network(batchNorm: true, dropoutBeforeReLU: false)) == [true, true])
        #expect(Self.reluFlags(try Self.network(batchNorm: false, dropoutBeforeReLU: true)) == [false, false])
        var random = RandomGenerator(seed: 1)
        let first = try Network<Double>(inputCount: 4, layers: [.activation(.relu), .dense(outputCount: 2), .activation(.tanh),
                                                                .dense(outputCount: 2)],
                                        loss: .crossEntropy(), initializer: .kaimingNormal, maxBatchSize: 8, random: &random)
        #expect(Self.reluFlags(first) == [false, false])
        let inputs = (0..<32).map { Double($0 % 7) - 3 }
        inputs.withUnsafeBufferPointer { _ = first.forward(inputs: $0, batchSize: 8, mode: .training) }
        #expect(inputs == (0..<32).map { Double($0 % 7) - 3 }, "a first-layer ReLU must not write the caller's rows")
    }

    @Test("The step's ReLU backward written over its mask has backward_bias's bits, in every kernel set")
    func overMaskKernel() {
        checkOverMask(Float.self)
        checkOverMask(Double.self)
    }

    func checkOverMask<S: BLASScalar>(_ type: S.Type) {
        let rows = 37, columns = 19
        let x0 = kernelTestValues(S.self, seed: 51, count: rows * columns), v0 = kernelTestValues(S.self, seed: 52, count: rows * columns)
        let v = AlignedBuffer(v0)
        for (set, kernels) in KernelSetTests.sets {
            for accumulates in [false, true] {
                let x = AlignedBuffer(x0), r = AlignedBuffer<S>(count: rows * columns)
                let sums = AlignedBuffer<S>(count: columns, repeating: 0.5), expectedSums = AlignedBuffer<S>(count: columns, repeating: 0.5)
                kernels.backwardBias(.relu(input: x.baseAddress), values: v.baseAddress, into: r.baseAddress, rows: rows,
                                     columns: columns, sums: expectedSums.baseAddress, accumulates: accumulates)
                kernels.reluBackwardBiasOverMask(x.baseAddress, values: v.baseAddress, rows: rows, columns: columns,
                                                 sums: sums.baseAddress, accumulates: accumulates)
                #expect(DescentTests.sameBits(x.array, r.array) && DescentTests.sameBits(sums.array, expectedSums.array), "\(S.self) \(accumulates) \(set)")
            }
        }
    }

    @Test("A regression network ending in ReLU: its in-place output and the step's dY over it keep the bits")
    func reluOutput() throws {
        func network(dropout: Bool) throws -> Network<Double> {
            var random = RandomGenerator(seed: 23)
            let layers: [LayerSpec] = [.dense(outputCount: 6), .activation(.relu), .dense(outputCount: 2)]
                + (dropout ? [.dropout(probability: 0)] : []) + [.activation(.relu)]
            return try Network<Double>(inputCount: 3, layers: layers, loss: .meanSquaredError, initializer: .kaimingNormal,
                                       maxBatchSize: 16, random: &random)
        }
        let inPlace = try network(dropout: false), reference = try network(dropout: true)
        var random = RandomGenerator(seed: 24)
        let x = (0..<16 * 3).map { _ in random.normal() }, t = (0..<16 * 2).map { _ in random.normal() }
        var rules = [inPlace, reference].map {
            OptimizerConfiguration.defaults(for: .adam).makeOptimizer(parameterCount: $0.layout.count) as any Optimizer<Double>
        }
        x.withUnsafeBufferPointer { xs in
            t.withUnsafeBufferPointer { ts in
                for _ in 0..<3 {
                    let losses = [inPlace, reference].enumerated().map { index, network in
                        network.trainingStep(inputs: xs, targets: .values(ts), batchSize: 16, mode: .training,
                                             optimizer: &rules[index], checksGradient: true).loss
                    }
                    #expect(losses[0].bitPattern == losses[1].bitPattern)
                }
            }
        }
        #expect(inPlace.parameters.array == reference.parameters.array)
    }

    /// H·v on the given rows (the product runs its own forward pass).
    static func product(_ network: Network<Double>, _ xs: UnsafeBufferPointer<Double>, _ targets: LossTargets<Double>,
                        rows: Int, vector: [Double]) -> [Double] {
        let result = AlignedBuffer<Double>(count: network.layout.count)
        vector.withUnsafeBufferPointer {
            _ = network.hessianVectorProduct(inputs: xs, targets: targets, batchSize: rows, vector: $0, into: result.buffer)
        }
        return result.array
    }

    @Test("Loss, gradient, Hessian-vector products and Adam steps have the bits of the out-of-place ReLU")
    func sameBits() throws {
        for batchNorm in [false, true] {
            let inPlace = try Self.network(batchNorm: batchNorm, dropoutBeforeReLU: false)
            let reference = try Self.network(batchNorm: batchNorm, dropoutBeforeReLU: true)
            #expect(inPlace.parameters.array == reference.parameters.array)
            var random = RandomGenerator(seed: 5)
            let rows = 32
            let x = (0..<rows * 5).map { _ in random.normal() }
            let labels = (0..<rows).map { Int32($0 % 3) }
            let vector = (0..<inPlace.layout.count).map { _ in random.normal() }
            x.withUnsafeBufferPointer { xs in
                labels.withUnsafeBufferPointer { ls in
                    let targets = LossTargets<Double>.classIndices(ls)
                    for network in [inPlace, reference] {
                        _ = network.lossAndGradient(inputs: xs, targets: targets, batchSize: rows, mode: .training)
                    }
                    #expect(inPlace.gradient.array == reference.gradient.array, "gradient, batch norm \(batchNorm)")
                    let products = [inPlace, reference].map { Self.product($0, xs, targets, rows: rows, vector: vector) }
                    #expect(products[0] == products[1], "H·v, batch norm \(batchNorm)")
                    var rules = [inPlace, reference].map {
                        OptimizerConfiguration.defaults(for: .adam).makeOptimizer(parameterCount: $0.layout.count) as any Optimizer<Double>
                    }
                    for _ in 0..<3 {
                        for (index, network) in [inPlace, reference].enumerated() {
                            network.trainingStep(inputs: xs, targets: targets, batchSize: rows, mode: .training,
                                                 optimizer: &rules[index], checksGradient: true)
                        }
                    }
                    #expect(inPlace.parameters.array == reference.parameters.array, "Adam steps, batch norm \(batchNorm)")
                    // The step wrote dY over the in-place activations: the next passes start from a new forward pass.
                    let after = [inPlace, reference].map { Self.product($0, xs, targets, rows: rows, vector: vector) }
                    #expect(after[0] == after[1], "H·v after the steps, batch norm \(batchNorm)")
                }
            }
        }
    }
}
