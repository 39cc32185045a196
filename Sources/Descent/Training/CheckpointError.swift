/// Errors reading a checkpoint beyond the safetensors format itself.
public enum CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file has no Descent description (not written by `descent train`).
    case notADescentCheckpoint(path: String)
    /// A metadata value cannot be understood.
    case badMetadata(key: String, value: String)
    /// The tensors do not fit the described network.
    case incompatible(path: String, reason: String)
    /// A metadata entry cannot be written as JSON (a non-finite number); nothing was written.
    case unencodableMetadata(key: String, reason: String)

    public var description: String {
        switch self {
        case let .notADescentCheckpoint(path):
            return "\(path): not a Descent checkpoint (no \"descent\" entry in __metadata__)"
        case let .badMetadata(key, value):
            return "checkpoint metadata '\(key)' has a value Descent cannot use: \(value)"
        case let .incompatible(path, reason):
            return "\(path): \(reason)"
        case let .unencodableMetadata(key, reason):
            return "the checkpoint's metadata '\(key)' cannot be written: \(reason); no checkpoint was written"
        }
    }
}
