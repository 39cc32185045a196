import Linalg

/// The targets of one batch, not copied: class indices (0..<outputCount, one per row) for
/// cross-entropy, or a row-major batchSize×outputCount matrix of values for mean squared error.
public enum LossTargets<Scalar: BLASScalar> {
    /// One class index per sample, in 0..<C.
    case classIndices(UnsafeBufferPointer<Int32>)
    /// batchSize×outputCount target values, row-major.
    case values(UnsafeBufferPointer<Scalar>)
}
