import Foundation
import Linalg

/// An elementwise nonlinearity as a layer (PyTorch's `nn.ReLU`, `nn.LeakyReLU`, `nn.Tanh`,
/// `nn.Sigmoid`, `nn.GELU`): y = f(x), dx = f'(x)·dy, R{y} = f'(x)·R{x},
/// R{dx} = f''(x)·R{x}·dy + f'(x)·R{dy}. No parameters.
///
/// ReLU and LeakyReLU run as tight loops in `Scalar`; the smooth ones evaluate libm in Double.
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
    @usableFromInline var savedInput: UnsafePointer<Scalar>?
    @usableFromInline var savedRInput: UnsafePointer<Scalar>?

    /// An activation over `featureCount` features with workspaces for `maxBatchSize` rows.
    public init(_ kind: ActivationKind, featureCount: Int, maxBatchSize: Int) {
        precondition(featureCount > 0 && maxBatchSize > 0, "Activation: sizes must be positive")
        self.kind = kind
        inputCount = featureCount
        self.maxBatchSize = maxBatchSize
        output = AlignedBuffer(count: maxBatchSize * featureCount)
        gradInput = AlignedBuffer(count: maxBatchSize * featureCount)
        rOutput = AlignedBuffer(count: maxBatchSize * featureCount)
        rGradInput = AlignedBuffer(count: maxBatchSize * featureCount)
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
        case .relu:
            for index in 0..<count { y[index] = Swift.max(input[index], 0) }
        case let .leakyReLU(slopeDouble):
            let slope = Scalar(slopeDouble)
            for index in 0..<count {
                let x = input[index]
                y[index] = x > 0 ? x : slope * x
            }
        default:
            for index in 0..<count { y[index] = Scalar(kind.derivatives(at: Double(input[index])).value) }
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
        case .relu:
            for index in 0..<count { dx[index] = input[index] > 0 ? gradOutput[index] : 0 }
        case let .leakyReLU(slopeDouble):
            let slope = Scalar(slopeDouble)
            for index in 0..<count { dx[index] = input[index] > 0 ? gradOutput[index] : slope * gradOutput[index] }
        default:
            for index in 0..<count {
                dx[index] = Scalar(kind.derivatives(at: Double(input[index])).first) * gradOutput[index]
            }
        }
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
        for index in 0..<batchSize * inputCount {
            ry[index] = Scalar(kind.derivatives(at: Double(input[index])).first) * rInput[index]
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
        for index in 0..<batchSize * inputCount {
            let (_, first, second) = kind.derivatives(at: Double(input[index]))
            let rx = savedRInput.map { Double($0[index]) } ?? 0
            rdx[index] = Scalar(second * rx * Double(gradOutput[index]) + first * Double(rGradOutput[index]))
        }
        return UnsafePointer(rdx)
    }
}
