import Descent
import Linalg
import Testing

/// Checkpoint state: export at step k, restore into a fresh optimizer, continue bit-identically;
/// bad states and bad settings are rejected with errors that name the culprit.
@Suite("Optimizer state and configuration")
struct OptimizerStateTests {
    /// Every rule with its variants, built through the configuration as the CLI would.
    static var configurations: [OptimizerConfiguration] {
        var result = OptimizerKind.allCases.map { OptimizerConfiguration.defaults(for: $0) }
        var centered = OptimizerConfiguration.defaults(for: .rmsprop)
        centered.centered = true
        centered.momentum = 0.5
        var ams = OptimizerConfiguration.defaults(for: .adam)
        ams.amsgrad = true
        ams.weightDecay = 0.01
        var damped = OptimizerConfiguration.defaults(for: .momentum)
        damped.dampening = 0.2
        damped.weightDecay = 1e-3
        result += [centered, ams, damped]
        return result
    }

    static func resumeIsBitIdentical<S: BLASScalar>(_ configuration: OptimizerConfiguration, _: S.Type) throws -> Bool {
        let count = 37, k = 5, total = 12
        var random = RandomGenerator(seed: 7)
        var initial = [S](repeating: 0, count: count)
        initial.withUnsafeMutableBufferPointer { random.fillNormal($0) }
        let gradient: ([Double]) -> [Double] = { theta in theta.enumerated().map { 0.3 * Double($0.offset % 5) * $0.element + 0.1 } }
        let start = initial.map { Double($0) }

        var uninterrupted: any Optimizer<S> = configuration.makeOptimizer(parameterCount: count)
        let full = OptimizerTestSupport.run(&uninterrupted, from: start, steps: total, gradient: gradient)

        var first: any Optimizer<S> = configuration.makeOptimizer(parameterCount: count)
        let head = OptimizerTestSupport.run(&first, from: start, steps: k, gradient: gradient)
        let state = first.exportState()
        var resumed: any Optimizer<S> = configuration.makeOptimizer(parameterCount: count)
        try resumed.restoreState(state)
        let tail = OptimizerTestSupport.run(&resumed, from: head.last!, steps: total - k, gradient: gradient)
        return Array(full[k...]) == tail && resumed.stepCount == total && resumed.exportState() == uninterrupted.exportState()
    }

    @Test("Export at step k, restore into a fresh optimizer, continue: bit-identical", arguments: Self.configurations.indices)
    func resume(index: Int) throws {
        let configuration = Self.configurations[index]
        #expect(try Self.resumeIsBitIdentical(configuration, Float.self), "\(configuration.kind) Float")
        #expect(try Self.resumeIsBitIdentical(configuration, Double.self), "\(configuration.kind) Double")
    }

    @Test("State buffers carry PyTorch's names")
    func stateNames() {
        func names(_ optimizer: inout some Optimizer<Double>) -> [String] {
            var p = [1.0, 2.0]
            let g = [0.1, -0.2]
            p.withUnsafeMutableBufferPointer { pp in g.withUnsafeBufferPointer { optimizer.step(parameters: pp, gradient: $0) } }
            return optimizer.exportState().buffers.map(\.name)
        }
        var sgd = SGD<Double>(learningRate: 0.1, momentum: 0.9)
        var adagrad = AdaGrad<Double>()
        var rmsprop = RMSprop<Double>(momentum: 0.1, centered: true)
        var adam = Adam<Double>(amsgrad: true)
        #expect(names(&sgd) == ["momentum_buffer"])
        #expect(names(&adagrad) == ["sum"])
        #expect(names(&rmsprop) == ["square_avg", "momentum_buffer", "grad_avg"])
        #expect(names(&adam) == ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"])
    }

    @Test("A copied optimizer does not share state with the original")
    func valueSemantics() {
        var original = Adam<Double>(learningRate: 0.1)
        var p = [1.0, 2.0]
        let g = [0.5, -0.5]
        p.withUnsafeMutableBufferPointer { pp in g.withUnsafeBufferPointer { original.step(parameters: pp, gradient: $0) } }
        let before = original.exportState()
        var copy = original
        p.withUnsafeMutableBufferPointer { pp in g.withUnsafeBufferPointer { copy.step(parameters: pp, gradient: $0) } }
        #expect(original.exportState() == before)
        #expect(copy.exportState() != before)
    }

