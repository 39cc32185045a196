import Foundation
import Testing
import Descent
import Linalg

/// Sharpness and the gradient's subspace against closed forms and dense eigendecompositions.
@Suite("Curvature: sharpness and subspace")
struct SharpnessTests {
    /// f(x) = ½·Σ λᵢ(xᵢ − cᵢ)² and its gradient.
    static func quadratic(_ lambda: [Double], center: [Double]) -> ([Double]) -> (value: Double, gradient: [Double]) {
        { x in
            let d = zip(x, center).map { $0 - $1 }
            return (0.5 * zip(lambda, d).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }, zip(lambda, d).map { $0 * $1 })
        }
    }

    @Test("ε-sharpness of a quadratic at its minimum is ½·Σλᵢ·(ε(|xᵢ|+1))², and away from it ½·Σλᵢ(|xᵢ−cᵢ|+rᵢ)² − f")
    func epsilonSharpnessClosedForm() throws {
        let lambda = [4.0, 0.5, 10, 1e-2, 2], center = [1.0, -3, 0, 0.25, 7]
        let epsilon = 1e-2
        let radius = center.map { epsilon * (abs($0) + 1) }
        var random = RandomGenerator(seed: 3)
        let atMinimum = try EpsilonSharpnessSearch.measure(at: center, epsilon: epsilon, random: &random,
                                                           objective: Self.quadratic(lambda, center: center))
        let closed = 0.5 * zip(lambda, radius).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
        #expect(abs(atMinimum.increase - closed) <= 1e-12 * closed, "\(atMinimum.increase) vs \(closed)")
        #expect(atMinimum.baseLoss == 0 && abs(atMinimum.keskarPercent - 100 * closed) <= 1e-10)
        // Away from the minimum, farther than the box reaches: the far corner.
        let x = zip(center, [0.5, -0.5, 0.3, 1, -0.2]).map { $0 + $1 }
        let r = x.map { epsilon * (abs($0) + 1) }
        let f = Self.quadratic(lambda, center: center)
        let away = try EpsilonSharpnessSearch.measure(at: x, epsilon: epsilon, random: &random, objective: f)
        let far = 0.5 * (0..<5).reduce(0.0) { $0 + lambda[$1] * pow2(abs(x[$1] - center[$1]) + r[$1]) }
        #expect(abs(away.maximumLoss - far) <= 1e-12 * far)
        #expect(abs(away.increase - (far - f(x).value)) <= 1e-10 * far)
    }

    @Test("ε-sharpness rejects ε ≤ 0 and zero steps")
    func epsilonSharpnessValidates() {
        var random = RandomGenerator(seed: 1)
        #expect(throws: CurvatureError.self) { try EpsilonSharpnessSearch.measure(at: [0], epsilon: 0, random: &random, objective: Self.quadratic([1], center: [0])) }
        #expect(throws: CurvatureError.self) { try EpsilonSharpnessSearch.measure(at: [0], epsilon: 1e-3, steps: 0, random: &random, objective: Self.quadratic([1], center: [0])) }
    }

    /// An orthonormal k×n basis: the top-k eigenvectors of a random symmetric matrix.
    static func basis(n: Int, k: Int, seed: UInt64) throws -> Matrix<Double> {
        var random = RandomGenerator(seed: seed)
        var a = Matrix<Double>(rows: n, columns: n)
        for i in 0..<n { for j in i..<n { a[i, j] = random.normal(); a[j, i] = a[i, j] } }
        let eigen = try SymmetricEigen.decompose(a, selecting: .largest(k))
        return eigen.vectors
    }

    @Test("The subspace fraction is 1 for a gradient inside the eigenspace and k/n on average for a random one")
    func subspaceFraction() throws {
        let n = 400, k = 10
        let v = try Self.basis(n: n, k: k, seed: 8)
        var random = RandomGenerator(seed: 9)
        let inside = (0..<n).map { column in (0..<k).reduce(0.0) { $0 + [3.0, -1, 0.5, 2, 1, -4, 0.1, 7, -2, 1][$1] * v[$1, column] } }
        #expect(abs(GradientSubspace.fraction(of: inside, in: v) - 1) <= 1e-12)
        let samples = 200
        let mean = (0..<samples).reduce(0.0) { sum, _ in
            sum + GradientSubspace.fraction(of: (0..<n).map { _ in random.normal() }, in: v)
        } / Double(samples)
        // Each sample is Beta(k/2, (n−k)/2): mean k/n = 0.025, sd ≈ 0.0078, so the mean of 200 has sd ≈ 0.00055.
        #expect(abs(mean - Double(k) / Double(n)) <= 0.003, "mean fraction \(mean)")
        #expect(GradientSubspace.fraction(of: [Double](repeating: 0, count: n), in: v) == 0)
    }

    @Test("On a network: the fraction and saddle index equal those from the dense Hessian's eigenvectors")
    func subspaceOnNetworkMatchesDense() throws {
        let network = try CurvatureFixture.network(widths: [6, 9, 3], maxBatchSize: 64, seed: 61)
        let hessian = try CurvatureFixture.classificationHessian(network, rows: 50, seed: 62)
        var random = RandomGenerator(seed: 63)
        let report = try GradientSubspace.measure(hessian, k: 5, tolerance: 1e-10, random: &random)
        let dense = try SymmetricEigen.decompose(try hessian.assemble().matrix)
        let n = hessian.dimension
        let top = Matrix(rows: 5, columns: n, elements: (0..<5).flatMap { dense.vectors.row(n - 1 - $0) })
        var gradient = [Double](repeating: 0, count: n)
        gradient.withUnsafeMutableBufferPointer { _ = hessian.lossAndGradient(into: $0) }
        let expected = GradientSubspace.fraction(of: gradient, in: top)
        #expect(abs(report.fraction - expected) <= 1e-6, "\(report.fraction) vs \(expected)")
        let scale = max(abs(dense.values.first!), abs(dense.values.last!))
        let negatives = dense.values.prefix(5).filter { $0 < -1e-6 * scale }.count
        #expect(report.saddleIndex == negatives)
        #expect(negatives > 0, "an untrained network sits where the loss curves down in some directions")
        #expect(abs(report.topEigenvalues[0] - dense.values.last!) <= 1e-8 * scale)
    }

    @Test("Sharpness of a network: λmax equals the dense one, the trace lies within 4 standard errors of tr H")
    func networkSharpness() throws {
        let network = try CurvatureFixture.network(widths: [5, 8, 3], maxBatchSize: 64, seed: 71, l2: 1e-3)
        let hessian = try CurvatureFixture.classificationHessian(network, rows: 40, seed: 72)
        let theta = network.parameters.array
        var random = RandomGenerator(seed: 73)
        let report = try NetworkSharpness.measure(hessian, settings: SharpnessSettings(epsilon: 1e-3, traceSamples: 200, tolerance: 1e-10),
                                                  random: &random)
        #expect(network.parameters.array == theta, "parameters restored")
        let dense = try hessian.assemble().matrix
        let values = try SymmetricEigen.eigenvalues(of: dense)
        #expect(abs(report.lambdaMax - values.last!) <= 1e-8 * values.last!)
        let trace = (0..<dense.rows).reduce(0.0) { $0 + dense[$1, $1] }
        #expect(abs(report.trace.estimate - trace) <= 4 * report.trace.standardError, "\(report.trace) vs \(trace)")
        #expect(report.epsilonSharpness.increase > 0)
        // A step of ε·(|θ|+1) per coordinate moves the loss by at most about ‖g‖₁·r + ½·λmax·‖r‖²: a loose upper bound.
        let r = theta.map { 1e-3 * (abs($0) + 1) }
        var g = [Double](repeating: 0, count: theta.count)
        g.withUnsafeMutableBufferPointer { _ = hessian.lossAndGradient(into: $0) }
        let bound = zip(g, r).reduce(0) { $0 + abs($1.0) * $1.1 } + 0.5 * values.map(abs).max()! * r.reduce(0) { $0 + $1 * $1 }
        #expect(report.epsilonSharpness.increase <= 1.01 * bound)
    }
}

