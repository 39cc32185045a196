import Foundation
import Linalg

/// An elementwise nonlinearity as a layer (PyTorch's `nn.ReLU`, `nn.LeakyReLU`, `nn.Tanh`,
/// `nn.Sigmoid`, `nn.GELU`): y = f(x), dx = f'(x)·dy, R{y} = f'(x)·R{x},
/// R{dx} = f''(x)·R{x}·dy + f'(x)·R{dy}. No parameters.
///
/// The loops are `DescentKernels` (vectorized for the CPU at run time). ReLU and LeakyReLU run in
/// `Scalar` (backward a masked copy); the smooth ones evaluate libm in Double once per element in
/// `forward`, which also keeps f'(x) (as `Scalar`) for `backward` and `rForward`; `rBackward` takes
/// f'' from f and f' (tanh −2·y·f', sigmoid f'·(1 − 2y)) or from x (GELU, φ(x)·(2 − x²)).
public final class Activation<Scalar: BLASScalar>: Layer {
    /// Which nonlinearity.
    public let kind: ActivationKind
    public let inputCount: Int
    public var outputCount: Int { inputCount }
    public let maxBatchSize: Int
    @usableFromInline let output: AlignedBuffer<Scalar>
    @usableFromInline let gradInput: AlignedBuffer<Scalar>
    @usableFromInline let rOutput: AlignedBuffer<Scalar>
    @usableFromInline let rGradInput: AlignedBuffer<Scalar>
    /// f'(x) of the last forward batch (smooth kinds only; empty for ReLU and LeakyReLU).
    @usableFromInline let firstDerivative: AlignedBuffer<Scalar>
    @usableFromInline var savedInput: UnsafePointer<Scalar>?
    @usableFromInline var savedRInput: UnsafePointer<Scalar>?
    /// Whether `forward` computes tanh by the vectorized Cephes algorithm (`cephesTanh`, within 2 ulp
    /// of libm, 7× faster) instead of libm's bits; set only around Hessian-vector products
    /// (`Network.withVectorizedTanh`), so training and prediction keep libm's (v0.1's) results.
    @usableFromInline var vectorizedTanh = false
    /// Whether ReLU's forward writes max(z, 0) over z, its input: set by `Network` for a ReLU right
    /// after a Linear or BatchNorm layer, whose output buffer nothing reads once this layer has run.
    /// The backward and R-passes take the mask from that buffer, and max(z, 0) > 0 exactly where
    /// z > 0 (NaN and −0 included), so every result keeps its bits; the step touches one activation
    /// buffer fewer (784-256-256-10, batch 1024: 0.3 ms of a 14 ms step on a Zen 4).
    public let overwritesInput: Bool

    /// An activation over `featureCount` features with workspaces for `maxBatchSize` rows. With
    /// `overwritesInput` (honoured for ReLU only), `forward` writes its output over its input, which
    /// must then be a buffer no one else reads after this layer's forward pass.
    public init(_ kind: ActivationKind, featureCount: Int, maxBatchSize: Int, overwritesInput: Bool = false) {
        precondition(featureCount > 0 && maxBatchSize > 0, "Activation: sizes must be positive")
        self.kind = kind
        inputCount = featureCount
        self.maxBatchSize = maxBatchSize
        if case .relu = kind { self.overwritesInput = overwritesInput } else { self.overwritesInput = false }
        output = AlignedBuffer(count: self.overwritesInput ? 0 : maxBatchSize * featureCount)
        gradInput = AlignedBuffer(count: maxBatchSize * featureCount)
        rOutput = AlignedBuffer(count: maxBatchSize * featureCount)
        rGradInput = AlignedBuffer(count: maxBatchSize * featureCount)
        firstDerivative = AlignedBuffer(count: kind.isPiecewiseLinear ? 0 : maxBatchSize * featureCount)
    }

    @inlinable
    public func forward(
        _ input: UnsafePointer<Scalar>, batchSize: Int, parameters: UnsafePointer<Scalar>, mode: ForwardMode,
        updatesRunningStatistics: Bool, random: inout RandomGenerator
    ) -> UnsafePointer<Scalar> {
        savedInput = input
        let y = output.baseAddress
        let count = batchSize * inputCount
        switch kind {
        case .relu where overwritesInput:
            let z = UnsafeMutablePointer(mutating: input)
            Kernels.active.reluInPlace(z, count: count)
            return input
        case .relu:
            Kernels.active.relu(input, y, count: count)
        case let .leakyReLU(slope):
            Kernels.active.leakyReLU(input, y, count: count, slope: Scalar(slope))
        default:
            Kernels.active.smoothForward(kind, input, y, firstDerivative.baseAddress, count: count, vectorizedTanh: vectorizedTanh)
        }
        return UnsafePointer(y)
    }

    @inlinable
    public func backward(
        _ gradOutput: UnsafePointer<Scalar>, batchSize: Int, parameters: UnsafePointer<Scalar>,
        gradient: UnsafeMutablePointer<Scalar>?, needsInputGradient: Bool
    ) -> UnsafePointer<Scalar> {
        let dx = gradInput.baseAddress
        guard needsInputGradient, let input = savedInput else { return UnsafePointer(dx) }
        let count = batchSize * inputCount
        switch kind {
        case .relu, .leakyReLU:
            Self.scaleByPiecewiseSlope(kind, input: input, values: gradOutput, into: dx, count: count)
        default:
            Kernels.active.multiply(firstDerivative.baseAddress, gradOutput, into: dx, count: count)
        }
        return UnsafePointer(dx)
    }

