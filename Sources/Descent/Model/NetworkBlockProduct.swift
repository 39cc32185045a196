import Linalg

/// Workspaces of `Network.hessianVectorProducts` for up to `directionCapacity` directions at the
/// network's `maxBatchSize` rows. Created on the first block product (and again only when a larger
/// block is asked for), so the training step and single products never allocate.
///
/// Block quantities are stored direction-interleaved: R{·} of row r, direction i, feature j sits at
/// `(r·k + i)·width + j`, which makes the k directions' R-activations one (batch·k)×width matrix
/// (for the products with W) and, read with leading dimension k·width, a batch×(k·width) matrix
/// (for the products with the shared X and dY).
@usableFromInline
final class BlockProductWorkspace<Scalar: BLASScalar> {
    @usableFromInline let directionCapacity: Int
    /// Per layer: its block R-output (batch·k × outputs) and R-input-gradient (batch·k × inputs).
    @usableFromInline let rOutputs: [AlignedBuffer<Scalar>]
    @usableFromInline let rGradInputs: [AlignedBuffer<Scalar>]
    /// Per layer: the block R-input it saw in the R-forward pass (nil: zero).
    @usableFromInline let rInputs: UnsafeMutablePointer<UnsafePointer<Scalar>?>
    /// k directions' weight slices, direction-major (k·out × in) and output-major (out × k·in).
    @usableFromInline let stacked: AlignedBuffer<Scalar>
    @usableFromInline let spread: AlignedBuffer<Scalar>
    /// The two parts of R{dW}: R{dY}ᵀ·X (k·out × in) and dYᵀ·R{X} (out × k·in).
    @usableFromInline let weightTerm: AlignedBuffer<Scalar>
    @usableFromInline let crossTerm: AlignedBuffer<Scalar>
    /// f''(x)·dy of an activation (batch × features).
    @usableFromInline let secondTerm: AlignedBuffer<Scalar>
    /// R{∂L/∂z} for the k directions (batch·k × outputs).
    @usableFromInline let lossR: AlignedBuffer<Scalar>
    @usableFromInline let layerCount: Int

    @usableFromInline
    init(layers: [NetworkLayer<Scalar>], outputCount: Int, maxBatchSize: Int, directions k: Int) {
        directionCapacity = k
        layerCount = layers.count
        var largestWeights = 1, largestWidth = 1
        var outs: [AlignedBuffer<Scalar>] = [], grads: [AlignedBuffer<Scalar>] = []
        for layer in layers {
            let view = layer.layer
            if case let .dense(dense) = layer { largestWeights = max(largestWeights, dense.inputCount * dense.outputCount) }
            largestWidth = max(largestWidth, view.inputCount, view.outputCount)
            let active: Bool
            switch layer {
            case .dense, .activation: active = true
            case .batchNorm, .dropout: active = false
            }
            outs.append(AlignedBuffer(count: active ? maxBatchSize * k * view.outputCount : 0))
            grads.append(AlignedBuffer(count: active ? maxBatchSize * k * view.inputCount : 0))
        }
        rOutputs = outs
        rGradInputs = grads
        rInputs = .allocate(capacity: max(1, layers.count))
        rInputs.initialize(repeating: nil, count: max(1, layers.count))
        stacked = AlignedBuffer(count: k * largestWeights)
        spread = AlignedBuffer(count: k * largestWeights)
        weightTerm = AlignedBuffer(count: k * largestWeights)
        crossTerm = AlignedBuffer(count: k * largestWeights)
        secondTerm = AlignedBuffer(count: maxBatchSize * largestWidth)
        lossR = AlignedBuffer(count: maxBatchSize * k * outputCount)
    }

    deinit { rInputs.deallocate() }
}

extension Network {
    /// Whether `hessianVectorProducts` runs k directions through one pass in `mode` (Linear and
    /// activation layers, and Dropout in evaluation mode); otherwise it makes k single products.
    @inlinable
    public func supportsBlockProducts(mode: ForwardMode) -> Bool {
        for layer in layers {
            switch layer {
            case .dense, .activation: continue
            case .dropout: if mode == .training { return false }
            case .batchNorm: return false
            }
        }
        return true
    }

