import Linalg

/// Shuffled minibatches of training rows, with no allocation per batch.
///
/// The rows are converted to `Scalar` once, at construction. Each epoch, `startEpoch(random:)` resets
/// the order to 0, 1, …, n−1 and shuffles it with Fisher–Yates from the generator passed in, so the
/// permutation depends only on the generator's state (a resumed run that restores the generator
/// draws the same one). `gatherBatch(_:)` copies the batch's rows into preallocated row-major
/// buffers (64-byte aligned, sized for the full batch). Batch b holds positions
/// b·batchSize ..< min((b+1)·batchSize, n) of the permutation; the last batch may be smaller.
public struct MinibatchSource<Scalar: BLASScalar> {
    /// The number of rows per epoch.
    public let rowCount: Int
    /// The number of features per row.
    public let featureCount: Int
    /// The largest batch size.
    public let batchSize: Int
    /// The number of batches per epoch, ⌈rowCount / batchSize⌉.
    public var batchCount: Int { (rowCount + batchSize - 1) / batchSize }

    @usableFromInline let features: AlignedBuffer<Scalar>
    @usableFromInline let classIndices: [Int32]
    @usableFromInline let targets: [Scalar]
    /// The current epoch's order of rows.
    public private(set) var order: [Int]
    /// The gathered features of the current batch (row-major, `batchSize × featureCount`; rows past
    /// the batch's size are stale).
    public let batchFeatures: AlignedBuffer<Scalar>
    /// The gathered class indices of the current batch (classification; only the first
    /// `size(ofBatch:)` are current).
    public var batchClassIndices: [Int32] { gatheredClassIndices }
    /// The gathered target values of the current batch (regression; only the first
    /// `size(ofBatch:)` are current).
    public var batchTargets: [Scalar] { gatheredTargets }
    @usableFromInline var gatheredClassIndices: [Int32]
    @usableFromInline var gatheredTargets: [Scalar]

    /// A source over `rows` of `dataset` (all rows when nil), already preprocessed, in batches of
    /// `batchSize` (clamped to the row count).
    public init(dataset: Dataset, rows: [Int]? = nil, batchSize: Int) throws(DataError) {
        guard batchSize > 0 else { throw .invalidOption(name: "batchSize", value: String(batchSize), expected: "a positive integer") }
        let rows = rows ?? Array(0..<dataset.rowCount)
        guard !rows.isEmpty else { throw .tooFewRowsForSplit(className: nil, rows: 0, needed: 1) }
        let width = dataset.featureCount
        rowCount = rows.count
        featureCount = width
        self.batchSize = min(batchSize, rows.count)
        features = AlignedBuffer(count: rows.count * width)
        for (position, row) in rows.enumerated() {
            for column in 0..<width { features[position * width + column] = Scalar(dataset.features[row * width + column]) }
        }
        classIndices = dataset.classIndices.isEmpty ? [] : rows.map { dataset.classIndices[$0] }
        targets = dataset.targetValues.isEmpty ? [] : rows.map { Scalar(dataset.targetValues[$0]) }
        order = Array(0..<rows.count)
        batchFeatures = AlignedBuffer(count: self.batchSize * width)
        gatheredClassIndices = [Int32](repeating: 0, count: classIndices.isEmpty ? 0 : self.batchSize)
        gatheredTargets = [Scalar](repeating: 0, count: targets.isEmpty ? 0 : self.batchSize)
    }

    /// Draws this epoch's permutation from `random` (identity, then Fisher–Yates; no allocation).
    public mutating func startEpoch(random: inout RandomGenerator) {
        order.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices { buffer[index] = index }
            random.shuffle(buffer)
        }
    }

    /// Sets this epoch's order to `order` (a permutation of 0..<rowCount saved by a checkpoint), so a
    /// run interrupted mid-epoch resumes on the same batches. Returns false, changing nothing, when
    /// `order` is not such a permutation.
    public mutating func restoreOrder(_ order: [Int]) -> Bool {
        guard order.count == rowCount, Set(order) == Set(0..<rowCount) else { return false }
        self.order = order
        return true
    }

    /// The number of rows in batch `batch`.
    @inlinable
    public func size(ofBatch batch: Int) -> Int {
        min(batchSize, rowCount - batch * batchSize)
    }

    /// Copies batch `batch`'s rows (in this epoch's order) into `batchFeatures`, `batchClassIndices`
    /// and `batchTargets`, and returns how many rows it holds.
    @inlinable @discardableResult
    public mutating func gatherBatch(_ batch: Int) -> Int {
        precondition(batch >= 0 && batch < batchCount, "batch \(batch) is outside 0..<\(batchCount)")
        let first = batch * batchSize
        let count = size(ofBatch: batch)
        let width = featureCount
        let source = features.buffer, destination = batchFeatures.buffer
        order.withUnsafeBufferPointer { order in
            for position in 0..<count {
                let row = order[first + position]
                let from = source.baseAddress! + row * width
                (destination.baseAddress! + position * width).update(from: from, count: width)
            }
            if !classIndices.isEmpty {
                classIndices.withUnsafeBufferPointer { labels in
                    gatheredClassIndices.withUnsafeMutableBufferPointer { output in
                        for position in 0..<count { output[position] = labels[order[first + position]] }
                    }
                }
            }
            if !targets.isEmpty {
                targets.withUnsafeBufferPointer { values in
                    gatheredTargets.withUnsafeMutableBufferPointer { output in
                        for position in 0..<count { output[position] = values[order[first + position]] }
                    }
                }
            }
        }
        return count
    }
}
