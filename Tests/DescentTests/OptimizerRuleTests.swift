#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Descent
import Linalg
import Testing

/// Each rule against a plain scalar re-derivation written from the textbook form of its formula
/// (not the kernel's evaluation order), in Float and Double, variants included.
@Suite("Optimizer update rules")
struct OptimizerRuleTests {
    typealias Support = OptimizerTestSupport

    // MARK: Hand-worked single values

    @Test("SGD with momentum: two steps worked out by hand")
    func momentumByHand() {
        // θ = 1, g = 0.5 both steps, lr 0.1, μ 0.9: b₁ = 0.5, θ₁ = 0.95; b₂ = 0.45 + 0.5 = 0.95, θ₂ = 0.855.
        var optimizer = SGD<Double>(learningRate: 0.1, momentum: 0.9)
        let path = Support.run(&optimizer, from: [1], steps: 2) { _ in [0.5] }
        #expect(abs(path[1][0] - 0.95) < 1e-15)
        #expect(abs(path[2][0] - 0.855) < 1e-15)
        #expect(optimizer.exportState().buffer(named: "momentum_buffer") == [0.95])
    }

    @Test("Adam's first step moves every coordinate by lr (bias correction)")
    func adamFirstStepByHand() {
        // m̂ = g, v̂ = g², so the step is lr·g/(|g| + eps) ≈ lr·sign(g).
        var optimizer = Adam<Double>(learningRate: 0.01)
        let path = Support.run(&optimizer, from: [1, 1], steps: 1) { _ in [4, -0.001] }
        #expect(abs(path[1][0] - (1 - 0.01 * 4 / (4 + 1e-8))) < 1e-15)
        #expect(abs(path[1][1] - (1 + 0.01 * 0.001 / (0.001 + 1e-8))) < 1e-15)
    }

    @Test("AdaGrad's first step is lr·g/(|g| + eps)")
    func adagradFirstStepByHand() {
        var optimizer = AdaGrad<Double>(learningRate: 0.5)
        let path = Support.run(&optimizer, from: [2], steps: 1) { _ in [3] }
        #expect(abs(path[1][0] - (2 - 0.5 * 3 / (3 + 1e-10))) < 1e-15)
    }

    // MARK: Scalar references

    /// SGD from the type's formula, one coordinate at a time.
    static func sgdReference(lr: Double, momentum: Double, dampening: Double, weightDecay: Double,
                             nesterov: Bool, steps: Int) -> [[Double]] {
        var theta = Support.start, buffer = [Double](repeating: 0, count: theta.count)
        var path = [theta]
        for step in 1...steps {
            let grad = Support.mixedGradient(theta)
            for i in theta.indices {
                let g = grad[i] + weightDecay * theta[i]
                var direction = g
                if momentum != 0 {
                    buffer[i] = step == 1 ? g : momentum * buffer[i] + (1 - dampening) * g
                    direction = nesterov ? g + momentum * buffer[i] : buffer[i]
                }
                theta[i] -= lr * direction
            }
            path.append(theta)
        }
        return path
    }

