/// Errors of the model layer: a bad network description or a checkpoint that does not fit.
public enum ModelError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A field of a `NetworkSpec` (or a layer list) that cannot be built.
    case invalidSpec(field: String, message: String)
    /// A named tensor whose shape differs from the network's.
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// A tensor the network needs that the input does not hold.
    case missingTensor(name: String)
    /// A tensor in the input that the network does not have.
    case unexpectedTensor(name: String)
    /// A tensor holding a NaN or an infinity.
    case nonFiniteTensor(name: String, index: Int)

    public var description: String {
        switch self {
        case let .invalidSpec(field, message):
            return "network spec: \(field) \(message)"
        case let .shapeMismatch(name, expected, found):
            return "tensor '\(name)': expected shape \(expected), found \(found)"
        case let .missingTensor(name):
            return "tensor '\(name)' is missing"
        case let .unexpectedTensor(name):
            return "tensor '\(name)' does not belong to this network"
        case let .nonFiniteTensor(name, index):
            return "tensor '\(name)' holds a non-finite value at element \(index)"
        }
    }
}
