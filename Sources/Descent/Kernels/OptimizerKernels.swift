import DescentKernels
import Linalg

/// The optimizer updates (formulas in `SGD`, `AdaGrad`, `RMSprop`, `Adam`; the coefficients are
/// computed by the caller in `Scalar`, exactly as the scalar reference does).
extension Kernels {
    /// d = g + λθ; θ ← θ + (−η)·d.
    @inlinable
    func sgd<Scalar: BLASScalar>(_ p: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>, count: Int,
                                 negativeRate: Scalar, decay: Scalar) {
        if Self.isFloat(Scalar.self) {
            f32.sgd(p.float, g.float, count, Float(negativeRate), Float(decay))
        } else {
            f64.sgd(p.double, g.double, count, Double(negativeRate), Double(decay))
        }
    }

    /// b ← d on the first step, else μb + (1 − dampening)·d; θ ← θ + (−η)·(Nesterov ? d + μb : b).
    @inlinable
    func sgdMomentum<Scalar: BLASScalar>(_ p: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>,
                                         _ b: UnsafeMutablePointer<Scalar>, count: Int, negativeRate: Scalar,
                                         decay: Scalar, mu: Scalar, keep: Scalar, first: Bool, nesterov: Bool) {
        let first = Int32(first ? 1 : 0), nesterov = Int32(nesterov ? 1 : 0)
        if Self.isFloat(Scalar.self) {
            f32.sgd_momentum(p.float, g.float, b.float, count, Float(negativeRate), Float(decay), Float(mu), Float(keep),
                             first, nesterov)
        } else {
            f64.sgd_momentum(p.double, g.double, b.double, count, Double(negativeRate), Double(decay), Double(mu),
                             Double(keep), first, nesterov)
        }
    }

    /// s ← s + d²; θ ← θ + (−η)·d/(√s + ε).
    @inlinable
    func adagrad<Scalar: BLASScalar>(_ p: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>,
                                     _ s: UnsafeMutablePointer<Scalar>, count: Int, negativeRate: Scalar,
                                     decay: Scalar, epsilon: Scalar) {
        if Self.isFloat(Scalar.self) {
            f32.adagrad(p.float, g.float, s.float, count, Float(negativeRate), Float(decay), Float(epsilon))
        } else {
            f64.adagrad(p.double, g.double, s.double, count, Double(negativeRate), Double(decay), Double(epsilon))
        }
    }

    /// RMSprop with optional centering (`m`) and momentum (`b`).
    @inlinable
    func rmsprop<Scalar: BLASScalar>(_ p: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>,
                                     _ v: UnsafeMutablePointer<Scalar>, _ m: UnsafeMutablePointer<Scalar>?,
                                     _ b: UnsafeMutablePointer<Scalar>?, count: Int, negativeRate: Scalar, decay: Scalar,
                                     alpha: Scalar, oneMinusAlpha: Scalar, epsilon: Scalar, mu: Scalar,
                                     lerpFromStart: Bool) {
        let lerp = Int32(lerpFromStart ? 1 : 0)
        if Self.isFloat(Scalar.self) {
            f32.rmsprop(p.float, g.float, v.float, m?.float, b?.float, count, Float(negativeRate), Float(decay),
                        Float(alpha), Float(oneMinusAlpha), Float(epsilon), Float(mu), lerp)
        } else {
            f64.rmsprop(p.double, g.double, v.double, m?.double, b?.double, count, Double(negativeRate), Double(decay),
                        Double(alpha), Double(oneMinusAlpha), Double(epsilon), Double(mu), lerp)
        }
    }

    /// The coefficients of one Adam/AdamW step (see `AdamMoments.step`).
    @usableFromInline
    struct AdamCoefficients<Scalar: BLASScalar> {
        @usableFromInline var shrink: Scalar, shrinks: Bool, decay: Scalar, weight1: Scalar, keep1: Scalar
        @usableFromInline var lerpFromStart: Bool, rate2: Scalar, weight2: Scalar, negativeStep: Scalar
        @usableFromInline var correction2Root: Scalar, epsilon: Scalar

        @inlinable
        init(shrink: Scalar, shrinks: Bool, decay: Scalar, weight1: Scalar, keep1: Scalar, lerpFromStart: Bool,
             rate2: Scalar, weight2: Scalar, negativeStep: Scalar, correction2Root: Scalar, epsilon: Scalar) {
            self.shrink = shrink
            self.shrinks = shrinks
            self.decay = decay
            self.weight1 = weight1
            self.keep1 = keep1
            self.lerpFromStart = lerpFromStart
            self.rate2 = rate2
            self.weight2 = weight2
            self.negativeStep = negativeStep
            self.correction2Root = correction2Root
            self.epsilon = epsilon
        }
    }

    /// r = x / c, divided as the Adam kernel divides √v by its constant √(1 − β₂ᵗ): by the reciprocal
    /// and one FMA correction where that gives the IEEE quotient's bits (for the test that says so).
    @inlinable
    func divideByInvariant<Scalar: BLASScalar>(_ x: UnsafePointer<Scalar>, into r: UnsafeMutablePointer<Scalar>, count: Int,
                                               by c: Scalar) {
        if Self.isFloat(Scalar.self) {
            f32.divide_by_invariant(x.float, r.float, count, Float(c))
        } else {
            f64.divide_by_invariant(x.double, r.double, count, Double(c))
        }
    }

    /// One fused Adam/AdamW pass; `vmax` (AMSGrad's running maximum) may be nil.
    @inlinable
    func adam<Scalar: BLASScalar>(_ p: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>,
                                  _ m: UnsafeMutablePointer<Scalar>, _ v: UnsafeMutablePointer<Scalar>,
                                  _ vmax: UnsafeMutablePointer<Scalar>?, count: Int, _ c: AdamCoefficients<Scalar>) {
        let shrinks = Int32(c.shrinks ? 1 : 0), lerp = Int32(c.lerpFromStart ? 1 : 0)
        if Self.isFloat(Scalar.self) {
            f32.adam(p.float, g.float, m.float, v.float, vmax?.float, count, Float(c.shrink), shrinks, Float(c.decay),
                     Float(c.weight1), Float(c.keep1), lerp, Float(c.rate2), Float(c.weight2), Float(c.negativeStep),
                     Float(c.correction2Root), Float(c.epsilon))
        } else {
            f64.adam(p.double, g.double, m.double, v.double, vmax?.double, count, Double(c.shrink), shrinks,
                     Double(c.decay), Double(c.weight1), Double(c.keep1), lerp, Double(c.rate2), Double(c.weight2),
                     Double(c.negativeStep), Double(c.correction2Root), Double(c.epsilon))
        }
    }
}