    /// The workspace for `k` directions, created (or enlarged) on demand.
    @inlinable
    func preparedBlockWorkspace(directions k: Int) -> BlockProductWorkspace<Scalar> {
        if let existing = blockWorkspace, existing.directionCapacity >= k { return existing }
        let created = BlockProductWorkspace(layers: layers, outputCount: outputCount, maxBatchSize: maxBatchSize, directions: k)
        blockWorkspace = created
        return created
    }

    /// k exact Hessian-vector products H·v₁ … H·vₖ at once: `vectors` holds k directions of the
    /// layout's length n back to back (k·n values) and `results` receives the k products in the same
    /// arrangement. Same quantity as k calls of `hessianVectorProduct` (equal to rounding), but the
    /// forward and backward passes of the point are shared and the k R-passes are stacked into GEMMs
    /// k times wider. Returns the loss. Networks with BatchNorm (or Dropout in `.training` mode) fall
    /// back to k single products. The first call for a given k allocates the block workspaces
    /// (about batch·k·width scalars per layer); later calls with at most that k do not.
    @inlinable
    @discardableResult
    public func hessianVectorProducts(inputs: UnsafeBufferPointer<Scalar>, targets: LossTargets<Scalar>, batchSize: Int,
                                      vectors: UnsafeBufferPointer<Scalar>, into results: UnsafeMutableBufferPointer<Scalar>,
                                      mode: ForwardMode = .evaluation) -> Double {
        let n = layout.count
        precondition(n > 0 && vectors.count % n == 0 && results.count == vectors.count,
                     "hessianVectorProducts: vectors \(vectors.count), results \(results.count), parameters \(n)")
        let k = vectors.count / n
        guard k > 0 else { return loss(inputs: inputs, targets: targets, batchSize: batchSize, mode: mode) }
        guard k > 1, supportsBlockProducts(mode: mode) else {
            return singleHessianVectorProducts(inputs: inputs, targets: targets, batchSize: batchSize,
                                               vectors: vectors, into: results, mode: mode)
        }
        let workspace = preparedBlockWorkspace(directions: k)
        let outputs = forward(inputs: inputs, batchSize: batchSize, mode: mode)
        let theta = UnsafePointer(parameters.baseAddress)
        let v = vectors.baseAddress!, hv = results.baseAddress!
        let rCurrent = blockRForwardPass(batchSize: batchSize, directions: k, parameters: theta, vectors: v, workspace: workspace)
        let dataLoss = lossFunction.evaluate(outputs: outputs, targets: targets, batchSize: batchSize)
        var upstream = UnsafePointer(lossFunction.gradient.baseAddress)
        var rUpstream = lossFunction.blockRGradient(rOutputs: rCurrent, batchSize: batchSize, directions: k,
                                                    into: workspace.lossR.baseAddress)
        hv.update(repeating: 0, count: k * n)
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[index]
            let needsInput = index > 0
            let nextUpstream = layer.backward(upstream, batchSize: batchSize, parameters: theta, gradient: nil,
                                              needsInputGradient: needsInput)
            switch layer {
            case let .dense(dense):
                rUpstream = dense.blockRBackward(upstream, rUpstream, rInput: workspace.rInputs[index], batchSize: batchSize,
                                                 directions: k, stride: n, parameters: theta, vectors: v, results: hv,
                                                 workspace: workspace, into: workspace.rGradInputs[index].baseAddress,
                                                 needsInputGradient: needsInput)
            case let .activation(activation):
                if needsInput {
                    rUpstream = activation.blockRBackward(upstream, rUpstream, rInput: workspace.rInputs[index], batchSize: batchSize,
                                                          directions: k, secondTerm: workspace.secondTerm.baseAddress,
                                                          into: workspace.rGradInputs[index].baseAddress)
                }
            case .dropout, .batchNorm:
                break
            }
            upstream = nextUpstream
        }
        addL2Curvature(directions: k, vectors: v, into: hv)
        return dataLoss + penalty(addingGradientTo: nil)
    }

    /// The R-forward pass of `hessianVectorProducts` after the forward pass: R{output} of every
    /// layer for the k directions `vectors` (stride n), recording each layer's R{input} in the
    /// workspace. Returns R{network output} (nil for a network without a Dense layer).
    @inlinable
    func blockRForwardPass(batchSize: Int, directions k: Int, parameters theta: UnsafePointer<Scalar>,
                           vectors v: UnsafePointer<Scalar>, workspace: BlockProductWorkspace<Scalar>) -> UnsafePointer<Scalar>? {
        let n = layout.count
        var rCurrent: UnsafePointer<Scalar>? = nil
        for (index, layer) in layers.enumerated() {
            workspace.rInputs[index] = rCurrent
            switch layer {
            case let .dense(dense):
                rCurrent = dense.blockRForward(rCurrent, batchSize: batchSize, directions: k, stride: n, parameters: theta,
                                               vectors: v, stacked: workspace.stacked.baseAddress,
                                               into: workspace.rOutputs[index].baseAddress)
            case let .activation(activation):
                rCurrent = activation.blockRForward(rCurrent, batchSize: batchSize, directions: k,
                                                    into: workspace.rOutputs[index].baseAddress)
            case .dropout, .batchNorm:
                break  // Dropout in evaluation mode: the identity
            }
        }
        return rCurrent
    }

    /// The k products of `hessianVectorProducts` one `hessianVectorProduct` at a time (for the
    /// networks whose block products are not supported). Returns the loss.
    @inlinable
    func singleHessianVectorProducts(inputs: UnsafeBufferPointer<Scalar>, targets: LossTargets<Scalar>, batchSize: Int,
                                     vectors: UnsafeBufferPointer<Scalar>, into results: UnsafeMutableBufferPointer<Scalar>,
                                     mode: ForwardMode) -> Double {
        let n = layout.count
        var value = 0.0
        for i in 0..<vectors.count / n {
            value = hessianVectorProduct(inputs: inputs, targets: targets, batchSize: batchSize,
                                         vector: UnsafeBufferPointer(rebasing: vectors[i * n ..< (i + 1) * n]),
                                         into: UnsafeMutableBufferPointer(rebasing: results[i * n ..< (i + 1) * n]), mode: mode)
        }
        return value
    }

    /// Adds the L2 penalty's curvature to k stacked products: hᵢ += λ·vᵢ on the penalized
    /// parameters (the Hessian of λ/2·‖w‖² is λ·I there).
    @inlinable
    func addL2Curvature(directions k: Int, vectors v: UnsafePointer<Scalar>, into hv: UnsafeMutablePointer<Scalar>) {
        let l2 = Scalar(regularization.l2)
        guard l2 != 0 else { return }
        let n = layout.count
        for i in 0..<k {
            let h = hv + i * n, direction = v + i * n
            for range in penalizedRanges {
                for index in range { h[index] += l2 * direction[index] }
            }
        }
    }
}

