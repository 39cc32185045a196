import Testing
import Descent
import Linalg

/// Each layer alone, through the `Layer` protocol, on L = Σ c ⊙ y(x, θ) with fixed random c:
/// backward against central differences in x and θ, and the R-operator pair against central
/// differences of (y, ∂L/∂x, ∂L/∂θ) along a joint direction (R{x}, v, R{c}).
@Suite("Model layers alone")
struct ModelLayerTests {
    static let batch = 5, maxBatch = 7, features = 4

    /// What one evaluation of a layer gives.
    struct Evaluation {
        var output: [Double]
        var inputGradient: [Double]
        var parameterGradient: [Double]
    }

    /// A layer under test with its own parameter vector and a fixed Dropout seed.
    final class Harness {
        let layer: any Layer<Double>
        var parameters: [Double]
        let mode: ForwardMode
        let dropoutSeed: UInt64 = 99

        init(_ layer: any Layer<Double>, parameterCount: Int, mode: ForwardMode) {
            self.layer = layer
            parameters = ModelCheck.normals(parameterCount, seed: 3).map { 0.5 + $0 * 0.5 }
            self.mode = mode
        }

        func evaluate(input: [Double], upstream: [Double]) -> Evaluation {
            var random = RandomGenerator(seed: dropoutSeed)
            let count = ModelLayerTests.batch * layer.outputCount
            var gradient = [Double](repeating: 0, count: max(1, parameters.count))
            var result = Evaluation(output: [], inputGradient: [], parameterGradient: [])
            input.withUnsafeBufferPointer { x in
                parameters.withUnsafeBufferPointer { theta in
                    upstream.withUnsafeBufferPointer { c in
                        gradient.withUnsafeMutableBufferPointer { g in
                            let y = layer.forward(x.baseAddress!, batchSize: ModelLayerTests.batch, parameters: theta.baseAddress!,
                                                  mode: mode, updatesRunningStatistics: false, random: &random)
                            result.output = Array(UnsafeBufferPointer(start: y, count: count))
                            let dx = layer.backward(c.baseAddress!, batchSize: ModelLayerTests.batch, parameters: theta.baseAddress!,
                                                    gradient: g.baseAddress!, needsInputGradient: true)
                            result.inputGradient = Array(UnsafeBufferPointer(start: dx, count: ModelLayerTests.batch * layer.inputCount))
                        }
                    }
                }
            }
            result.parameterGradient = Array(gradient.prefix(parameters.count))
            return result
        }

