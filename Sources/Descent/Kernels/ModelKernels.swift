import DescentKernels
import Linalg

/// The layers' and losses' elementwise loops (formulas in `Activation`, `Dense`, `LossFunction`).
extension Kernels {
    /// y = max(x, 0) (Swift's `max(x, 0)`).
    @inlinable
    func relu<Scalar: BLASScalar>(_ x: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>, count: Int) {
        if Self.isFloat(Scalar.self) { f32.relu(x.float, y.float, count) } else { f64.relu(x.double, y.double, count) }
    }

    /// x = max(x, 0) in place, with `relu`'s bits.
    @inlinable
    func reluInPlace<Scalar: BLASScalar>(_ x: UnsafeMutablePointer<Scalar>, count: Int) {
        if Self.isFloat(Scalar.self) { f32.relu_in_place(x.float, count) } else { f64.relu_in_place(x.double, count) }
    }

    /// y = x > 0 ? x : slope·x.
    @inlinable
    func leakyReLU<Scalar: BLASScalar>(_ x: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>, count: Int,
                                       slope: Scalar) {
        if Self.isFloat(Scalar.self) {
            f32.leaky_relu(x.float, y.float, count, Float(slope))
        } else {
            f64.leaky_relu(x.double, y.double, count, Double(slope))
        }
    }

    /// r = x > 0 ? v : slope·v when `leaky`, else x > 0 ? v : 0 (f'(x)·v of ReLU and LeakyReLU).
    @inlinable
    func piecewiseSlope<Scalar: BLASScalar>(input x: UnsafePointer<Scalar>, values v: UnsafePointer<Scalar>,
                                            into r: UnsafeMutablePointer<Scalar>, count: Int, slope: Scalar?) {
        let leaky = Int32(slope == nil ? 0 : 1)
        if Self.isFloat(Scalar.self) {
            f32.piecewise_slope(x.float, v.float, r.float, count, Float(slope ?? 0), leaky)
        } else {
            f64.piecewise_slope(x.double, v.double, r.double, count, Double(slope ?? 0), leaky)
        }
    }

    /// What `backwardBias` multiplies the upstream gradient by: ReLU's or LeakyReLU's slope from
    /// the input x, or a smooth activation's f'(x) kept by its forward pass.
    @usableFromInline
    enum Slope<Scalar: BLASScalar> {
        case relu(input: UnsafePointer<Scalar>)
        case leaky(input: UnsafePointer<Scalar>, slope: Scalar)
        case derivative(UnsafePointer<Scalar>)
    }

    /// An activation's backward pass fused with the bias gradient of the Linear layer before it, one
    /// pass over rows × columns: u = f'(x)·v written to r, and sums[j] (+)= Σ_r u[r·columns + j] in
    /// `columnSums`' order (so with its bits).
    @inlinable
    func backwardBias<Scalar: BLASScalar>(_ slope: Slope<Scalar>, values v: UnsafePointer<Scalar>,
                                          into r: UnsafeMutablePointer<Scalar>, rows: Int, columns: Int,
                                          sums: UnsafeMutablePointer<Scalar>, accumulates: Bool) {
        let add = Int32(accumulates ? 1 : 0)
        let (x, d1, leak, kind): (UnsafePointer<Scalar>?, UnsafePointer<Scalar>?, Scalar, Int32)
        switch slope {
        case let .relu(input): (x, d1, leak, kind) = (input, nil, 0, 0)
        case let .leaky(input, value): (x, d1, leak, kind) = (input, nil, value, 1)
        case let .derivative(first): (x, d1, leak, kind) = (nil, first, 0, 2)
        }
        if Self.isFloat(Scalar.self) {
            f32.backward_bias(x?.float, d1?.float, v.float, r.float, rows, columns, Float(leak), kind, sums.float, add)
        } else {
            f64.backward_bias(x?.double, d1?.double, v.double, r.double, rows, columns, Double(leak), kind, sums.double, add)
        }
    }

