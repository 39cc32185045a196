import Foundation
import Linalg

/// Which data loss a network minimizes (always the mean over the batch, as PyTorch's 'mean').
public enum LossKind: Sendable, Equatable {
    /// Softmax cross-entropy on class indices, `nn.CrossEntropyLoss(label_smoothing: ε)`:
    /// with log pᶜ = zᶜ − logΣexp(z) (stable: the max is subtracted first) and the target
    /// distribution q = (1 − ε)·onehot(y) + ε/C, loss = −(1/B)·Σᵢ Σᶜ qᶜ·log pᶜ.
    /// ∂/∂z = (p − q)/B; Hessian in z: (diag(p) − p·pᵀ)/B per row.
    case crossEntropy(labelSmoothing: Double = 0)
    /// `nn.MSELoss()`: (1/(B·K))·Σ (y − t)²; ∂/∂y = 2(y − t)/(B·K); Hessian 2/(B·K)·I.
    case meanSquaredError

    /// Whether the outputs are class logits.
    public var isClassification: Bool {
        if case .crossEntropy = self { return true }
        return false
    }
}

/// A loss with its workspaces (batch × outputs): value, gradient with respect to the network's
/// outputs, and the R-operator of that gradient, R{∂L/∂z} = ∇²_z L · R{z}.
public final class LossFunction<Scalar: BLASScalar> {
    /// The loss formula.
    public let kind: LossKind
    /// Outputs per row (classes C or regression targets K).
    public let outputCount: Int
    /// The largest batch.
    public let maxBatchSize: Int
    /// Softmax probabilities of the last evaluation (cross-entropy only), batch × C.
    public let probabilities: AlignedBuffer<Scalar>
    /// ∂L/∂z of the last evaluation, batch × outputs.
    public let gradient: AlignedBuffer<Scalar>
    /// R{∂L/∂z} of the last `rGradient` call.
    public let rGradient: AlignedBuffer<Scalar>
    /// Per-class weights w_c of a weighted cross-entropy (see `WeightedCrossEntropy.swift`), nil
    /// when unweighted; set with `setClassWeights(_:)`.
    public internal(set) var classWeights: [Double]?
    /// Per row of the last weighted `evaluate`: Sₙ/W, the factor of its softmax Hessian.
    @usableFromInline let rowScales: AlignedBuffer<Double>
    /// W = Σₙ w_{yₙ} of the last `evaluate` (the batch size when unweighted): what its mean divides by.
    public var lastWeightSum: Double { weightSum }
    @usableFromInline var weightSum: Double = 0

    /// A loss over `outputCount` outputs with workspaces for `maxBatchSize` rows.
    public init(_ kind: LossKind, outputCount: Int, maxBatchSize: Int) {
        self.kind = kind
        self.outputCount = outputCount
        self.maxBatchSize = maxBatchSize
        probabilities = AlignedBuffer(count: kind.isClassification ? maxBatchSize * outputCount : 0)
        gradient = AlignedBuffer(count: maxBatchSize * outputCount)
        rGradient = AlignedBuffer(count: maxBatchSize * outputCount)
        rowScales = AlignedBuffer(count: kind.isClassification ? maxBatchSize : 0)
    }

    /// The mean loss of `batchSize` rows of `outputs` against `targets`; also writes `gradient`
    /// (and `probabilities` for cross-entropy). Class indices must lie in 0..<outputCount.
    @inlinable
    public func evaluate(outputs: UnsafePointer<Scalar>, targets: LossTargets<Scalar>, batchSize: Int) -> Double {
        let c = outputCount
        let g = gradient.baseAddress
        weightSum = Double(batchSize)
        switch (kind, targets) {
        case let (.crossEntropy(smoothing), .classIndices(labels)) where classWeights != nil:
            return weightedCrossEntropy(outputs: outputs, labels: labels, batchSize: batchSize, smoothing: smoothing)
        case let (.crossEntropy(smoothing), .classIndices(labels)):
            precondition(labels.count >= batchSize, "cross-entropy: \(labels.count) labels for \(batchSize) rows")
            let p = probabilities.baseAddress
            let offValue = smoothing / Double(c), onValue = 1 - smoothing + smoothing / Double(c)
            let scale = 1 / Double(batchSize)
            for row in 0..<batchSize {
                let label = Int(labels[row])
                precondition(label >= 0 && label < c, "cross-entropy: class index \(label) outside 0..<\(c) in row \(row)")
            }
            guard let labelBase = labels.baseAddress else { return 0 * scale }  // no rows
            // Per row: the max is subtracted before exp; e = exp(z − max) is kept (as Scalar, in the
            // gradient) until p = e/Σe; all of it in Double.
            let total = Kernels.active.crossEntropy(logits: outputs, labels: labelBase, rows: batchSize, classes: c,
                                                    onValue: onValue, offValue: offValue, scale: scale,
                                                    probabilities: p, gradient: g)
            return total * scale
        case let (.meanSquaredError, .values(values)):
            precondition(values.count >= batchSize * c, "MSE: \(values.count) target values for \(batchSize)×\(c)")
            let scale = 1 / Double(batchSize * c)
            guard let valueBase = values.baseAddress else { return 0 * scale }  // no rows
            let total = Kernels.active.squaredError(outputs, valueBase, gradient: g, count: batchSize * c,
                                                    scale: Scalar(2 * scale))
            return total * scale
        default:
            preconditionFailure("loss \(kind) does not take these targets")
        }
    }

    /// R{∂L/∂z} for the last `evaluate`, given R{z} (`nil`: zero) — cross-entropy:
    /// (p ⊙ (R{z} − pᵀR{z}))/B per row; MSE: 2·R{z}/(B·K).
    @inlinable
    public func rGradient(rOutputs: UnsafePointer<Scalar>?, batchSize: Int) -> UnsafePointer<Scalar> {
        let c = outputCount
        let rg = rGradient.baseAddress
        guard let rOutputs else {
            rg.update(repeating: 0, count: batchSize * c)
            return UnsafePointer(rg)
        }
        switch kind {
        case .crossEntropy where classWeights != nil:
            weightedCrossEntropyR(rOutputs: rOutputs, batchSize: batchSize)
        case .crossEntropy:
            let p = probabilities.baseAddress
            Kernels.active.crossEntropyR(probabilities: p, rLogits: rOutputs, into: rg, rows: batchSize, classes: c,
                                         scale: 1 / Double(batchSize))
        case .meanSquaredError:
            Kernels.active.scale(rOutputs, by: Scalar(2 / Double(batchSize * c)), into: rg, count: batchSize * c)
        }
        return UnsafePointer(rg)
    }
}
