import Testing
import Descent
import Linalg

/// The loss landscape of a network: directions, the grid, BatchNorm statistics and interpolation,
/// against direct evaluation, the Hessian and naive loops.
@Suite("Landscape: networks")
struct NetworkLandscapeTests {
    /// Seeded rows and labels as an EvaluationSet.
    static func rows<Scalar: BLASScalar>(_ count: Int, features: Int, classes: Int, seed: UInt64) -> EvaluationSet<Scalar> {
        var random = RandomGenerator(seed: seed)
        let x = (0..<count * features).map { _ in Scalar(random.normal()) }
        let labels = (0..<count).map { _ in Int32(random.uniformInt(below: classes)) }
        return EvaluationSet(features: x, featureCount: features, classIndices: labels)
    }

    /// 4 → 6 → BatchNorm → tanh → 3 with seeded weights and BatchNorm statistics from a training pass.
    static func batchNormNetwork(seed: UInt64) throws -> Network<Double> {
        var random = RandomGenerator(seed: seed)
        let network = try Network<Double>(inputCount: 4, layers: [.dense(outputCount: 6), .batchNorm, .activation(.tanh), .dense(outputCount: 3)],
                                          loss: .crossEntropy(), initializer: .xavierNormal, maxBatchSize: 16, random: &random)
        let train: EvaluationSet<Double> = rows(16, features: 4, classes: 3, seed: seed + 1)
        network.classIndicesStep(train)
        return network
    }

    @Test("The value at the origin is the evaluation loss and accuracy on the same rows (Float, chunked rows)")
    func originIsEvaluation() throws {
        var random = RandomGenerator(seed: 5)
        let network = try Network<Float>(inputCount: 5, layers: [.dense(outputCount: 8), .activation(.relu), .dense(outputCount: 3)],
                                         loss: .crossEntropy(), initializer: .kaimingUniform, maxBatchSize: 32, random: &random)
        let set: EvaluationSet<Float> = Self.rows(70, features: 5, classes: 3, seed: 6)
        let theta = network.state().parameters
        var directionRandom = RandomGenerator(seed: 7)
        let d1 = NetworkDirections.random(layout: network.layout, parameters: theta, random: &directionRandom)
        let d2 = NetworkDirections.random(layout: network.layout, parameters: theta, random: &directionRandom)
        let grid = try NetworkLandscape.grid(network: network, plane: NetworkPlane(origin: theta, first: d1, second: d2),
                                             a: [-0.5, 0, 0.5], b: [-1, 0, 1], rows: set)
        let expected = Evaluator.evaluate(network, on: set)
        let origin = grid.value(i: 1, j: 1)
        #expect(abs(origin.loss - expected.loss) <= 1e-6 * expected.loss)
        #expect(origin.accuracy == expected.accuracy)
        #expect(grid.value(i: 0, j: 0).loss != origin.loss)
        #expect(network.state().parameters == theta, "the network itself is not moved")
    }

    @Test("Along the top Hessian eigenvector the second difference at the origin is λ₁ (1e-3 relative)")
    func secondDifferenceIsTopEigenvalue() throws {
        let network = try CurvatureFixture.network(widths: [5, 7, 3], maxBatchSize: 64, seed: 31)
        let set: EvaluationSet<Double> = Self.rows(40, features: 5, classes: 3, seed: 32)
        let hessian = try NetworkHessian(network: network, rows: set)
        var random = RandomGenerator(seed: 33)
        let (first, second) = try NetworkDirections.hessian(hessian, random: &random)
        #expect(first.value >= second.value && first.value > 0)
        let h = 1e-3
        let plane = NetworkPlane(origin: network.state().parameters, first: first.vector, second: second.vector)
        let grid = try NetworkLandscape.grid(network: network, plane: plane, a: [-h, 0, h], b: [-h, 0, h], rows: set)
        let along1 = (grid.value(i: 0, j: 1).loss - 2 * grid.value(i: 1, j: 1).loss + grid.value(i: 2, j: 1).loss) / (h * h)
        let along2 = (grid.value(i: 1, j: 0).loss - 2 * grid.value(i: 1, j: 1).loss + grid.value(i: 1, j: 2).loss) / (h * h)
        #expect(abs(along1 - first.value) <= 1e-3 * first.value, "second difference \(along1) vs λ₁ \(first.value)")
        #expect(abs(along2 - second.value) <= 1e-3 * first.value, "second difference \(along2) vs λ₂ \(second.value)")
        // The dense Hessian's top eigenvalue, independently.
        let exact = try SymmetricEigen.eigenvalues(of: try hessian.assemble().matrix)
        #expect(abs(first.value - exact.last!) <= 1e-8 * exact.last!)
    }

    @Test("Filter normalization: each Linear weight block (or row) has its weights' norm; biases and BatchNorm are 0 unless included")
    func filterNormalizationPerLayer() throws {
        let network = try Self.batchNormNetwork(seed: 11)
        let theta = network.state().parameters
        func norm(_ x: [Double], _ range: Range<Int>) -> Double { range.reduce(0) { $0 + x[$1] * x[$1] }.squareRoot() }
        var random = RandomGenerator(seed: 12)
        let layerWise = NetworkDirections.random(layout: network.layout, parameters: theta, random: &random)
        let withBias = NetworkDirections.random(layout: network.layout, parameters: theta, includeBias: true, random: &random)
        let rowWise = NetworkDirections.random(layout: network.layout, parameters: theta, normalization: .filter, random: &random)
        for entry in network.layout.entries {
            let range = entry.offset ..< entry.offset + entry.count
            if entry.isPenalized {
                #expect(abs(norm(layerWise, range) - norm(theta, range)) <= 1e-12 * norm(theta, range), "\(entry.name)")
                let width = entry.shape[1]
                for start in stride(from: range.lowerBound, to: range.upperBound, by: width) {
                    let row = start ..< start + width
                    #expect(abs(norm(rowWise, row) - norm(theta, row)) <= 1e-12 * norm(theta, row), "\(entry.name) row")
                }
            } else {
                #expect(range.allSatisfy { layerWise[$0] == 0 && rowWise[$0] == 0 }, "\(entry.name) is zero by default")
                #expect(abs(norm(withBias, range) - norm(theta, range)) <= 1e-12 * max(norm(theta, range), 1e-300), "\(entry.name)")
            }
        }
        // Not merely rescaled weights: the direction is random.
        let weights = network.layout.entries[0]
        #expect((weights.offset ..< weights.offset + weights.count).contains { abs(layerWise[$0] - theta[$0]) > 1e-3 })
    }

