import Linalg

/// Rows of a dataset converted once to the network's scalar type, with their targets: what the
/// trainer evaluates after each epoch and what `descent evaluate` scores.
public struct EvaluationSet<Scalar: BLASScalar> {
    /// The number of rows.
    public let rowCount: Int
    /// Features per row.
    public let featureCount: Int
    /// Row-major rowCount×featureCount features.
    public let features: AlignedBuffer<Scalar>
    /// Class index per row (classification), else empty.
    public let classIndices: [Int32]
    /// Target per row (regression), else empty.
    public let targets: AlignedBuffer<Scalar>

    /// The rows `rows` of `dataset` (all rows when nil).
    public init(dataset: Dataset, rows: [Int]? = nil) {
        let selected = rows ?? Array(0..<dataset.rowCount)
        rowCount = selected.count
        featureCount = dataset.featureCount
        features = AlignedBuffer(count: rowCount * featureCount)
        for (position, row) in selected.enumerated() {
            for column in 0..<featureCount {
                features[position * featureCount + column] = Scalar(dataset.features[row * featureCount + column])
            }
        }
        if dataset.hasTarget && dataset.task == .classification {
            classIndices = selected.map { dataset.classIndices[$0] }
        } else {
            classIndices = []
        }
        if dataset.hasTarget && dataset.task == .regression {
            targets = AlignedBuffer(selected.map { Scalar(dataset.targetValues[$0]) })
        } else {
            targets = AlignedBuffer(count: 0)
        }
    }
}
