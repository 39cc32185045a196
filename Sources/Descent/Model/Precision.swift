import Linalg

/// The scalar type a network is trained and stored in: `Float` (fast, the default) or `Double`.
/// Checkpoints record it, so a model is loaded back in the precision it was trained in.
public enum Precision: String, Codable, Sendable, CaseIterable {
    /// 32-bit IEEE 754 (`Float`, safetensors F32).
    case float
    /// 64-bit IEEE 754 (`Double`, safetensors F64).
    case double

    /// The precision of `Scalar`: `.float` for `Float`, `.double` for `Double`.
    public init<Scalar: BLASScalar>(of scalar: Scalar.Type) {
        self = Scalar.self == Float.self ? .float : .double
    }

    /// Bytes per value: 4 or 8.
    public var bytesPerScalar: Int { self == .float ? 4 : 8 }
}
