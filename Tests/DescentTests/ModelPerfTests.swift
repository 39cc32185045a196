import Descent
import Linalg
import Testing

/// The speed paths of the model keep its numbers: the block R-operator equals k single
/// Hessian-vector products, the gradient no longer needs zeroing between steps, and the cached
/// activation derivatives give the same products as before.
@Suite("Model performance paths")
struct ModelPerfTests {
    static func network(_ activation: ActivationKind, loss: LossKind = .crossEntropy(), dropout: Bool = false,
                        batchNorm: Bool = false, seed: UInt64) throws -> Network<Double> {
        var layers: [LayerSpec] = [.dense(outputCount: 6), .activation(activation)]
        if batchNorm { layers.append(.batchNorm) }
        if dropout { layers.append(.dropout(probability: 0.3)) }
        layers += [.dense(outputCount: 5), .activation(activation), .dense(outputCount: 3)]
        var random = RandomGenerator(seed: seed)
        return try Network<Double>(inputCount: 4, layers: layers, loss: loss, initializer: .xavierNormal,
                                   maxBatchSize: 16, random: &random)
    }

    static func maxRelativeDifference(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) -> Double {
        var largest = 0.0, difference = 0.0
        for index in 0..<x.count {
            largest = max(largest, abs(y[index]))
            difference = max(difference, abs(x[index] - y[index]))
        }
        return largest > 0 ? difference / largest : difference
    }

    /// Block products of `k` random directions against k single products, with L2 on.
    static func blockMatchesSingles(_ network: Network<Double>, rows: Int, k: Int, mode: ForwardMode, seed: UInt64) -> Double {
        network.regularization = Regularization(l2: 0.05)
        var random = RandomGenerator(seed: seed)
        let n = network.layout.count
        let inputs = (0..<rows * network.inputCount).map { _ in random.normal() }
        let labels = (0..<rows).map { Int32($0 % network.outputCount) }
        let values = (0..<rows * network.outputCount).map { _ in random.normal() }
        let vectors = (0..<k * n).map { _ in random.normal() }
        var block = [Double](repeating: .nan, count: k * n), singles = [Double](repeating: 0, count: k * n)
        var blockLoss = 0.0, singleLoss = 0.0
        inputs.withUnsafeBufferPointer { x in
            labels.withUnsafeBufferPointer { l in
                values.withUnsafeBufferPointer { t in
                    let targets: LossTargets<Double> = network.lossFunction.kind.isClassification ? .classIndices(l) : .values(t)
                    vectors.withUnsafeBufferPointer { v in
                        blockLoss = block.withUnsafeMutableBufferPointer {
                            network.hessianVectorProducts(inputs: x, targets: targets, batchSize: rows, vectors: v, into: $0, mode: mode)
                        }
                        singles.withUnsafeMutableBufferPointer { s in
                            for i in 0..<k {
                                singleLoss = network.hessianVectorProduct(
                                    inputs: x, targets: targets, batchSize: rows, vector: UnsafeBufferPointer(rebasing: v[i * n ..< (i + 1) * n]),
                                    into: UnsafeMutableBufferPointer(rebasing: s[i * n ..< (i + 1) * n]), mode: mode)
                            }
                        }
                    }
                }
            }
        }
        #expect(abs(blockLoss - singleLoss) <= 1e-14 * max(1, abs(singleLoss)))
        return block.withUnsafeBufferPointer { b in singles.withUnsafeBufferPointer { maxRelativeDifference(b, $0) } }
    }

    @Test("Block HVP equals k single HVPs for every activation, cross-entropy and MSE, with L2",
          arguments: [ActivationKind.relu, .leakyReLU(), .tanh, .sigmoid, .gelu])
    func blockProductEqualsSingles(activation: ActivationKind) throws {
        for loss in [LossKind.crossEntropy(labelSmoothing: 0.1), .meanSquaredError] {
            let network = try Self.network(activation, loss: loss, seed: 71)
            #expect(network.supportsBlockProducts(mode: .evaluation))
            for (rows, k) in [(16, 5), (7, 3), (1, 2)] {
                #expect(Self.blockMatchesSingles(network, rows: rows, k: k, mode: .evaluation, seed: 72) < 1e-12)
            }
        }
    }