    /// ReLU's `backwardBias` written over its mask x: u = x > 0 ? v : 0 replaces x, and
    /// sums[j] (+)= Σ_r u[r·columns + j], with `backwardBias`' bits.
    @inlinable
    func reluBackwardBiasOverMask<Scalar: BLASScalar>(_ x: UnsafeMutablePointer<Scalar>, values v: UnsafePointer<Scalar>,
                                                      rows: Int, columns: Int, sums: UnsafeMutablePointer<Scalar>,
                                                      accumulates: Bool) {
        let add = Int32(accumulates ? 1 : 0)
        if Self.isFloat(Scalar.self) {
            f32.relu_backward_bias_over_mask(x.float, v.float, rows, columns, sums.float, add)
        } else {
            f64.relu_backward_bias_over_mask(x.double, v.double, rows, columns, sums.double, add)
        }
    }

    /// r = a ⊙ b.
    @inlinable
    func multiply<Scalar: BLASScalar>(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>,
                                      into r: UnsafeMutablePointer<Scalar>, count: Int) {
        if Self.isFloat(Scalar.self) {
            f32.multiply(a.float, b.float, r.float, count)
        } else {
            f64.multiply(a.double, b.double, r.double, count)
        }
    }

    /// r = s·x.
    @inlinable
    func scale<Scalar: BLASScalar>(_ x: UnsafePointer<Scalar>, by s: Scalar, into r: UnsafeMutablePointer<Scalar>,
                                   count: Int) {
        if Self.isFloat(Scalar.self) {
            f32.scale(x.float, r.float, count, Float(s))
        } else {
            f64.scale(x.double, r.double, count, Double(s))
        }
    }

    /// Whether every one of the `count` values at `x` is finite (no ±∞, no NaN).
    @inlinable
    func allFinite<Scalar: BLASScalar>(_ x: UnsafePointer<Scalar>, count: Int) -> Bool {
        magnitudeBound(x, count: count) != nil
    }

    /// An upper bound on every |x[i]| of the `count` values at `x` (a tiny one when there are none), or nil
    /// when one is ±∞ or NaN. One integer max over the words holding the exponents
    /// (`largest_magnitude_word`): for Float the bound is the largest |x[i]| itself; for Double its
    /// high word with every lower bit set (at most 2⁻²⁰ relatively above the largest).
    @inlinable
    func magnitudeBound<Scalar: BLASScalar>(_ x: UnsafePointer<Scalar>, count: Int) -> Double? {
        if Self.isFloat(Scalar.self) {
            let word = f32.largest_magnitude_word(x.float, count)
            return word < 0x7f80_0000 ? Double(Float(bitPattern: word)) : nil
        }
        let word = f64.largest_magnitude_word(x.double, count)
        return word < 0x7ff0_0000 ? Double(bitPattern: UInt64(word) << 32 | 0xffff_ffff) : nil
    }

    /// r[i] = e^x[i] in Double as this set's softmax computes it (for the test that holds it to libm's
    /// bits): a vectorized evaluation of glibc's own algorithm where the set has FMA, exp() otherwise.
    @inlinable
    func exp(_ x: UnsafePointer<Double>, into r: UnsafeMutablePointer<Double>, count: Int) {
        f64.exp_loop(x, r, count)
    }

    /// Whether `exp(_:into:count:)` runs the vectorized evaluation (this set has FMA and the C library's
    /// exp gave the same bits on the check's arguments), not exp() per element.
    var expIsVectorized: Bool { f64.exp_is_vectorized() != 0 }

    /// y[r·cols + j] = b[j] for each of the `rows` rows: the bias row written into every row.
    @inlinable
    func broadcastRows<Scalar: BLASScalar>(_ b: UnsafePointer<Scalar>, into y: UnsafeMutablePointer<Scalar>, rows: Int,
                                           columns: Int) {
        if Self.isFloat(Scalar.self) {
            f32.broadcast_rows(b.float, y.float, rows, columns)
        } else {
            f64.broadcast_rows(b.double, y.double, rows, columns)
        }
    }

    /// The C code of a smooth activation: 0 tanh, 1 sigmoid, 2 GELU.
    @inlinable
    static func smoothCode(_ kind: ActivationKind) -> Int32 {
        switch kind {
        case .tanh: return 0
        case .sigmoid: return 1
        default: return 2
        }
    }

