import Testing
import Descent
import Linalg

/// Whole networks and losses in Double: gradients against central differences of the loss
/// (relative error < 1e-7), Hessian-vector products by the R-operator against central differences
/// of the gradient (< 1e-6), and symmetry uᵀ(Hv) = vᵀ(Hu).
@Suite("Model network gradient and Hessian checks")
struct ModelNetworkCheckTests {
    static let activations: [ActivationKind] = [.relu, .leakyReLU(), .tanh, .sigmoid, .gelu]

    /// Hidden widths for depth 1–4 (depth = number of Linear layers).
    static func layers(depth: Int, activation: ActivationKind, batchNorm: Bool = false, dropout: Double = 0,
                       outputs: Int = 3) -> [LayerSpec] {
        NetworkSpec(inputCount: 4, hiddenSizes: Array([5, 4, 5].prefix(depth - 1)), outputCount: outputs,
                    activation: activation, batchNorm: batchNorm, dropout: dropout).layers
    }

    static func expectChecks(_ problem: ModelCheck.Problem, _ label: String) {
        let gradientError = ModelCheck.relativeError(problem.gradient, problem.numericalGradient())
        #expect(gradientError < 1e-7, "gradient \(label): \(gradientError)")
        let v = ModelCheck.normals(problem.network.parameters.count, seed: 31)
        let hv = problem.hessianVector(v)
        let hessianError = ModelCheck.relativeError(hv, problem.numericalHessianVector(v))
        #expect(hessianError < 1e-6, "Hv \(label): \(hessianError)")
        let u = ModelCheck.normals(problem.network.parameters.count, seed: 32)
        let hu = problem.hessianVector(u)
        let uHv = zip(u, hv).reduce(0) { $0 + $1.0 * $1.1 }, vHu = zip(v, hu).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(uHv - vHu) <= 1e-10 * max(1, abs(uHv)), "symmetry \(label): \(uHv) vs \(vHu)")
    }

    @Test("Depth 1–4, each activation, cross-entropy, evaluation mode", arguments: activations)
    func crossEntropyNetworks(activation: ActivationKind) throws {
        for depth in 1...4 {
            let problem = try ModelCheck.Problem(layers: Self.layers(depth: depth, activation: activation),
                                                 loss: .crossEntropy(), mode: .evaluation)
            Self.expectChecks(problem, "\(activation) depth \(depth)")
        }
    }

    @Test("Depth 1–4, each activation, mean squared error", arguments: activations)
    func meanSquaredErrorNetworks(activation: ActivationKind) throws {
        for depth in 1...4 {
            let problem = try ModelCheck.Problem(layers: Self.layers(depth: depth, activation: activation, outputs: 2),
                                                 loss: .meanSquaredError, mode: .evaluation)
            Self.expectChecks(problem, "\(activation) depth \(depth)")
        }
    }

    @Test("Label smoothing 0.1: gradient and Hessian-vector product")
    func labelSmoothing() throws {
        let problem = try ModelCheck.Problem(layers: Self.layers(depth: 2, activation: .tanh),
                                             loss: .crossEntropy(labelSmoothing: 0.1), mode: .evaluation)
        Self.expectChecks(problem, "label smoothing")
    }

    @Test("BatchNorm in training mode (batch statistics differentiated through) and in evaluation mode",
          arguments: [ForwardMode.training, .evaluation])
    func batchNormNetworks(mode: ForwardMode) throws {
        for depth in 2...4 {
            let problem = try ModelCheck.Problem(layers: Self.layers(depth: depth, activation: .tanh, batchNorm: true),
                                                 loss: .crossEntropy(), mode: mode)
            Self.expectChecks(problem, "batch norm \(mode) depth \(depth)")
        }
    }

    @Test("Dropout with a fixed mask (training mode) and with batch norm")
    func dropoutNetworks() throws {
        let plain = try ModelCheck.Problem(layers: Self.layers(depth: 3, activation: .gelu, dropout: 0.3),
                                           loss: .crossEntropy(), mode: .training)
        Self.expectChecks(plain, "dropout")
        let withNorm = try ModelCheck.Problem(layers: Self.layers(depth: 3, activation: .sigmoid, batchNorm: true, dropout: 0.3),
                                              loss: .meanSquaredError, mode: .training)
        Self.expectChecks(withNorm, "dropout + batch norm")
    }

    @Test("L2 and L1 penalties: value by hand, gradient and Hessian-vector product",
          arguments: [Regularization(l2: 0.3), Regularization(l1: 0.2), Regularization(l2: 0.1, l1: 0.05)])
    func penalties(regularization: Regularization) throws {
        let problem = try ModelCheck.Problem(layers: Self.layers(depth: 3, activation: .tanh, batchNorm: true),
                                             loss: .crossEntropy(), mode: .evaluation, regularization: regularization)
        Self.expectChecks(problem, "\(regularization)")
        // The penalty alone, summed by hand over the Linear weights ("0.weight", "3.weight", "6.weight").
        let network = problem.network
        let withPenalty = problem.loss
        network.regularization = .none
        let withoutPenalty = problem.loss
        network.regularization = regularization
        var expected = 0.0
        for name in ["0.weight", "3.weight", "6.weight"] {
            let entry = try #require(network.layout.entry(named: name))
            for index in entry.offset ..< entry.offset + entry.count {
                let w = network.parameters[index]
                expected += 0.5 * regularization.l2 * w * w + regularization.l1 * abs(w)
            }
        }
        #expect(abs((withPenalty - withoutPenalty) - expected) < 1e-12)
    }

    @Test("Losses alone: cross-entropy (with and without smoothing) and MSE gradient and R-operator in the outputs",
          arguments: [LossKind.crossEntropy(), .crossEntropy(labelSmoothing: 0.2), .meanSquaredError])
    func lossesAlone(kind: LossKind) {
        let classes = 4, batch = 3
        let loss = LossFunction<Double>(kind, outputCount: classes, maxBatchSize: 5)
        let logits = ModelCheck.normals(batch * classes, seed: 41, scale: 2)
        let labels = ModelCheck.labels(batch, classes: classes, seed: 42)
        let values = ModelCheck.normals(batch * classes, seed: 43)
        func evaluate(_ z: [Double]) -> (Double, [Double]) {
            let value = z.withUnsafeBufferPointer { zp in
                labels.withUnsafeBufferPointer { l in
                    values.withUnsafeBufferPointer { v in
                        loss.evaluate(outputs: zp.baseAddress!, targets: kind.isClassification ? .classIndices(l) : .values(v), batchSize: batch)
                    }
                }
            }
            return (value, Array(loss.gradient.array.prefix(batch * classes)))
        }
        let (_, gradient) = evaluate(logits)
        let h = 1e-5
        var numeric: [Double] = []
        for index in logits.indices {
            var plus = logits, minus = logits
            plus[index] += h
            minus[index] -= h
            numeric.append((evaluate(plus).0 - evaluate(minus).0) / (2 * h))
        }
        #expect(ModelCheck.relativeError(gradient, numeric) < 1e-7)
        let direction = ModelCheck.normals(logits.count, seed: 44)
        _ = evaluate(logits)
        let rGradient = direction.withUnsafeBufferPointer { Array(UnsafeBufferPointer(start: loss.rGradient(rOutputs: $0.baseAddress!, batchSize: batch), count: batch * classes)) }
        let plus = evaluate(zip(logits, direction).map { $0 + h * $1 }).1
        let minus = evaluate(zip(logits, direction).map { $0 - h * $1 }).1
        #expect(ModelCheck.relativeError(rGradient, zip(plus, minus).map { ($0 - $1) / (2 * h) }) < 1e-6)
    }
}
