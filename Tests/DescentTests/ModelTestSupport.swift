import Descent
import Linalg

/// Helpers for the model tests: seeded data, relative errors and central differences in Double.
enum ModelCheck {
    /// ‖x − y‖₂ / max(1e-8, ‖x‖₂ + ‖y‖₂): CS231n's `rel_error` taken over the whole vector, so that
    /// entries that are exactly zero analytically (dead ReLUs) and ~1e-12 numerically do not
    /// dominate.
    static func relativeError(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count)
        var difference = 0.0, normX = 0.0, normY = 0.0
        for index in x.indices {
            difference += (x[index] - y[index]) * (x[index] - y[index])
            normX += x[index] * x[index]
            normY += y[index] * y[index]
        }
        return difference.squareRoot() / max(1e-8, normX.squareRoot() + normY.squareRoot())
    }

    /// `count` seeded standard normal values.
    static func normals(_ count: Int, seed: UInt64, scale: Double = 1) -> [Double] {
        var random = RandomGenerator(seed: seed)
        return (0..<count).map { _ in random.normal() * scale }
    }

    /// Seeded class labels in 0..<classes.
    static func labels(_ count: Int, classes: Int, seed: UInt64) -> [Int32] {
        var random = RandomGenerator(seed: seed)
        return (0..<count).map { _ in Int32(random.uniformInt(below: classes)) }
    }

    /// The loss of `network` on a batch, with the Dropout generator reset to `dropoutState` first
    /// (so every evaluation sees the same mask).
    static func loss(_ network: Network<Double>, inputs: [Double], labels: [Int32], values: [Double], batchSize: Int,
                     mode: ForwardMode, dropoutState: RandomGenerator) -> Double {
        network.dropoutRandom = dropoutState
        return inputs.withUnsafeBufferPointer { x in
            labels.withUnsafeBufferPointer { l in
                values.withUnsafeBufferPointer { v in
                    network.loss(inputs: x, targets: network.lossFunction.kind.isClassification ? .classIndices(l) : .values(v),
                                 batchSize: batchSize, mode: mode)
                }
            }
        }
    }

    /// The gradient of `network` on a batch (Dropout generator reset to `dropoutState` first).
    static func gradient(_ network: Network<Double>, inputs: [Double], labels: [Int32], values: [Double], batchSize: Int,
                         mode: ForwardMode, dropoutState: RandomGenerator) -> [Double] {
        network.dropoutRandom = dropoutState
        inputs.withUnsafeBufferPointer { x in
            labels.withUnsafeBufferPointer { l in
                values.withUnsafeBufferPointer { v in
                    _ = network.lossAndGradient(inputs: x, targets: network.lossFunction.kind.isClassification ? .classIndices(l) : .values(v),
                                                batchSize: batchSize, mode: mode)
                }
            }
        }
        return network.gradient.array
    }

    /// H·v by the network's R-operator (Dropout generator reset first).
    static func hessianVector(_ network: Network<Double>, inputs: [Double], labels: [Int32], values: [Double], batchSize: Int,
                              vector: [Double], mode: ForwardMode, dropoutState: RandomGenerator) -> [Double] {
        network.dropoutRandom = dropoutState
        var result = [Double](repeating: 0, count: vector.count)
        inputs.withUnsafeBufferPointer { x in
            labels.withUnsafeBufferPointer { l in
                values.withUnsafeBufferPointer { v in
                    vector.withUnsafeBufferPointer { direction in
                        result.withUnsafeMutableBufferPointer { out in
                            _ = network.hessianVectorProduct(
                                inputs: x, targets: network.lossFunction.kind.isClassification ? .classIndices(l) : .values(v),
                                batchSize: batchSize, vector: direction, into: out, mode: mode)
                        }
                    }
                }
            }
        }
        return result
    }

    /// A problem for gradient and curvature checks: a Double network and a batch.
    struct Problem {
        let network: Network<Double>
        let inputs: [Double]
        let labels: [Int32]
        let values: [Double]
        let batchSize: Int
        let mode: ForwardMode
        let dropoutState: RandomGenerator

        /// A network of `layers` on 4 inputs, batch 6 (maxBatchSize 8, so a partial batch).
        init(layers: [LayerSpec], loss: LossKind, mode: ForwardMode, regularization: Regularization = .none,
             initializer: Initializer = .xavierNormal, seed: UInt64 = 7) throws {
            var random = RandomGenerator(seed: seed)
            network = try Network<Double>(inputCount: 4, layers: layers, loss: loss, initializer: initializer,
                                          maxBatchSize: 8, random: &random)
            network.regularization = regularization
            // Perturb every parameter (BatchNorm γ, β away from 1, 0) so no term is trivially zero.
            let noise = ModelCheck.normals(network.parameters.count, seed: seed + 1, scale: 0.3)
            for index in noise.indices { network.parameters[index] += noise[index] }
            batchSize = 6
            inputs = ModelCheck.normals(batchSize * 4, seed: seed + 2)
            labels = ModelCheck.labels(batchSize, classes: network.outputCount, seed: seed + 3)
            values = ModelCheck.normals(batchSize * network.outputCount, seed: seed + 4)
            self.mode = mode
            dropoutState = RandomGenerator(seed: seed + 5)
        }

        var loss: Double {
            ModelCheck.loss(network, inputs: inputs, labels: labels, values: values, batchSize: batchSize, mode: mode, dropoutState: dropoutState)
        }
        var gradient: [Double] {
            ModelCheck.gradient(network, inputs: inputs, labels: labels, values: values, batchSize: batchSize, mode: mode, dropoutState: dropoutState)
        }
        func hessianVector(_ vector: [Double]) -> [Double] {
            ModelCheck.hessianVector(network, inputs: inputs, labels: labels, values: values, batchSize: batchSize,
                                     vector: vector, mode: mode, dropoutState: dropoutState)
        }

        /// ∂L/∂θᵢ by central differences (L(θ + h·eᵢ) − L(θ − h·eᵢ))/2h.
        func numericalGradient(step h: Double = 1e-5) -> [Double] {
            (0..<network.parameters.count).map { index in
                let saved = network.parameters[index]
                network.parameters[index] = saved + h
                let plus = loss
                network.parameters[index] = saved - h
                let minus = loss
                network.parameters[index] = saved
                return (plus - minus) / (2 * h)
            }
        }

        /// (g(θ + εv) − g(θ − εv))/2ε.
        func numericalHessianVector(_ vector: [Double], step epsilon: Double = 1e-5) -> [Double] {
            let saved = network.parameters.array
            for index in vector.indices { network.parameters[index] = saved[index] + epsilon * vector[index] }
            let plus = gradient
            for index in vector.indices { network.parameters[index] = saved[index] - epsilon * vector[index] }
            let minus = gradient
            for index in vector.indices { network.parameters[index] = saved[index] }
            return zip(plus, minus).map { ($0 - $1) / (2 * epsilon) }
        }
    }
}
