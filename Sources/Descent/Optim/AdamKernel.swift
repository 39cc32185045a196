#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Linalg

/// The state Adam and AdamW share: moments and, with AMSGrad, the running maximum of the second.
@usableFromInline
struct AdamMoments<Scalar: BLASScalar> {
    @usableFromInline var steps = 0
    @usableFromInline var expAvg: AlignedBuffer<Scalar>?
    @usableFromInline var expAvgSq: AlignedBuffer<Scalar>?
    @usableFromInline var maxExpAvgSq: AlignedBuffer<Scalar>?

    @usableFromInline init() {}

    /// One fused Adam pass (PyTorch's single-tensor `_single_tensor_adam`, evaluation order kept):
    /// θ ← θ·(1 − η·decoupledDecay); g ← g + λθ; m ← lerp(m, g, 1 − β₁); v ← β₂v + (1 − β₂)g²;
    /// v̂ ← max(v̂, v) with AMSGrad; θ ← θ − (η/(1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε).
    @inlinable
    mutating func step(
        parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>,
        learningRate: Double, beta1: Double, beta2: Double, eps: Double,
        l2Decay: Double, decoupledDecay: Double, amsgrad: Bool
    ) {
        let count = checkedStepLength(parameters, gradient)
        steps += 1
        guard count > 0 else { return }
        let p = parameters.baseAddress!, g = gradient.baseAddress!
        let m = uniqueStateBuffer(&expAvg, count: count)
        let v = uniqueStateBuffer(&expAvgSq, count: count)
        let t = Double(steps)
        let biasCorrection1 = 1 - pow(beta1, t), biasCorrection2 = 1 - pow(beta2, t)
        let negativeStepSize = Scalar(-(learningRate / biasCorrection1))
        let correction2Root = Scalar(biasCorrection2.squareRoot())
        let shrink = Scalar(1 - learningRate * decoupledDecay), decay = Scalar(l2Decay)
        let weight1 = Scalar(1 - beta1), keep1 = Scalar(beta1), rate2 = Scalar(beta2), weight2 = Scalar(1 - beta2)
        let epsilon = Scalar(eps)
        let maximum = amsgrad ? uniqueStateBuffer(&maxExpAvgSq, count: count) : nil
        let coefficients = Kernels.AdamCoefficients(
            shrink: shrink, shrinks: decoupledDecay != 0, decay: decay, weight1: weight1, keep1: keep1,
            lerpFromStart: 1 - beta1 < 0.5, rate2: rate2, weight2: weight2, negativeStep: negativeStepSize,
            correction2Root: correction2Root, epsilon: epsilon)
        precondition(!regionsOverlap(UnsafePointer(p), g, count: count), "Adam: parameters and gradient overlap")
        Kernels.active.adam(p, g, m, v, maximum, count: count, coefficients)
    }

    func export(learningRate: Double) -> OptimizerState<Scalar> {
        var buffers: [(name: String, values: [Scalar])] = []
        if let expAvg { buffers.append(("exp_avg", expAvg.array)) }
        if let expAvgSq { buffers.append(("exp_avg_sq", expAvgSq.array)) }
        if let maxExpAvgSq { buffers.append(("max_exp_avg_sq", maxExpAvgSq.array)) }
        return OptimizerState(stepCount: steps, learningRate: learningRate, buffers: buffers)
    }

    mutating func restore(_ state: OptimizerState<Scalar>, amsgrad: Bool, kind: OptimizerKind) throws(OptimizerError) {
        let names = ["exp_avg", "exp_avg_sq"] + (amsgrad ? ["max_exp_avg_sq"] : [])
        let buffers = try restoredBuffers(state, names: names, kind: kind)
        steps = state.stepCount
        expAvg = buffers?[0]
        expAvgSq = buffers?[1]
        maxExpAvgSq = amsgrad ? buffers?[2] : nil
    }
}