    @Test("Block HVP with Dropout (evaluation: identity) and BatchNorm (fallback to single products)")
    func blockProductWithOtherLayers() throws {
        let withDropout = try Self.network(.tanh, dropout: true, seed: 73)
        #expect(withDropout.supportsBlockProducts(mode: .evaluation))
        #expect(!withDropout.supportsBlockProducts(mode: .training))
        #expect(Self.blockMatchesSingles(withDropout, rows: 9, k: 4, mode: .evaluation, seed: 74) < 1e-12)
        let withNorm = try Self.network(.relu, batchNorm: true, seed: 75)
        #expect(!withNorm.supportsBlockProducts(mode: .evaluation))
        #expect(Self.blockMatchesSingles(withNorm, rows: 9, k: 3, mode: .evaluation, seed: 76) < 1e-12)
    }

    @Test("A larger block after a smaller one re-sizes the workspace; a block of one is a single product")
    func blockSizesChange() throws {
        let network = try Self.network(.gelu, seed: 77)
        #expect(Self.blockMatchesSingles(network, rows: 16, k: 2, mode: .evaluation, seed: 78) < 1e-12)
        #expect(Self.blockMatchesSingles(network, rows: 16, k: 9, mode: .evaluation, seed: 79) < 1e-12)
        #expect(Self.blockMatchesSingles(network, rows: 5, k: 4, mode: .evaluation, seed: 80) < 1e-12)
        #expect(Self.blockMatchesSingles(network, rows: 5, k: 1, mode: .evaluation, seed: 81) == 0)
    }

    @Test("The assembled Hessian (block products, chunked rows) equals the one from single products")
    func assembledByBlocksEqualsSingles() throws {
        var random = RandomGenerator(seed: 82)
        let network = try Self.network(.tanh, seed: 83)
        network.regularization = Regularization(l2: 0.01)
        let rows = 40  // three chunks of at most 16 rows
        let features = (0..<rows * network.inputCount).map { _ in random.normal() }
        let labels = (0..<rows).map { _ in Int32(random.uniformInt(below: network.outputCount)) }
        let hessian = try NetworkHessian(network: network, features: features, rowCount: rows, classIndices: labels)
        #expect(hessian.assemblyBlockSize > 1)
        let byBlocks = try hessian.assemble()
        let bySingles = try FullHessian.assemble(dimension: hessian.dimension) { v, hv in hessian.apply(v, into: hv) }
        #expect(byBlocks.productCount == hessian.dimension)
        #expect(byBlocks.asymmetry < 1e-12)
        let difference = byBlocks.matrix.withUnsafeBufferPointer { b in
            bySingles.matrix.withUnsafeBufferPointer { Self.maxRelativeDifference(b, $0) }
        }
        #expect(difference < 1e-12)
    }

    @Test("Two gradients in a row are equal: each step writes the gradient over the last one (no zeroing)")
    func gradientIsOverwrittenNotAccumulated() throws {
        for batchNorm in [false, true] {
            let network = try Self.network(.sigmoid, batchNorm: batchNorm, seed: 84)
            var random = RandomGenerator(seed: 85)
            let inputs = (0..<12 * 4).map { _ in random.normal() }
            let labels = (0..<12).map { Int32($0 % 3) }
            inputs.withUnsafeBufferPointer { x in
                labels.withUnsafeBufferPointer { l in
                    network.gradient.buffer.update(repeating: 1e3)
                    network.lossAndGradient(inputs: x, targets: .classIndices(l), batchSize: 12, mode: .evaluation)
                    let first = Array(network.gradient.buffer)
                    network.lossAndGradient(inputs: x, targets: .classIndices(l), batchSize: 12, mode: .evaluation)
                    #expect(Array(network.gradient.buffer) == first)
                    #expect((first.map(abs).max() ?? .infinity) < 10)
                }
            }
        }
    }
}