    static func checkSGD<S: BLASScalar>(_: S.Type) {
        let variants: [(Double, Double, Double, Bool)] = [
            (0, 0, 0, false), (0, 0, 0.1, false), (0.9, 0, 0, false), (0.8, 0.25, 0.05, false),
            (0.9, 0, 0, true), (0.7, 0, 0.1, true),
        ]
        for (momentum, dampening, decay, nesterov) in variants {
            var optimizer = SGD<S>(learningRate: 0.05, momentum: momentum, dampening: dampening,
                                   weightDecay: decay, nesterov: nesterov)
            let path = Support.run(&optimizer, from: Support.start, steps: 6, gradient: Support.mixedGradient)
            let reference = sgdReference(lr: 0.05, momentum: momentum, dampening: dampening,
                                         weightDecay: decay, nesterov: nesterov, steps: 6)
            #expect(Support.maxRelativeError(path, reference) < Support.tolerance(S.self),
                    "SGD momentum \(momentum) dampening \(dampening) decay \(decay) nesterov \(nesterov)")
            #expect(optimizer.stepCount == 6)
        }
    }

    @Test("SGD, momentum, dampening, weight decay, Nesterov match the scalar formula")
    func sgd() {
        Self.checkSGD(Float.self)
        Self.checkSGD(Double.self)
    }

    static func adagradReference(lr: Double, lrDecay: Double, weightDecay: Double, initial: Double,
                                 eps: Double, steps: Int) -> [[Double]] {
        var theta = Support.start, sum = [Double](repeating: initial, count: theta.count)
        var path = [theta]
        for t in 1...steps {
            let grad = Support.mixedGradient(theta)
            let rate = lr / (1 + Double(t - 1) * lrDecay)
            for i in theta.indices {
                let g = grad[i] + weightDecay * theta[i]
                sum[i] += g * g
                theta[i] -= rate * g / (sum[i].squareRoot() + eps)
            }
            path.append(theta)
        }
        return path
    }

    static func checkAdaGrad<S: BLASScalar>(_: S.Type) {
        for (lrDecay, decay, initial) in [(0.0, 0.0, 0.0), (0.1, 0.05, 0.2)] {
            var optimizer = AdaGrad<S>(learningRate: 0.3, lrDecay: lrDecay, weightDecay: decay,
                                       initialAccumulatorValue: initial)
            let path = Support.run(&optimizer, from: Support.start, steps: 6, gradient: Support.mixedGradient)
            let reference = adagradReference(lr: 0.3, lrDecay: lrDecay, weightDecay: decay, initial: initial,
                                             eps: 1e-10, steps: 6)
            #expect(Support.maxRelativeError(path, reference) < Support.tolerance(S.self),
                    "AdaGrad lr_decay \(lrDecay) weight_decay \(decay) initial \(initial)")
        }
    }

    @Test("AdaGrad, with lr decay, weight decay and initial accumulator, matches the scalar formula")
    func adagrad() {
        Self.checkAdaGrad(Float.self)
        Self.checkAdaGrad(Double.self)
    }

    static func rmspropReference(lr: Double, alpha: Double, eps: Double, weightDecay: Double,
                                 momentum: Double, centered: Bool, steps: Int) -> [[Double]] {
        var theta = Support.start
        var square = [Double](repeating: 0, count: theta.count), mean = square, buffer = square
        var path = [theta]
        for _ in 1...steps {
            let grad = Support.mixedGradient(theta)
            for i in theta.indices {
                let g = grad[i] + weightDecay * theta[i]
                square[i] = alpha * square[i] + (1 - alpha) * g * g
                mean[i] = alpha * mean[i] + (1 - alpha) * g
                let variance = centered ? square[i] - mean[i] * mean[i] : square[i]
                let normalized = g / (variance.squareRoot() + eps)
                if momentum > 0 {
                    buffer[i] = momentum * buffer[i] + normalized
                    theta[i] -= lr * buffer[i]
                } else {
                    theta[i] -= lr * normalized
                }
            }
            path.append(theta)
        }
        return path
    }

    static func checkRMSprop<S: BLASScalar>(_: S.Type) {
        for (momentum, centered, decay) in [(0.0, false, 0.0), (0.0, true, 0.0), (0.6, false, 0.1), (0.6, true, 0.1)] {
            var optimizer = RMSprop<S>(learningRate: 0.02, alpha: 0.9, weightDecay: decay,
                                       momentum: momentum, centered: centered)
            let path = Support.run(&optimizer, from: Support.start, steps: 6, gradient: Support.mixedGradient)
            let reference = rmspropReference(lr: 0.02, alpha: 0.9, eps: 1e-8, weightDecay: decay,
                                             momentum: momentum, centered: centered, steps: 6)
            #expect(Support.maxRelativeError(path, reference) < Support.tolerance(S.self),
                    "RMSprop momentum \(momentum) centered \(centered) weight_decay \(decay)")
        }
    }

    @Test("RMSprop, plain, centered, with momentum and weight decay, matches the scalar formula")
    func rmsprop() {
        Self.checkRMSprop(Float.self)
        Self.checkRMSprop(Double.self)
    }

    /// Kingma & Ba's algorithm 1 with the bias-corrected moments written out (CS231n's form),
    /// PyTorch's L2 or decoupled decay, and AMSGrad's maximum of v.
    static func adamReference(lr: Double, beta1: Double, beta2: Double, eps: Double, l2: Double,
                              decoupled: Double, amsgrad: Bool, steps: Int) -> [[Double]] {
        var theta = Support.start
        var m = [Double](repeating: 0, count: theta.count), v = m, vMax = m
        var path = [theta]
        for t in 1...steps {
            let grad = Support.mixedGradient(theta)
            for i in theta.indices {
                theta[i] -= lr * decoupled * theta[i]
                let g = grad[i] + l2 * theta[i]
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                vMax[i] = max(vMax[i], v[i])
                let mHat = m[i] / (1 - pow(beta1, Double(t)))
                let vHat = (amsgrad ? vMax[i] : v[i]) / (1 - pow(beta2, Double(t)))
                theta[i] -= lr * mHat / (vHat.squareRoot() + eps)
            }
            path.append(theta)
        }
        return path
    }

    static func checkAdam<S: BLASScalar>(_: S.Type) {
        for (decay, amsgrad) in [(0.0, false), (0.1, false), (0.0, true), (0.1, true)] {
            var adam = Adam<S>(learningRate: 0.05, betas: (0.8, 0.95), weightDecay: decay, amsgrad: amsgrad)
            let path = Support.run(&adam, from: Support.start, steps: 8, gradient: Support.mixedGradient)
            let reference = adamReference(lr: 0.05, beta1: 0.8, beta2: 0.95, eps: 1e-8, l2: decay,
                                          decoupled: 0, amsgrad: amsgrad, steps: 8)
            #expect(Support.maxRelativeError(path, reference) < Support.tolerance(S.self),
                    "Adam weight_decay \(decay) amsgrad \(amsgrad)")

            var adamW = AdamW<S>(learningRate: 0.05, betas: (0.8, 0.95), weightDecay: decay, amsgrad: amsgrad)
            let pathW = Support.run(&adamW, from: Support.start, steps: 8, gradient: Support.mixedGradient)
            let referenceW = adamReference(lr: 0.05, beta1: 0.8, beta2: 0.95, eps: 1e-8, l2: 0,
                                           decoupled: decay, amsgrad: amsgrad, steps: 8)
            #expect(Support.maxRelativeError(pathW, referenceW) < Support.tolerance(S.self),
                    "AdamW weight_decay \(decay) amsgrad \(amsgrad)")
        }
    }

    @Test("Adam and AdamW, with weight decay and AMSGrad, match Kingma & Ba's bias-corrected form")
    func adam() {
        Self.checkAdam(Float.self)
        Self.checkAdam(Double.self)
    }

    @Test("AMSGrad matters: the path differs from Adam's when v shrinks")
    func amsgradDiffers() {
        // A gradient that is large then small makes v fall, so max(v̂, v) ≠ v.
        var plain = Adam<Double>(learningRate: 0.1, betas: (0.9, 0.5))
        var ams = Adam<Double>(learningRate: 0.1, betas: (0.9, 0.5), amsgrad: true)
        var calls = 0
        let gradient: ([Double]) -> [Double] = { _ in calls += 1; return [calls <= 2 ? 10 : 0.1] }
        let a = Support.run(&plain, from: [0], steps: 6, gradient: gradient)
        calls = 0
        let b = Support.run(&ams, from: [0], steps: 6, gradient: gradient)
        #expect(abs(a[6][0] - b[6][0]) > 1e-3)
    }
}
