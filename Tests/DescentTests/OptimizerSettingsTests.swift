import Foundation
import Linalg
import Testing
import Descent

/// A rule written outside Descent: sign descent θ ← θ − η·sign(g), with settings of its own type.
struct SignDescent: Optimizer {
    struct Settings: OptimizerSettings, Equatable {
        var lr: Double
        var description: String { "lr \(lr)" }
    }

    var learningRate: Double
    var stepCount = 0
    var name: String { "sign_descent" }
    var settings: Settings { Settings(lr: learningRate) }

    mutating func step(parameters: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>) {
        for i in parameters.indices { parameters[i] -= Float(learningRate) * (gradient[i] > 0 ? 1 : gradient[i] < 0 ? -1 : 0) }
        stepCount += 1
    }

    func exportState() -> OptimizerState<Float> { OptimizerState(stepCount: stepCount, learningRate: learningRate, buffers: []) }

    mutating func restoreState(_ state: OptimizerState<Float>) throws {
        stepCount = state.stepCount
        learningRate = state.learningRate
    }
}

@Suite("Optimizer settings are typed values; a rule from outside Descent conforms with its own")
struct OptimizerSettingsTests {
    @Test("An outside rule steps through `any Optimizer` and its settings encode as its own JSON")
    func outsideRule() throws {
        var optimizer: any Optimizer<Float> = SignDescent(learningRate: 0.5)
        var parameters: [Float] = [1, 1, 1]
        let gradient: [Float] = [2, -3, 0]
        parameters.withUnsafeMutableBufferPointer { p in gradient.withUnsafeBufferPointer { optimizer.step(parameters: p, gradient: $0) } }
        #expect(parameters == [0.5, 1.5, 1])
        #expect(optimizer.name == "sign_descent" && optimizer.stepCount == 1)
        let json = String(decoding: try JSONEncoder().encode(optimizer.settings), as: UTF8.self)
        #expect(json == #"{"lr":0.5}"#)
        #expect("\(optimizer.settings)" == "lr 0.5")
    }

    @Test("Descent's rules report the configuration that rebuilds them, in PyTorch's names and order")
    func builtInSettings() throws {
        var configuration = OptimizerConfiguration.defaults(for: .rmsprop)
        configuration.centered = true
        configuration.momentum = 0.5
        let optimizer: any Optimizer<Double> = configuration.makeOptimizer(parameterCount: 4)
        #expect(optimizer.settings as? OptimizerConfiguration == configuration)
        #expect("\(optimizer.settings)" == "lr 0.01, alpha 0.99, eps 1e-08, weight_decay 0.0, momentum 0.5, centered true")
        let sgd: any Optimizer<Double> = OptimizerConfiguration.defaults(for: .nesterov).makeOptimizer(parameterCount: 1)
        #expect(sgd.name == "nesterov" && "\(sgd.settings)" == "lr 0.01, momentum 0.9, dampening 0.0, weight_decay 0.0, nesterov true")
    }
}
