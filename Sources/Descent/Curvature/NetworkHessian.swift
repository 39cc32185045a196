import Linalg

/// The Hessian of a network's full objective — the mean data loss over `rowCount` rows plus the L2
/// (and L1, whose Hessian is 0 almost everywhere) penalties — at the network's current parameters,
/// as an operator v ↦ H·v in Double, by Pearlmutter's R-operator (`Network.hessianVectorProduct`):
/// exact, no finite differences.
///
/// More rows than the network's `maxBatchSize` are taken in consecutive chunks of at most that
/// many; chunk c with b_c rows contributes (b_c/N)·H_c, so the sum is the Hessian of the mean loss
/// over all N rows (each H_c holds the same penalty term l2·I on the weights, and Σ b_c/N = 1
/// keeps it once). Likewise `lossAndGradient` averages chunk gradients with weights b_c/N.
///
/// The default mode is `.evaluation`: Dropout off, BatchNorm on its running statistics, so the
/// objective is a fixed function of θ. In `.training` mode BatchNorm's batch statistics (per chunk)
/// are differentiated through and Dropout draws masks — the result is then not a single symmetric
/// matrix across calls.
public final class NetworkHessian {
    /// The network; its parameters are the point θ at which H is taken.
    public let network: Network<Double>
    /// Row-major N×inputCount features.
    public let features: AlignedBuffer<Double>
    /// One class index per row (cross-entropy), else empty.
    public let classIndices: [Int32]
    /// N×outputCount target values (MSE), else empty.
    public let targetValues: AlignedBuffer<Double>
    /// Forward mode of every pass.
    public let mode: ForwardMode
    /// n, the number of trainable parameters.
    public var dimension: Int { network.layout.count }
    /// The number of rows N.
    public let rowCount: Int
    /// How many Hessian-vector products have been computed (for reports: "51 products").
    public private(set) var productCount = 0

    /// Whether single products reuse the point's forward and backward passes (`HessianPoint`) when
    /// the rows fit one chunk in `.evaluation` mode: the products are the same bit for bit, and all
    /// but the first skip those passes. Off, every product runs all four passes.
    public var reusesPointPasses = true
    /// Products that reused the point's passes.
    public var pointReuseCount: Int { point.reuseCount }

    let chunks: [Range<Int>]
    let scratch: AlignedBuffer<Double>
    let point: HessianPoint<Double>
    /// Chunk products of `apply(block:into:)` (grown on demand).
    var blockScratch = AlignedBuffer<Double>(count: 0)

    /// An operator over `rowCount` rows: `features` row-major rowCount×inputCount; for cross-entropy
    /// one class index per row in `classIndices`, for MSE rowCount×outputCount `targetValues`.
    public convenience init(network: Network<Double>, features: [Double], rowCount: Int, classIndices: [Int32] = [],
                targetValues: [Double] = [], mode: ForwardMode = .evaluation) throws(CurvatureError) {
        try self.init(network: network, features: AlignedBuffer(features), rowCount: rowCount, classIndices: classIndices,
                      targetValues: AlignedBuffer(targetValues), mode: mode)
    }

    /// An operator over the rows of an `EvaluationSet` (what `descent hessian` builds from a CSV).
    public convenience init(network: Network<Double>, rows: EvaluationSet<Double>, mode: ForwardMode = .evaluation) throws(CurvatureError) {
        try self.init(network: network, features: rows.features, rowCount: rows.rowCount, classIndices: rows.classIndices,
                      targetValues: rows.targets, mode: mode)
    }

