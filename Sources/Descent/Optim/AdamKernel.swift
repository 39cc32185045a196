#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Linalg

/// The state of `AdamRule` (Adam and AdamW): moments and, with AMSGrad, the running maximum of the second.
@usableFromInline
struct AdamMoments<Scalar: BLASScalar> {
    @usableFromInline var steps = 0
    @usableFromInline var expAvg: AlignedBuffer<Scalar>?
    @usableFromInline var expAvgSq: AlignedBuffer<Scalar>?
    @usableFromInline var maxExpAvgSq: AlignedBuffer<Scalar>?

    @usableFromInline init() {}

    /// The coefficients and AMSGrad setting of the step being applied in slices (`begin`).
    @usableFromInline var sliced: (coefficients: Kernels.AdamCoefficients<Scalar>, amsgrad: Bool)?

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
        let c = begin(count: count, learningRate: learningRate, beta1: beta1, beta2: beta2, eps: eps,
                      l2Decay: l2Decay, decoupledDecay: decoupledDecay, amsgrad: amsgrad)
        sliced = nil
        apply(c, amsgrad: amsgrad, parameters: parameters, gradient: gradient, range: 0..<count)
    }

    /// Counts step t, makes the state buffers (of `count` values) unique, and returns the step's
    /// coefficients, computed in Double and rounded to `Scalar` as the formula above states.
    @inlinable
    mutating func begin(count: Int, learningRate: Double, beta1: Double, beta2: Double, eps: Double,
                        l2Decay: Double, decoupledDecay: Double, amsgrad: Bool) -> Kernels.AdamCoefficients<Scalar> {
        steps += 1
        if count > 0 {
            _ = uniqueStateBuffer(&expAvg, count: count)
            _ = uniqueStateBuffer(&expAvgSq, count: count)
            if amsgrad { _ = uniqueStateBuffer(&maxExpAvgSq, count: count) }
        }
        let t = Double(steps)
        let biasCorrection1 = 1 - pow(beta1, t), biasCorrection2 = 1 - pow(beta2, t)
        let coefficients = Kernels.AdamCoefficients(
            shrink: Scalar(1 - learningRate * decoupledDecay), shrinks: decoupledDecay != 0, decay: Scalar(l2Decay),
            weight1: Scalar(1 - beta1), keep1: Scalar(beta1), lerpFromStart: 1 - beta1 < 0.5, rate2: Scalar(beta2),
            weight2: Scalar(1 - beta2), negativeStep: Scalar(-(learningRate / biasCorrection1)),
            correction2Root: Scalar(biasCorrection2.squareRoot()), epsilon: Scalar(eps))
        sliced = (coefficients, amsgrad)
        return coefficients
    }

    /// Applies the step begun by `begin` to the values in `range` of the flat vectors (the update
    /// is elementwise, so slices in any order give the bits of one whole pass).
    @inlinable
    func apply(_ c: Kernels.AdamCoefficients<Scalar>, amsgrad: Bool, parameters: UnsafeMutableBufferPointer<Scalar>,
               gradient: UnsafeBufferPointer<Scalar>, range: Range<Int>) {
        guard !range.isEmpty else { return }
        precondition(range.lowerBound >= 0 && range.upperBound <= parameters.count && parameters.count == gradient.count,
                     "Adam: slice \(range) of \(parameters.count) parameters, \(gradient.count) gradient values")
        guard let m = expAvg, let v = expAvgSq, m.count == parameters.count else {
            preconditionFailure("Adam: a slice applied without a step begun for \(parameters.count) parameters")
        }
        let start = range.lowerBound, count = range.count
        let p = parameters.baseAddress! + start, g = gradient.baseAddress! + start
        precondition(!regionsOverlap(UnsafePointer(p), g, count: count), "Adam: parameters and gradient overlap")
        Kernels.active.adam(p, g, m.baseAddress + start, v.baseAddress + start, amsgrad ? maxExpAvgSq.map { $0.baseAddress + start } : nil,
                            count: count, c)
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
