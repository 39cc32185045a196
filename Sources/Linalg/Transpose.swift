import COpenBLAS

/// Whether a BLAS routine reads a matrix as stored or as its transpose.
public enum Transpose: Sendable, Equatable {
    /// Use the matrix as stored: op(A) = A.
    case none
    /// Use the transpose: op(A) = Aᵀ.
    case transpose

    @usableFromInline
    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}