    init(network: Network<Double>, features: AlignedBuffer<Double>, rowCount: Int, classIndices: [Int32],
         targetValues: AlignedBuffer<Double>, mode: ForwardMode) throws(CurvatureError) {
        guard rowCount > 0 else { throw .invalidArgument(name: "rows", message: "no rows to take the Hessian over") }
        guard features.count == rowCount * network.inputCount else {
            throw .invalidArgument(name: "features", message: "\(features.count) values for \(rowCount) rows of \(network.inputCount) inputs")
        }
        if network.lossFunction.kind.isClassification {
            guard classIndices.count == rowCount else {
                throw .invalidArgument(name: "classIndices", message: "cross-entropy needs one class index per row, found \(classIndices.count) for \(rowCount) rows")
            }
            if let bad = classIndices.first(where: { $0 < 0 || Int($0) >= network.outputCount }) {
                throw .invalidArgument(name: "classIndices", message: "class index \(bad) outside 0..<\(network.outputCount)")
            }
        } else {
            guard targetValues.count == rowCount * network.outputCount else {
                throw .invalidArgument(name: "targetValues", message: "MSE needs \(network.outputCount) values per row, found \(targetValues.count) for \(rowCount) rows")
            }
        }
        self.network = network
        self.features = features
        self.rowCount = rowCount
        self.classIndices = classIndices
        self.targetValues = targetValues
        self.mode = mode
        chunks = stride(from: 0, to: rowCount, by: network.maxBatchSize).map { $0 ..< min($0 + network.maxBatchSize, rowCount) }
        scratch = AlignedBuffer(count: network.layout.count)
        point = HessianPoint(parameterCount: network.layout.count)
    }

    /// Calls `body` with chunk c's inputs, targets, size and weight b_c/N (W_c/W with class weights).
    func forEachChunk(_ body: (UnsafeBufferPointer<Double>, LossTargets<Double>, Int, Double) -> Void) {
        let d = network.inputCount, k = network.outputCount
        let weights = network.lossFunction.classWeights
        // Class-weighted cross-entropy divides each chunk by its own W_c = Σ w_y: chunk c then
        // counts W_c/W, so the sum is the weighted objective over all rows.
        func weight(_ chunk: Range<Int>) -> Double {
            guard let weights else { return Double(chunk.count) }
            return chunk.reduce(0.0) { $0 + weights[Int(classIndices[$1])] }
        }
        let total = weights == nil ? Double(rowCount) : weight(0..<rowCount)
        let features = UnsafeBufferPointer(self.features.buffer)
        let values = UnsafeBufferPointer(targetValues.buffer)
        classIndices.withUnsafeBufferPointer { labels in
            for chunk in chunks {
                let x = UnsafeBufferPointer(rebasing: features[chunk.lowerBound * d ..< chunk.upperBound * d])
                let targets: LossTargets<Double> = network.lossFunction.kind.isClassification
                    ? .classIndices(UnsafeBufferPointer(rebasing: labels[chunk]))
                    : .values(UnsafeBufferPointer(rebasing: values[chunk.lowerBound * k ..< chunk.upperBound * k]))
                body(x, targets, chunk.count, weight(chunk) / total)
            }
        }
    }

    /// H·v into `result` (both of length n): Σ_c (b_c/N)·H_c·v. Returns the objective's value.
    /// tanh layers run the vectorized Cephes tanh here (`Network.withVectorizedTanh`).
    @discardableResult
    public func apply(_ vector: UnsafeBufferPointer<Double>, into result: UnsafeMutableBufferPointer<Double>) -> Double {
        network.withVectorizedTanh { applySingle(vector, into: result) }
    }

    /// `apply` with the network's activations as they are set.
    func applySingle(_ vector: UnsafeBufferPointer<Double>, into result: UnsafeMutableBufferPointer<Double>) -> Double {
        precondition(vector.count == dimension && result.count == dimension,
                     "NetworkHessian.apply: vector \(vector.count), result \(result.count), parameters \(dimension)")
        productCount += 1
        var loss = 0.0
        if chunks.count == 1 {
            // One chunk: weight 1, straight into `result`.
            let reuse = reusesPointPasses && mode == .evaluation && network.supportsPointReuse(mode: mode)
            forEachChunk { x, targets, size, _ in
                loss = reuse
                    ? network.hessianVectorProduct(inputs: x, targets: targets, batchSize: size, vector: vector, into: result, at: point)
                    : network.hessianVectorProduct(inputs: x, targets: targets, batchSize: size, vector: vector, into: result, mode: mode)
            }
            return loss
        }
        result.update(repeating: 0)
        forEachChunk { x, targets, size, weight in
            loss += weight * network.hessianVectorProduct(inputs: x, targets: targets, batchSize: size, vector: vector,
                                                          into: scratch.buffer, mode: mode)
            BLAS.axpy(weight, UnsafeBufferPointer(scratch.buffer), result)
        }
        return loss
    }

