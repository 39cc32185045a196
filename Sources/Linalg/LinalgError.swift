/// Errors raised by the linear-algebra layer. Each names the BLAS/LAPACK routine involved so a
/// failure deep inside an analysis still says where it came from.
public enum LinalgError: Error, CustomStringConvertible, Equatable, Sendable {
    /// LAPACK returned a non-zero `info`. Negative: argument `-info` was illegal; positive: the
    /// algorithm failed to converge (or the matrix is singular, for solvers).
    case lapackFailure(routine: String, info: Int)
    /// The input held a NaN or an infinity at the given flat (row-major) index.
    case nonFiniteInput(routine: String, index: Int)
    /// Shapes or arguments that the routine cannot accept.
    case invalidArgument(routine: String, message: String)

    public var description: String {
        switch self {
        case let .lapackFailure(routine, info) where info < 0:
            return "\(routine): argument \(-info) had an illegal value (LAPACK info \(info))"
        case let .lapackFailure(routine, info):
            return "\(routine): the algorithm failed (LAPACK info \(info): no convergence or a singular matrix)"
        case let .nonFiniteInput(routine, index):
            return "\(routine): the input holds a non-finite value (NaN or infinity) at element \(index)"
        case let .invalidArgument(routine, message):
            return "\(routine): \(message)"
        }
    }
}

/// Throws `LinalgError.nonFiniteInput` if any element is NaN or infinite.
@inlinable
func requireFinite<Scalar: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<Scalar>, routine: String) throws {
    for index in values.indices where !values[index].isFinite {
        throw LinalgError.nonFiniteInput(routine: routine, index: index)
    }
}