    @Test("Restoring a state of the wrong shape throws an error naming the buffer")
    func restoreErrors() {
        var adam = Adam<Float>()
        let foreign = OptimizerState<Float>(stepCount: 3, learningRate: 0.1, buffers: [("momentum_buffer", [1, 2])])
        #expect(throws: OptimizerError.unexpectedBuffer(name: "momentum_buffer", optimizer: .adam)) {
            try adam.restoreState(foreign)
        }
        let ragged = OptimizerState<Float>(stepCount: 3, learningRate: 0.1,
                                           buffers: [("exp_avg", [1, 2]), ("exp_avg_sq", [1])])
        #expect(throws: OptimizerError.bufferLength(name: "exp_avg_sq", expected: 2, found: 1)) {
            try adam.restoreState(ragged)
        }
        let missing = OptimizerState<Float>(stepCount: 3, learningRate: 0.1, buffers: [("exp_avg", [1, 2])])
        #expect(throws: OptimizerError.missingBuffer(name: "exp_avg_sq", optimizer: .adam)) {
            try adam.restoreState(missing)
        }
        #expect(throws: OptimizerError.self) {
            try adam.restoreState(OptimizerState(stepCount: -1, learningRate: 0.1, buffers: []))
        }
        #expect(adam.stepCount == 0)
    }

    @Test("Defaults are PyTorch's, and kinds map to rules")
    func defaults() {
        let adam = OptimizerConfiguration.defaults(for: .adam)
        #expect(adam.learningRate == 1e-3 && adam.betas == (0.9, 0.999) && adam.eps == 1e-8 && adam.weightDecay == 0)
        #expect(OptimizerConfiguration.defaults(for: .adamw).weightDecay == 0.01)
        let rmsprop = OptimizerConfiguration.defaults(for: .rmsprop)
        #expect(rmsprop.learningRate == 0.01 && rmsprop.alpha == 0.99 && rmsprop.eps == 1e-8)
        let adagrad = OptimizerConfiguration.defaults(for: .adagrad)
        #expect(adagrad.learningRate == 0.01 && adagrad.eps == 1e-10 && adagrad.lrDecay == 0)
        #expect(OptimizerConfiguration.defaults(for: .momentum).momentum == 0.9)
        #expect(OptimizerConfiguration.defaults(for: .nesterov).nesterov)
        for kind in OptimizerKind.allCases {
            let optimizer: any Optimizer<Float> = OptimizerConfiguration.defaults(for: kind).makeOptimizer(parameterCount: 3)
            #expect(optimizer.name == kind.rawValue)
            #expect(optimizer.settings as? OptimizerConfiguration == OptimizerConfiguration.defaults(for: kind))
            #expect("\(optimizer.settings)".hasPrefix("lr "))
            #expect((try? OptimizerConfiguration.defaults(for: kind).validate()) != nil)
            #expect(OptimizerKind(rawValue: kind.rawValue) == kind)
        }
        #expect(Set(OptimizerKind.allCases.map(\.rawValue)) == ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"])
    }

    @Test("Validation names the bad setting")
    func validation() {
        var negative = OptimizerConfiguration.defaults(for: .sgd)
        negative.learningRate = -0.1
        #expect(throws: OptimizerError.invalidSetting(setting: "lr", value: "-0.1", expected: "a finite number ≥ 0")) {
            try negative.validate()
        }
        var beta = OptimizerConfiguration.defaults(for: .adam)
        beta.betas = (0.9, 1.0)
        #expect(throws: OptimizerError.invalidSetting(setting: "betas[1]", value: "1.0", expected: "0 ≤ beta < 1")) {
            try beta.validate()
        }
        var nesterov = OptimizerConfiguration.defaults(for: .nesterov)
        nesterov.dampening = 0.1
        do {
            try nesterov.validate()
            Issue.record("Nesterov with dampening was accepted")
        } catch {
            #expect(error.description.contains("dampening"))
        }
        var momentum = OptimizerConfiguration.defaults(for: .momentum)
        momentum.momentum = 0
        #expect(throws: OptimizerError.self) { try momentum.validate() }
    }
}