    /// `backward`, fused with the bias gradient of the Linear layer before this activation: one pass
    /// writes dx = f'(x)·dy (the Linear layer's dY) and sets (or, when `accumulates`, adds)
    /// biasGradient[j] = Σ_r dx[r, j], the sum `Dense.backward` would otherwise take in a second pass
    /// over dx (the same order, so the same bits). With `overwritesMask`, a ReLU that `overwritesInput`
    /// writes dx over its mask (max(z, 0) in the Linear layer's output buffer) instead of into a
    /// buffer of its own: only for a pass after which nothing reads the mask again (the training
    /// step; not a Hessian-vector product, whose R-backward pass still needs it).
    @inlinable
    func backward(_ gradOutput: UnsafePointer<Scalar>, batchSize: Int, biasGradient: UnsafeMutablePointer<Scalar>,
                  accumulates: Bool, overwritesMask: Bool = false) -> UnsafePointer<Scalar> {
        guard let input = savedInput else { preconditionFailure("Activation.backward before forward") }
        if overwritesMask && overwritesInput {
            let mask = UnsafeMutablePointer(mutating: input)
            Kernels.active.reluBackwardBiasOverMask(mask, values: gradOutput, rows: batchSize, columns: inputCount,
                                                    sums: biasGradient, accumulates: accumulates)
            return input
        }
        let slope: Kernels.Slope<Scalar>
        switch kind {
        case .relu: slope = .relu(input: input)
        case let .leakyReLU(value): slope = .leaky(input: input, slope: Scalar(value))
        default: slope = .derivative(UnsafePointer(firstDerivative.baseAddress))
        }
        let dx = gradInput.baseAddress
        Kernels.active.backwardBias(slope, values: gradOutput, into: dx, rows: batchSize, columns: inputCount,
                                    sums: biasGradient, accumulates: accumulates)
        return UnsafePointer(dx)
    }

    @inlinable
    public func rForward(
        _ rInput: UnsafePointer<Scalar>?, batchSize: Int, parameters: UnsafePointer<Scalar>,
        direction: UnsafePointer<Scalar>
    ) -> UnsafePointer<Scalar>? {
        savedRInput = rInput
        guard let rInput, let input = savedInput else { return nil }
        let ry = rOutput.baseAddress
        if kind.isPiecewiseLinear {
            Self.scaleByPiecewiseSlope(kind, input: input, values: rInput, into: ry, count: batchSize * inputCount)
        } else {
            Kernels.active.multiply(firstDerivative.baseAddress, rInput, into: ry, count: batchSize * inputCount)
        }
        return UnsafePointer(ry)
    }

    @inlinable
    public func rBackward(
        _ gradOutput: UnsafePointer<Scalar>, _ rGradOutput: UnsafePointer<Scalar>, batchSize: Int,
        parameters: UnsafePointer<Scalar>, direction: UnsafePointer<Scalar>,
        rGradient: UnsafeMutablePointer<Scalar>, needsInputGradient: Bool
    ) -> UnsafePointer<Scalar> {
        let rdx = rGradInput.baseAddress
        guard needsInputGradient, let input = savedInput else { return UnsafePointer(rdx) }
        let count = batchSize * inputCount
        if kind.isPiecewiseLinear {
            // f'' = 0: R{dx} = f'(x)·R{dy}.
            Self.scaleByPiecewiseSlope(kind, input: input, values: rGradOutput, into: rdx, count: count)
            return UnsafePointer(rdx)
        }
        Kernels.active.smoothRBackward(kind, x: input, y: output.baseAddress, d1: firstDerivative.baseAddress,
                                       rx: savedRInput, dy: gradOutput, rdy: rGradOutput, into: rdx, count: count)
        return UnsafePointer(rdx)
    }

    /// result = f'(x)·values for ReLU (a masked copy) and LeakyReLU. Both operands are loaded
    /// unconditionally so that the select vectorizes.
    @inlinable
    static func scaleByPiecewiseSlope(_ kind: ActivationKind, input: UnsafePointer<Scalar>, values: UnsafePointer<Scalar>,
                                      into result: UnsafeMutablePointer<Scalar>, count: Int) {
        if case let .leakyReLU(slope) = kind {
            Kernels.active.piecewiseSlope(input: input, values: values, into: result, count: count, slope: Scalar(slope))
        } else {
            Kernels.active.piecewiseSlope(input: input, values: values, into: result, count: count, slope: nil)
        }
    }

    /// f''(x) of a smooth kind from x, y = f(x) and f'(x) of the last forward pass: tanh −2·y·f',
    /// sigmoid f'·(1 − 2y), GELU from x (φ(x)·(2 − x²)). (The same formulas as the kernel
    /// `smooth_r_backward`; the block product of several directions uses this one.)
    @inlinable
    func secondDerivative(x: Scalar, value: Scalar, first: Double) -> Double {
        switch kind {
        case .tanh: return -2 * Double(value) * first
        case .sigmoid: return first * (1 - 2 * Double(value))
        default: return kind.derivatives(at: Double(x)).second
        }
    }
}