extension Dense {
    /// R{Y} for k directions: X·Vᵢᵀ + v_bᵢ (one GEMM against the stacked Vᵢ) + R{X}·Wᵀ (one GEMM of batch·k rows).
    @inlinable
    func blockRForward(_ rInput: UnsafePointer<Scalar>?, batchSize b: Int, directions k: Int, stride n: Int,
                       parameters: UnsafePointer<Scalar>, vectors: UnsafePointer<Scalar>,
                       stacked: UnsafeMutablePointer<Scalar>, into ry: UnsafeMutablePointer<Scalar>) -> UnsafePointer<Scalar> {
        guard let input = savedInput else { preconditionFailure("Dense.blockRForward before forward") }
        let inC = inputCount, outC = outputCount, w = inC * outC
        for i in 0..<k { (stacked + i * w).update(from: vectors + i * n + weightOffset, count: w) }
        for r in 0..<b {
            for i in 0..<k { (ry + (r * k + i) * outC).update(from: vectors + i * n + biasOffset, count: outC) }
        }
        Scalar.gemm(.none, .transpose, m: b, n: k * outC, k: inC, alpha: 1, a: input, lda: inC, b: stacked, ldb: inC,
                    beta: 1, c: ry, ldc: k * outC)
        if let rInput {
            Scalar.gemm(.none, .transpose, m: b * k, n: outC, k: inC, alpha: 1, a: rInput, lda: inC,
                        b: parameters + weightOffset, ldb: inC, beta: 1, c: ry, ldc: outC)
        }
        return UnsafePointer(ry)
    }