    /// y = f(x), d1 = f'(x) of a smooth activation, in Double through libm (`ActivationKind.derivatives`);
    /// with `vectorizedTanh`, tanh by the vectorized Cephes algorithm instead (`cephesTanh`, within 2 ulp).
    @inlinable
    func smoothForward<Scalar: BLASScalar>(_ kind: ActivationKind, _ x: UnsafePointer<Scalar>,
                                           _ y: UnsafeMutablePointer<Scalar>, _ d1: UnsafeMutablePointer<Scalar>,
                                           count: Int, vectorizedTanh: Bool = false) {
        let code = vectorizedTanh && kind == .tanh ? 3 : Self.smoothCode(kind)
        if Self.isFloat(Scalar.self) {
            f32.smooth_forward(x.float, y.float, d1.float, count, code)
        } else {
            f64.smooth_forward(x.double, y.double, d1.double, count, code)
        }
    }

    /// R{dx} = f''(x)·R{x}·dy + f'(x)·R{dy} in Double (R{x} nil: zero).
    @inlinable
    func smoothRBackward<Scalar: BLASScalar>(
        _ kind: ActivationKind, x: UnsafePointer<Scalar>, y: UnsafePointer<Scalar>, d1: UnsafePointer<Scalar>,
        rx: UnsafePointer<Scalar>?, dy: UnsafePointer<Scalar>, rdy: UnsafePointer<Scalar>,
        into rdx: UnsafeMutablePointer<Scalar>, count: Int
    ) {
        let code = Self.smoothCode(kind)
        if Self.isFloat(Scalar.self) {
            f32.smooth_r_backward(x.float, y.float, d1.float, rx?.float, dy.float, rdy.float, rdx.float, count, code)
        } else {
            f64.smooth_r_backward(x.double, y.double, d1.double, rx?.double, dy.double, rdy.double, rdx.double, count,
                                  code)
        }
    }

    /// sums[j] (+)= Σ_r a[r·columns + j]·(weights[r·columns + j] or 1).
    @inlinable
    func columnSums<Scalar: BLASScalar>(_ a: UnsafePointer<Scalar>, times weights: UnsafePointer<Scalar>? = nil,
                                        rows: Int, columns: Int, into sums: UnsafeMutablePointer<Scalar>,
                                        accumulates: Bool) {
        let add = Int32(accumulates ? 1 : 0)
        if Self.isFloat(Scalar.self) {
            f32.column_sums(a.float, weights?.float, rows, columns, sums.float, add)
        } else {
            f64.column_sums(a.double, weights?.double, rows, columns, sums.double, add)
        }
    }

    /// Softmax cross-entropy of `rows` rows of `c` logits: writes p and g = (p − q)·scale, returns Σ row losses.
    @inlinable
    func crossEntropy<Scalar: BLASScalar>(
        logits z: UnsafePointer<Scalar>, labels: UnsafePointer<Int32>, rows: Int, classes c: Int,
        onValue: Double, offValue: Double, scale: Double,
        probabilities p: UnsafeMutablePointer<Scalar>, gradient g: UnsafeMutablePointer<Scalar>
    ) -> Double {
        if Self.isFloat(Scalar.self) {
            return f32.cross_entropy(z.float, labels, rows, c, onValue, offValue, scale, p.float, g.float)
        } else {
            return f64.cross_entropy(z.double, labels, rows, c, onValue, offValue, scale, p.double, g.double)
        }
    }

    /// R{∂L/∂z} of cross-entropy: p ⊙ (R{z} − pᵀR{z})·scale per row.
    @inlinable
    func crossEntropyR<Scalar: BLASScalar>(probabilities p: UnsafePointer<Scalar>, rLogits rz: UnsafePointer<Scalar>,
                                           into rg: UnsafeMutablePointer<Scalar>, rows: Int, classes c: Int,
                                           scale: Double) {
        if Self.isFloat(Scalar.self) {
            f32.cross_entropy_r(p.float, rz.float, rg.float, rows, c, scale)
        } else {
            f64.cross_entropy_r(p.double, rz.double, rg.double, rows, c, scale)
        }
    }

    /// g = scale·(y − t); returns Σ (y − t)² in Double.
    @inlinable
    func squaredError<Scalar: BLASScalar>(_ y: UnsafePointer<Scalar>, _ t: UnsafePointer<Scalar>,
                                          gradient g: UnsafeMutablePointer<Scalar>, count: Int, scale: Scalar) -> Double {
        if Self.isFloat(Scalar.self) {
            return f32.squared_error(y.float, t.float, g.float, count, Float(scale))
        } else {
            return f64.squared_error(y.double, t.double, g.double, count, Double(scale))
        }
    }
}