        /// (R{y}, R{dx}, R{dθ}) by the layer's R-operator.
        func rEvaluate(input: [Double], upstream: [Double], rInput: [Double], direction: [Double], rUpstream: [Double]) -> Evaluation {
            var random = RandomGenerator(seed: dropoutSeed)
            let count = ModelLayerTests.batch * layer.outputCount
            var rGradient = [Double](repeating: 0, count: max(1, parameters.count))
            var result = Evaluation(output: [], inputGradient: [], parameterGradient: [])
            let paddedDirection = direction + [0]
            input.withUnsafeBufferPointer { x in
                parameters.withUnsafeBufferPointer { theta in
                    upstream.withUnsafeBufferPointer { c in
                        rInput.withUnsafeBufferPointer { rx in
                            paddedDirection.withUnsafeBufferPointer { v in
                                rUpstream.withUnsafeBufferPointer { rc in
                                    rGradient.withUnsafeMutableBufferPointer { rg in
                                        let b = ModelLayerTests.batch
                                        _ = layer.forward(x.baseAddress!, batchSize: b, parameters: theta.baseAddress!, mode: mode,
                                                          updatesRunningStatistics: false, random: &random)
                                        let ry = layer.rForward(rx.baseAddress!, batchSize: b, parameters: theta.baseAddress!, direction: v.baseAddress!)
                                        result.output = ry.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
                                        let rdx = layer.rBackward(c.baseAddress!, rc.baseAddress!, batchSize: b, parameters: theta.baseAddress!,
                                                                  direction: v.baseAddress!, rGradient: rg.baseAddress!, needsInputGradient: true)
                                        result.inputGradient = Array(UnsafeBufferPointer(start: rdx, count: b * layer.inputCount))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            result.parameterGradient = Array(rGradient.prefix(parameters.count))
            return result
        }
    }

    /// Runs both checks on `harness` and returns the largest relative error.
    static func check(_ harness: Harness) -> (gradient: Double, rOperator: Double) {
        let input = ModelCheck.normals(batch * harness.layer.inputCount, seed: 11)
        let upstream = ModelCheck.normals(batch * harness.layer.outputCount, seed: 12)
        let analytic = harness.evaluate(input: input, upstream: upstream)
        let h = 1e-5
        func objective(_ x: [Double]) -> Double {
            zip(harness.evaluate(input: x, upstream: upstream).output, upstream).reduce(0) { $0 + $1.0 * $1.1 }
        }
        var numericInput: [Double] = []
        for index in input.indices {
            var plus = input, minus = input
            plus[index] += h
            minus[index] -= h
            numericInput.append((objective(plus) - objective(minus)) / (2 * h))
        }
        var numericParameters: [Double] = []
        for index in harness.parameters.indices {
            let saved = harness.parameters[index]
            harness.parameters[index] = saved + h
            let plus = objective(input)
            harness.parameters[index] = saved - h
            let minus = objective(input)
            harness.parameters[index] = saved
            numericParameters.append((plus - minus) / (2 * h))
        }
        let gradientError = max(ModelCheck.relativeError(analytic.inputGradient, numericInput),
                                ModelCheck.relativeError(analytic.parameterGradient + [0], numericParameters + [0]))

        let rInput = ModelCheck.normals(input.count, seed: 21)
        let direction = ModelCheck.normals(harness.parameters.count, seed: 22)
        let rUpstream = ModelCheck.normals(upstream.count, seed: 23)
        let r = harness.rEvaluate(input: input, upstream: upstream, rInput: rInput, direction: direction, rUpstream: rUpstream)
        let saved = harness.parameters
        func shifted(_ sign: Double) -> Evaluation {
            harness.parameters = zip(saved, direction).map { $0 + sign * h * $1 }
            defer { harness.parameters = saved }
            return harness.evaluate(input: zip(input, rInput).map { $0 + sign * h * $1 },
                                    upstream: zip(upstream, rUpstream).map { $0 + sign * h * $1 })
        }
        let plus = shifted(1), minus = shifted(-1)
        func difference(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { ($0 - $1) / (2 * h) } }
        let rOutput = r.output.isEmpty ? [Double](repeating: 0, count: plus.output.count) : r.output
        let rError = max(ModelCheck.relativeError(rOutput, difference(plus.output, minus.output)),
                         ModelCheck.relativeError(r.inputGradient, difference(plus.inputGradient, minus.inputGradient)),
                         ModelCheck.relativeError(r.parameterGradient + [0], difference(plus.parameterGradient, minus.parameterGradient) + [0]))
        return (gradientError, rError)
    }

    @Test("Dense: gradient and R-operator match central differences")
    func dense() {
        let layer = Dense<Double>(inputCount: Self.features, outputCount: 3, maxBatchSize: Self.maxBatch, parameterOffset: 0)
        let errors = Self.check(Harness(layer, parameterCount: layer.parameterCount, mode: .training))
        #expect(errors.gradient < 1e-7)
        #expect(errors.rOperator < 1e-6)
    }

    @Test("Activations: gradient and R-operator match central differences",
          arguments: [ActivationKind.relu, .leakyReLU(), .leakyReLU(negativeSlope: 0.2), .tanh, .sigmoid, .gelu])
    func activation(kind: ActivationKind) {
        let layer = Activation<Double>(kind, featureCount: Self.features, maxBatchSize: Self.maxBatch)
        let errors = Self.check(Harness(layer, parameterCount: 0, mode: .training))
        #expect(errors.gradient < 1e-7, "\(kind)")
        #expect(errors.rOperator < 1e-6, "\(kind)")
    }

    @Test("BatchNorm: gradient and R-operator match central differences in both modes",
          arguments: [ForwardMode.training, .evaluation])
    func batchNorm(mode: ForwardMode) {
        let layer = BatchNorm<Double>(featureCount: Self.features, maxBatchSize: Self.maxBatch, parameterOffset: 0)
        for j in 0..<Self.features {
            layer.runningMean[j] = 0.1 * Double(j)
            layer.runningVariance[j] = 1 + 0.3 * Double(j)
        }
        let errors = Self.check(Harness(layer, parameterCount: layer.parameterCount, mode: mode))
        #expect(errors.gradient < 1e-7)
        #expect(errors.rOperator < 1e-6)
    }

    @Test("Dropout with a fixed mask: gradient and R-operator match central differences; the mask is 0 or 1/(1−p)")
    func dropout() {
        let layer = Dropout<Double>(probability: 0.4, featureCount: Self.features, maxBatchSize: Self.maxBatch)
        let harness = Harness(layer, parameterCount: 0, mode: .training)
        let errors = Self.check(harness)
        #expect(errors.gradient < 1e-7)
        #expect(errors.rOperator < 1e-6)
        let mask = Array(layer.lastMask.prefix(Self.batch * Self.features))
        #expect(mask.allSatisfy { $0 == 0 || abs($0 - 1 / 0.6) < 1e-12 })
        #expect(mask.contains(0) && mask.contains { $0 != 0 })
    }
}
