import Linalg

extension Network {
    /// One stage of the backward pass that writes ∇θ: layer `index`, and, when it is an activation
    /// right after a Linear layer, that Linear layer too, fused — the activation's pass
    /// dY = f'(x)·dA also sums the bias gradient db = dYᵀ·1, so the Linear layer only runs its GEMMs
    /// (dW = dYᵀ·X, dX = dY·W) and no second pass reads dY. The sums keep the order of the unfused
    /// column sums, so ∇θ has the same bits either way.
    ///
    /// Writes the stage's slice of ∇θ over `gradient` (or adds to it when `accumulates`) and returns
    /// the gradient with respect to the input of its lowest layer, with that layer's index (`index`
    /// or `index − 1`): the caller continues at the index below it. `outputGradient`: when that layer
    /// is a Linear one, the dY its dW = dYᵀ·X and db = dYᵀ·1 were computed from (for the finite check
    /// of `trainingStep`). `overwritesMasks`: a ReLU that
    /// computed its output in place writes dY over it (`Activation.backward(…overwritesMask:)`) — for
    /// the training step, after which no pass reads the forward pass's activations again.
    @inlinable
    func backwardStage(from index: Int, _ upstream: UnsafePointer<Scalar>, batchSize: Int, parameters theta: UnsafePointer<Scalar>,
                       gradient g: UnsafeMutablePointer<Scalar>, accumulates: Bool,
                       overwritesMasks: Bool = false)
        -> (upstream: UnsafePointer<Scalar>, layer: Int, outputGradient: UnsafePointer<Scalar>?) {
        if index > 0, case let .activation(activation) = layers[index], case let .dense(dense) = layers[index - 1] {
            let dy = activation.backward(upstream, batchSize: batchSize, biasGradient: g + dense.biasOffset, accumulates: accumulates,
                                         overwritesMask: overwritesMasks)
            let next = dense.backward(dy, batchSize: batchSize, parameters: theta, gradient: g, needsInputGradient: index > 1,
                                      accumulates: accumulates, hasBiasGradient: true)
            return (next, index - 1, dy)
        }
        let next = layers[index].backward(upstream, batchSize: batchSize, parameters: theta, gradient: g,
                                          needsInputGradient: index > 0, accumulates: accumulates)
        if case .dense = layers[index] { return (next, index, upstream) }
        return (next, index, nil)
    }
}