    /// Adds R{dW}ᵢ = R{dY}ᵢᵀ·X + dYᵀ·R{X}ᵢ and R{db}ᵢ = R{dY}ᵢᵀ·1 into row i of `results`, and returns
    /// R{dX} = R{dY}·W + dY·Vᵢ for the k directions (when `needsInputGradient`).
    @inlinable
    func blockRBackward(_ gradOutput: UnsafePointer<Scalar>, _ rGradOutput: UnsafePointer<Scalar>, rInput: UnsafePointer<Scalar>?,
                        batchSize b: Int, directions k: Int, stride n: Int, parameters: UnsafePointer<Scalar>,
                        vectors: UnsafePointer<Scalar>, results: UnsafeMutablePointer<Scalar>,
                        workspace: BlockProductWorkspace<Scalar>, into rdx: UnsafeMutablePointer<Scalar>,
                        needsInputGradient: Bool) -> UnsafePointer<Scalar> {
        guard let input = savedInput else { preconditionFailure("Dense.blockRBackward before forward") }
        let inC = inputCount, outC = outputCount, w = inC * outC
        let t1 = workspace.weightTerm.baseAddress, t2 = workspace.crossTerm.baseAddress
        Scalar.gemm(.transpose, .none, m: k * outC, n: inC, k: b, alpha: 1, a: rGradOutput, lda: k * outC, b: input, ldb: inC,
                    beta: 0, c: t1, ldc: inC)
        if let rInput {
            Scalar.gemm(.transpose, .none, m: outC, n: k * inC, k: b, alpha: 1, a: gradOutput, lda: outC, b: rInput, ldb: k * inC,
                        beta: 0, c: t2, ldc: k * inC)
        }
        for i in 0..<k {
            let h = results + i * n + weightOffset, first = t1 + i * w
            for o in 0..<outC {
                let hRow = h + o * inC, firstRow = first + o * inC
                if rInput != nil {
                    let crossRow = t2 + (o * k + i) * inC
                    for c in 0..<inC { hRow[c] += firstRow[c] + crossRow[c] }
                } else {
                    for c in 0..<inC { hRow[c] += firstRow[c] }
                }
            }
            let hb = results + i * n + biasOffset
            for r in 0..<b {
                let line = rGradOutput + (r * k + i) * outC
                for o in 0..<outC { hb[o] += line[o] }
            }
        }
        guard needsInputGradient else { return UnsafePointer(rdx) }
        Scalar.gemm(.none, .none, m: b * k, n: inC, k: outC, alpha: 1, a: rGradOutput, lda: outC, b: parameters + weightOffset,
                    ldb: inC, beta: 0, c: rdx, ldc: inC)
        let spread = workspace.spread.baseAddress
        for o in 0..<outC {
            for i in 0..<k { (spread + (o * k + i) * inC).update(from: vectors + i * n + weightOffset + o * inC, count: inC) }
        }
        Scalar.gemm(.none, .none, m: b, n: k * inC, k: outC, alpha: 1, a: gradOutput, lda: outC, b: spread, ldb: k * inC,
                    beta: 1, c: rdx, ldc: k * inC)
        return UnsafePointer(rdx)
    }
}

