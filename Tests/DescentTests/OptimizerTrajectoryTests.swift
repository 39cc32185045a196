import Descent
import Linalg
import Testing

/// 30 steps of every rule on 0.1x² + 2y² and on Rosenbrock, against the numpy reference in
/// Fixtures/OptimizerTrajectories.swift (scripts/reference/optimizer_trajectories.py).
@Suite("Optimizer reference trajectories")
struct OptimizerTrajectoryTests {
    static func gradient(of function: String) -> ([Double]) -> [Double] {
        switch function {
        case "quadratic": return { p in [0.2 * p[0], 4 * p[1]] }
        case "rosenbrock": return { p in [-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] * p[0]), 200 * (p[1] - p[0] * p[0])] }
        default: fatalError("unknown test function \(function)")
        }
    }

    static func optimizer(_ kind: String, _ s: [String: Double]) -> any Optimizer<Double> {
        switch kind {
        case "sgd":
            return SGD(learningRate: s["lr"]!, momentum: s["momentum"] ?? 0, dampening: s["dampening"] ?? 0,
                       weightDecay: s["weight_decay"] ?? 0, nesterov: (s["nesterov"] ?? 0) != 0)
        case "adagrad":
            return AdaGrad(learningRate: s["lr"]!, lrDecay: s["lr_decay"] ?? 0, weightDecay: s["weight_decay"] ?? 0,
                           initialAccumulatorValue: s["initial_accumulator_value"] ?? 0)
        case "rmsprop":
            return RMSprop(learningRate: s["lr"]!, alpha: s["alpha"] ?? 0.99, weightDecay: s["weight_decay"] ?? 0,
                           momentum: s["momentum"] ?? 0, centered: (s["centered"] ?? 0) != 0)
        case "adam":
            return Adam(learningRate: s["lr"]!, betas: (s["beta1"] ?? 0.9, s["beta2"] ?? 0.999),
                        weightDecay: s["weight_decay"] ?? 0, amsgrad: (s["amsgrad"] ?? 0) != 0)
        case "adamw":
            return AdamW(learningRate: s["lr"]!, betas: (s["beta1"] ?? 0.9, s["beta2"] ?? 0.999),
                         weightDecay: s["weight_decay"] ?? 0.01, amsgrad: (s["amsgrad"] ?? 0) != 0)
        default: fatalError("unknown rule \(kind)")
        }
    }

    static func run(_ optimizer: inout some Optimizer<Double>, from start: [Double], steps: Int,
                    gradient: ([Double]) -> [Double]) -> [[Double]] {
        OptimizerTestSupport.run(&optimizer, from: start, steps: steps, gradient: gradient)
    }

    @Test("The fixture covers every rule on both functions")
    func coverage() {
        let kinds = Set(OptimizerTrajectories.cases.map(\.kind))
        #expect(kinds == ["sgd", "adagrad", "rmsprop", "adam", "adamw"])
        #expect(OptimizerTrajectories.cases.count == 24)
        #expect(OptimizerTrajectories.cases.allSatisfy { $0.points.count == 62 })
    }

    @Test("Every rule follows the reference within 1e-12 relative", arguments: OptimizerTrajectories.cases.indices)
    func trajectory(index: Int) {
        let reference = OptimizerTrajectories.cases[index]
        var optimizer = Self.optimizer(reference.kind, reference.settings)
        let start = Array(reference.points[0..<2])
        let path = Self.run(&optimizer, from: start, steps: 30, gradient: Self.gradient(of: reference.function))
        var worst = 0.0
        for step in 0...30 {
            for axis in 0..<2 {
                let expected = reference.points[2 * step + axis], found = path[step][axis]
                worst = max(worst, abs(found - expected) / max(abs(expected), 1e-300))
            }
        }
        #expect(worst <= 1e-12, "\(reference.name) on \(reference.function): worst relative error \(worst)")
    }
}
