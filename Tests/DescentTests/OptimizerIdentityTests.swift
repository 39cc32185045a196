import Descent
import Linalg
import Testing

/// Identities between rules and between the CS231n and PyTorch forms of the same rule.
@Suite("Optimizer identities")
struct OptimizerIdentityTests {
    typealias Support = OptimizerTestSupport

    /// PyTorch's heavy ball with the learning rate `rate(t)` at step t (t = 1, 2, …).
    static func pytorchMomentum(rate: (Int) -> Double, mu: Double, steps: Int) -> [[Double]] {
        var optimizer = SGD<Double>(learningRate: rate(1), momentum: mu)
        var theta = Support.start
        var path = [theta]
        for t in 1...steps {
            optimizer.learningRate = rate(t)
            let g = Support.mixedGradient(theta)
            theta.withUnsafeMutableBufferPointer { p in g.withUnsafeBufferPointer { optimizer.step(parameters: p, gradient: $0) } }
            path.append(theta)
        }
        return path
    }

    /// CS231n's `sgd_momentum`: v = μv − lr·g; x += v.
    static func cs231nMomentum(rate: (Int) -> Double, mu: Double, steps: Int) -> [[Double]] {
        var x = Support.start, v = [Double](repeating: 0, count: x.count)
        var path = [x]
        for t in 1...steps {
            let g = Support.mixedGradient(x)
            for i in x.indices {
                v[i] = mu * v[i] - rate(t) * g[i]
                x[i] += v[i]
            }
            path.append(x)
        }
        return path
    }

    @Test("CS231n momentum equals PyTorch's for a constant lr and differs once lr changes")
    func cs231nMomentum() {
        let constant = { (_: Int) in 0.05 }
        #expect(Support.maxRelativeError(Self.pytorchMomentum(rate: constant, mu: 0.9, steps: 20),
                                         Self.cs231nMomentum(rate: constant, mu: 0.9, steps: 20)) < 1e-13)
        let decaying = { (t: Int) in t <= 5 ? 0.05 : 0.01 }
        #expect(Support.maxRelativeError(Self.pytorchMomentum(rate: decaying, mu: 0.9, steps: 20),
                                         Self.cs231nMomentum(rate: decaying, mu: 0.9, steps: 20)) > 1e-3)
    }

    @Test("The three Nesterov forms agree: PyTorch, CS231n, and Sutskever's look-ahead gradient")
    func nesterovForms() {
        let lr = 2e-4, mu = 0.9, steps = 25
        let gradient: ([Double]) -> [Double] = { p in   // Rosenbrock: non-linear, so the look-ahead matters
            [-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] * p[0]), 200 * (p[1] - p[0] * p[0])]
        }
        let start = [-1.2, 1.0]
        var optimizer = SGD<Double>(learningRate: lr, momentum: mu, nesterov: true)
        let pytorch = Support.run(&optimizer, from: start, steps: steps, gradient: gradient)

        // CS231n: v_prev = v; v = μv − lr·∇f(x); x += −μ·v_prev + (1 + μ)·v.
        var x = start, v = [0.0, 0.0]
        var cs231n = [x]
        for _ in 0..<steps {
            let g = gradient(x)
            for i in 0..<2 {
                let previous = v[i]
                v[i] = mu * v[i] - lr * g[i]
                x[i] += -mu * previous + (1 + mu) * v[i]
            }
            cs231n.append(x)
        }
        // Sutskever et al.: v = μv − lr·∇f(y + μv); y += v, reported at x̃ = y + μv.
        var y = start, w = [0.0, 0.0]
        var sutskever = [y]
        for _ in 0..<steps {
            let g = gradient([y[0] + mu * w[0], y[1] + mu * w[1]])
            for i in 0..<2 {
                w[i] = mu * w[i] - lr * g[i]
                y[i] += w[i]
            }
            sutskever.append([y[0] + mu * w[0], y[1] + mu * w[1]])
        }
        #expect(Support.maxRelativeError(pytorch, cs231n) < 1e-12)
        #expect(Support.maxRelativeError(pytorch, sutskever) < 1e-12)
        // And Nesterov is not heavy ball here.
        var heavy = SGD<Double>(learningRate: lr, momentum: mu)
        #expect(Support.maxRelativeError(Support.run(&heavy, from: start, steps: steps, gradient: gradient), pytorch) > 1e-4)
    }

    @Test("AdamW with weight decay 0 is Adam, bit for bit; with decay it is not")
    func adamWithoutDecay() {
        var adam = Adam<Float>(learningRate: 0.03, amsgrad: true)
        var adamW = AdamW<Float>(learningRate: 0.03, weightDecay: 0, amsgrad: true)
        let a = Support.run(&adam, from: Support.start, steps: 15, gradient: Support.mixedGradient)
        let b = Support.run(&adamW, from: Support.start, steps: 15, gradient: Support.mixedGradient)
        #expect(a == b)
        var decayed = AdamW<Float>(learningRate: 0.03, weightDecay: 0.1, amsgrad: true)
        #expect(Support.run(&decayed, from: Support.start, steps: 15, gradient: Support.mixedGradient) != a)
    }

    @Test("SGD with momentum 0 is plain gradient descent θ ← θ − lr·g, and keeps no state")
    func plainSGD() {
        var optimizer = SGD<Double>(learningRate: 0.1, momentum: 0)
        let path = Support.run(&optimizer, from: Support.start, steps: 10, gradient: Support.mixedGradient)
        var theta = Support.start
        for step in 1...10 {
            let g = Support.mixedGradient(theta)
            theta = zip(theta, g).map { $0 - 0.1 * $1 }
            #expect(path[step] == theta)
        }
        #expect(optimizer.exportState().buffers.isEmpty)
        #expect(optimizer.kind == .sgd)
    }
}