    @Test("The grid is the same bit for bit with 1 and 3 worker threads, with BatchNorm recomputed")
    func gridIndependentOfThreads() throws {
        let network = try Self.batchNormNetwork(seed: 21)
        let set: EvaluationSet<Double> = Self.rows(30, features: 4, classes: 3, seed: 22)
        let theta = network.state().parameters
        var random = RandomGenerator(seed: 23)
        let plane = NetworkPlane(origin: theta, first: NetworkDirections.random(layout: network.layout, parameters: theta, random: &random),
                                 second: NetworkDirections.random(layout: network.layout, parameters: theta, random: &random))
        let axis = NetworkLandscape.axis(from: -1, to: 1, count: 5)
        let one = try NetworkLandscape.grid(network: network, plane: plane, a: axis, b: axis, rows: set, statisticsRows: set,
                                            options: LandscapeEvaluationOptions(threads: 1))
        let three = try NetworkLandscape.grid(network: network, plane: plane, a: axis, b: axis, rows: set, statisticsRows: set,
                                              options: LandscapeEvaluationOptions(threads: 3))
        #expect(one == three)
        #expect(one.values.count == 25 && one.lossRows.count == 5)
    }

    @Test("Recomputed BatchNorm statistics are the mean and unbiased variance of the layer's inputs (naive loop)")
    func batchNormRecomputeMatchesNaive() throws {
        let network = try Self.batchNormNetwork(seed: 41)
        let set: EvaluationSet<Double> = Self.rows(37, features: 4, classes: 3, seed: 42)  // 3 chunks of ≤ 16
        network.recomputeBatchNormStatistics(on: set)
        let theta = network.state().parameters
        let w = network.layout.entry(named: "0.weight")!, b = network.layout.entry(named: "0.bias")!
        let state = network.state()
        for unit in 0..<6 {
            let z = (0..<37).map { row in
                theta[b.offset + unit] + (0..<4).reduce(0.0) { $0 + theta[w.offset + unit * 4 + $1] * set.features[row * 4 + $1] }
            }
            let mean = z.reduce(0, +) / 37
            let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 36
            #expect(abs(state.runningMeans[0][unit] - mean) <= 1e-12 * max(1, abs(mean)))
            #expect(abs(state.runningVariances[0][unit] - variance) <= 1e-12 * variance)
        }
    }

    @Test("Interpolation: the ends are the two models' evaluations; recomputed statistics change the middle")
    func interpolationEnds() throws {
        let a = try Self.batchNormNetwork(seed: 51), b = try Self.batchNormNetwork(seed: 52)
        let train: EvaluationSet<Double> = Self.rows(30, features: 4, classes: 3, seed: 53)
        let validation: EvaluationSet<Double> = Self.rows(20, features: 4, classes: 3, seed: 54)
        let kept = try NetworkInterpolation.line(network: a, from: a.state(), to: b.state(), t: [0, 0.5, 1], train: train,
                                                 validation: validation, options: LandscapeEvaluationOptions(recomputesBatchNorm: false))
        #expect(kept[0].train.loss == Evaluator.evaluate(a, on: train).loss)
        #expect(kept[2].validation?.loss == Evaluator.evaluate(b, on: validation).loss)
        let recomputed = try NetworkInterpolation.line(network: a, from: a.state(), to: b.state(), t: [0, 0.5, 1], train: train,
                                                       validation: validation, options: LandscapeEvaluationOptions(threads: 2))
        let replica = try a.replica()
        replica.setState(NetworkState.interpolate(a.state(), b.state(), t: 0.5))
        replica.recomputeBatchNormStatistics(on: train)
        #expect(recomputed[1].validation?.loss == Evaluator.evaluate(replica, on: validation).loss)
        #expect(recomputed[1].train.loss != kept[1].train.loss)
    }

    @Test("The plane through three vectors puts them at (0, 0), (1, 0) and (0, 1)")
    func planeThroughThree() {
        let p0 = [1.0, 2, 3], p1 = [0.5, -1, 4], p2 = [2.0, 2, -3]
        let plane = NetworkPlane(through: p0, p1, p2)
        var point = [Double](repeating: 0, count: 3)
        plane.point(a: 1, b: 0, into: &point)
        #expect(point == p1)
        plane.point(a: 0, b: 1, into: &point)
        #expect(point == p2)
    }
}

extension Network<Double> {
    /// One training-mode pass on `set`'s rows, so that BatchNorm's running statistics move off 0 and 1.
    func classIndicesStep(_ set: EvaluationSet<Double>) {
        set.classIndices.withUnsafeBufferPointer { labels in
            _ = lossAndGradient(inputs: UnsafeBufferPointer(set.features.buffer), targets: .classIndices(labels),
                                batchSize: set.rowCount, mode: .training)
        }
    }
}