extension Activation {
    /// R{y} = f'(x)·R{x} for k directions (nil when R{x} is zero).
    @inlinable
    func blockRForward(_ rInput: UnsafePointer<Scalar>?, batchSize b: Int, directions k: Int,
                       into ry: UnsafeMutablePointer<Scalar>) -> UnsafePointer<Scalar>? {
        guard let rInput else { return nil }
        guard let input = savedInput else { preconditionFailure("Activation.blockRForward before forward") }
        let f = inputCount
        for r in 0..<b {
            for i in 0..<k {
                let offset = (r * k + i) * f
                if kind.isPiecewiseLinear {
                    Self.scaleByPiecewiseSlope(kind, input: input + r * f, values: rInput + offset, into: ry + offset, count: f)
                } else {
                    let d1 = firstDerivative.baseAddress + r * f, source = rInput + offset, target = ry + offset
                    for j in 0..<f { target[j] = d1[j] * source[j] }
                }
            }
        }
        return UnsafePointer(ry)
    }

    /// R{dx} = f''(x)·R{x}·dy + f'(x)·R{dy} for k directions; f''·dy is formed once per row.
    @inlinable
    func blockRBackward(_ gradOutput: UnsafePointer<Scalar>, _ rGradOutput: UnsafePointer<Scalar>, rInput: UnsafePointer<Scalar>?,
                        batchSize b: Int, directions k: Int, secondTerm: UnsafeMutablePointer<Scalar>,
                        into rdx: UnsafeMutablePointer<Scalar>) -> UnsafePointer<Scalar> {
        guard let input = savedInput else { preconditionFailure("Activation.blockRBackward before forward") }
        let f = inputCount
        if kind.isPiecewiseLinear {
            for r in 0..<b {
                for i in 0..<k {
                    let offset = (r * k + i) * f
                    Self.scaleByPiecewiseSlope(kind, input: input + r * f, values: rGradOutput + offset, into: rdx + offset, count: f)
                }
            }
            return UnsafePointer(rdx)
        }
        let y = output.baseAddress, d1All = firstDerivative.baseAddress
        for index in 0..<b * f {
            let second = secondDerivative(x: input[index], value: y[index], first: Double(d1All[index]))
            secondTerm[index] = Scalar(second * Double(gradOutput[index]))
        }
        for r in 0..<b {
            let d1 = d1All + r * f, s = secondTerm + r * f
            for i in 0..<k {
                let offset = (r * k + i) * f
                let rg = rGradOutput + offset, target = rdx + offset
                if let rInput {
                    let rx = rInput + offset
                    for j in 0..<f { target[j] = s[j] * rx[j] + d1[j] * rg[j] }
                } else {
                    for j in 0..<f { target[j] = d1[j] * rg[j] }
                }
            }
        }
        return UnsafePointer(rdx)
    }
}

extension LossFunction {
    /// R{∂L/∂z} for k directions of the last `evaluate` (see `rGradient`), direction-interleaved.
    @inlinable
    func blockRGradient(rOutputs: UnsafePointer<Scalar>?, batchSize b: Int, directions k: Int,
                        into rg: UnsafeMutablePointer<Scalar>) -> UnsafePointer<Scalar> {
        let c = outputCount
        guard let rOutputs else {
            rg.update(repeating: 0, count: b * k * c)
            return UnsafePointer(rg)
        }
        switch kind {
        case .crossEntropy:
            let p = probabilities.baseAddress
            let weighted = classWeights != nil
            for r in 0..<b {
                let scale = weighted ? rowScales[r] : 1 / Double(b)
                let pRow = p + r * c
                for i in 0..<k {
                    let base = (r * k + i) * c
                    var mean = 0.0
                    for j in 0..<c { mean += Double(pRow[j]) * Double(rOutputs[base + j]) }
                    for j in 0..<c { rg[base + j] = Scalar(Double(pRow[j]) * (Double(rOutputs[base + j]) - mean) * scale) }
                }
            }
        case .meanSquaredError:
            let scale = Scalar(2 / Double(b * c))
            for index in 0..<b * k * c { rg[index] = scale * rOutputs[index] }
        }
        return UnsafePointer(rg)
    }
}
