import Foundation
import Linalg

/// Class-weighted softmax cross-entropy, exactly as PyTorch's `nn.CrossEntropyLoss(weight: w,
/// label_smoothing: ε, reduction: "mean")` defines it (ATen `cross_entropy_loss_label_smoothing`):
///
///     L = [ (1 − ε)·Σₙ w_{yₙ}·(−log p_{n,yₙ}) + (ε/C)·Σₙ Σ_c w_c·(−log p_{n,c}) ] / W,   W = Σₙ w_{yₙ}
///
/// i.e. per row the unnormalized target qₙ,c = (1 − ε)·w_{yₙ}·[c = yₙ] + (ε/C)·w_c (the smoothing
/// term weights each class by its own weight, not the row's) and the batch is divided by the sum of
/// the rows' own weights, never by B. With Sₙ = Σ_c qₙ,c:
///
///     ∂L/∂zₙ = (Sₙ·pₙ − qₙ)/W,    ∇²_{zₙ} L = (Sₙ/W)·(diag(pₙ) − pₙpₙᵀ)
///
/// With every w_c = 1 this is the unweighted loss (Sₙ = 1, W = B). Weights must be positive and
/// finite (`setClassWeights`), so W > 0 for any batch.
extension LossFunction {
    /// Sets (or with nil clears) the per-class weights of a cross-entropy loss: one positive,
    /// finite weight per class. Throws for an MSE loss, a wrong count or a bad weight.
    public func setClassWeights(_ weights: [Double]?) throws(ModelError) {
        guard let weights else {
            classWeights = nil
            return
        }
        guard kind.isClassification else {
            throw .invalidSpec(field: "class weights", message: "apply to a cross-entropy loss only")
        }
        guard weights.count == outputCount else {
            throw .invalidSpec(field: "class weights", message: "need \(outputCount) weights, one per class, got \(weights.count)")
        }
        if let bad = weights.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
            throw .invalidSpec(field: "class weights", message: "weight of class \(bad) must be positive and finite, got \(weights[bad])")
        }
        classWeights = weights
    }

    /// The weighted loss of `batchSize` rows; writes `probabilities`, `gradient` and `rowScales`
    /// (Sₙ/W) and `weightSum` (W). All arithmetic in Double, one row at a time.
    @inlinable
    func weightedCrossEntropy(outputs: UnsafePointer<Scalar>, labels: UnsafeBufferPointer<Int32>, batchSize: Int,
                              smoothing: Double) -> Double {
        precondition(labels.count >= batchSize, "cross-entropy: \(labels.count) labels for \(batchSize) rows")
        let weights = classWeights!
        let c = outputCount
        var total = 0.0
        for row in 0..<batchSize {
            let label = Int(labels[row])
            precondition(label >= 0 && label < c, "cross-entropy: class index \(label) outside 0..<\(c) in row \(row)")
            total += weights[label]
        }
        weightSum = total
        guard batchSize > 0 else { return 0 }
        let inverseW = 1 / total, off = smoothing / Double(c)
        let p = probabilities.baseAddress, g = gradient.baseAddress, scales = rowScales.baseAddress
        var lossSum = 0.0
        weights.withUnsafeBufferPointer { w in
            for row in 0..<batchSize {
                let z = outputs + row * c, pr = p + row * c, gr = g + row * c
                let label = Int(labels[row])
                var largest = Double(z[0])
                for j in 1..<c { largest = Swift.max(largest, Double(z[j])) }
                var sum = 0.0
                for j in 0..<c { sum += exp(Double(z[j]) - largest) }
                let logSumExp = largest + log(sum)
                let own = (1 - smoothing) * w[label]
                var s = own
                for j in 0..<c { s += off * w[j] }
                for j in 0..<c {
                    let q = off * w[j] + (j == label ? own : 0)
                    let probability = exp(Double(z[j]) - logSumExp)
                    if q != 0 { lossSum -= q * (Double(z[j]) - logSumExp) }
                    pr[j] = Scalar(probability)
                    gr[j] = Scalar((s * probability - q) * inverseW)
                }
                scales[row] = s * inverseW
            }
        }
        return lossSum * inverseW
    }

    /// R{∂L/∂z} of the weighted loss: (Sₙ/W)·pₙ ⊙ (R{zₙ} − pₙᵀR{zₙ}) per row, into `rGradient`.
    @inlinable
    func weightedCrossEntropyR(rOutputs: UnsafePointer<Scalar>, batchSize: Int) {
        let c = outputCount
        for row in 0..<batchSize {
            Kernels.active.crossEntropyR(probabilities: probabilities.baseAddress + row * c, rLogits: rOutputs + row * c,
                                         into: rGradient.baseAddress + row * c, rows: 1, classes: c,
                                         scale: rowScales[row])
        }
    }
}