extension SharpnessTests {
    @Test("A trained model's minimum: the gap is validation − training evaluation loss; the Hessian takes a seeded subset of rows")
    func minimumSharpness() throws {
        var random = RandomGenerator(seed: 81)
        let network = try Network<Float>(inputCount: 4, layers: [.dense(outputCount: 6), .activation(.tanh), .dense(outputCount: 3)],
                                         loss: .crossEntropy(), initializer: .xavierNormal, maxBatchSize: 32, random: &random)
        let training: EvaluationSet<Double> = NetworkLandscapeTests.rows(90, features: 4, classes: 3, seed: 82)
        let validation: EvaluationSet<Double> = NetworkLandscapeTests.rows(30, features: 4, classes: 3, seed: 83)
        let result = try MinimumSharpness.measure(network, training: training, validation: validation,
                                                  settings: SharpnessSettings(traceSamples: 10), hessianRowLimit: 50, seed: 84)
        let copy = try network.converted(to: Double.self)
        let train = Evaluator.evaluate(copy, on: training).loss, held = Evaluator.evaluate(copy, on: validation).loss
        // Chunked differently (the copy's batch size), so equal to rounding.
        #expect(abs(result.trainingLoss - train) <= 1e-12 * train && abs(result.validationLoss! - held) <= 1e-12 * held)
        #expect(abs(result.generalizationGap! - (held - train)) <= 1e-12 * held)
        #expect(result.hessianRows == 50 && result.sharpness.lambdaMax > 0)
        let none = try MinimumSharpness.measure(network, training: training, validation: nil, settings: SharpnessSettings(traceSamples: 2))
        #expect(none.generalizationGap == nil && none.hessianRows == 90)
        let json = String(decoding: try JSONEncoder().encode(none), as: UTF8.self)
        #expect(json.contains("\"generalization_gap\":null") && json.contains("\"lambda_max\""))
    }
}

/// x².
func pow2(_ x: Double) -> Double { x * x }