    /// H·v₁ … H·vₖ into `results` (k·n values: k vectors back to back, as `vectors`) by the network's
    /// block R-operator (`Network.hessianVectorProducts`), which shares the point's forward and
    /// backward passes and stacks the k directions into wider GEMMs. Returns the objective's value.
    @discardableResult
    public func apply(block vectors: UnsafeBufferPointer<Double>, into results: UnsafeMutableBufferPointer<Double>) -> Double {
        network.withVectorizedTanh { applyBlock(vectors, into: results) }
    }

    /// `apply(block:into:)` with the network's activations as they are set.
    func applyBlock(_ vectors: UnsafeBufferPointer<Double>, into results: UnsafeMutableBufferPointer<Double>) -> Double {
        let n = dimension
        precondition(vectors.count % n == 0 && results.count == vectors.count,
                     "NetworkHessian.apply(block:): vectors \(vectors.count), results \(results.count), parameters \(n)")
        let k = vectors.count / n
        productCount += k
        var loss = 0.0
        if chunks.count == 1 {
            forEachChunk { x, targets, size, _ in
                loss = network.hessianVectorProducts(inputs: x, targets: targets, batchSize: size, vectors: vectors,
                                                     into: results, mode: mode)
            }
            return loss
        }
        if blockScratch.count < k * n { blockScratch = AlignedBuffer(count: k * n) }
        let scratch = UnsafeMutableBufferPointer(start: blockScratch.baseAddress, count: k * n)
        results.update(repeating: 0)
        forEachChunk { x, targets, size, weight in
            loss += weight * network.hessianVectorProducts(inputs: x, targets: targets, batchSize: size, vectors: vectors,
                                                           into: scratch, mode: mode)
            BLAS.axpy(weight, UnsafeBufferPointer(scratch), results)
        }
        return loss
    }

    /// Directions per block product for assembling the dense Hessian: as many as keep one block
    /// R-activation (rows·k·width scalars) near 2 M values, between 1 and 64.
    public var assemblyBlockSize: Int {
        guard network.supportsBlockProducts(mode: mode) else { return 1 }
        let widest = network.layers.reduce(network.inputCount) { max($0, $1.layer.inputCount, $1.layer.outputCount) }
        let rows = chunks.map(\.count).max() ?? 1
        return max(1, min(64, dimension, (1 << 21) / max(1, rows * widest)))
    }

    /// H·v as a new array.
    public func product(_ vector: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: dimension)
        vector.withUnsafeBufferPointer { v in result.withUnsafeMutableBufferPointer { _ = apply(v, into: $0) } }
        return result
    }

    /// The objective (mean data loss over all rows + penalties) and its gradient at the current
    /// parameters, written into `gradient` (length n). The network's own `gradient` buffer is
    /// overwritten. In `.evaluation` mode running statistics are not touched.
    @discardableResult
    public func lossAndGradient(into gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        precondition(gradient.count == dimension, "NetworkHessian.lossAndGradient: gradient \(gradient.count), parameters \(dimension)")
        gradient.update(repeating: 0)
        var loss = 0.0
        forEachChunk { x, targets, size, weight in
            loss += weight * network.lossAndGradient(inputs: x, targets: targets, batchSize: size, mode: mode)
            BLAS.axpy(weight, UnsafeBufferPointer(network.gradient.buffer), gradient)
        }
        return loss
    }

    /// The full-batch objective as a closure x ↦ (f(x), ∇f(x)) on flat parameter vectors, for
    /// `LBFGS`: it sets the network's parameters to x and evaluates. Leaves the parameters at the
    /// last x evaluated.
    public func objective() -> ([Double]) -> (value: Double, gradient: [Double]) {
        { [self] x in
            precondition(x.count == dimension, "objective: \(x.count) values for \(dimension) parameters")
            _ = network.parameters.buffer.update(fromContentsOf: x)
            var g = [Double](repeating: 0, count: dimension)
            let f = g.withUnsafeMutableBufferPointer { lossAndGradient(into: $0) }
            return (f, g)
        }
    }
}
