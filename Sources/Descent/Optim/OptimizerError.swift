/// Errors raised when configuring an optimizer or restoring its state. Each names the setting or
/// buffer at fault and what was expected.
public enum OptimizerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A setting is out of range: `setting` is PyTorch's name (`lr`, `betas`, …).
    case invalidSetting(setting: String, value: String, expected: String)
    /// A restored state lacks a buffer this rule keeps.
    case missingBuffer(name: String, optimizer: OptimizerKind)
    /// A restored state holds a buffer this rule does not keep.
    case unexpectedBuffer(name: String, optimizer: OptimizerKind)
    /// A restored buffer's length differs from the others (or from the parameter count).
    case bufferLength(name: String, expected: Int, found: Int)
    /// A restored step count or learning rate is impossible.
    case invalidState(message: String)

    public var description: String {
        switch self {
        case let .invalidSetting(setting, value, expected):
            return "optimizer setting \(setting) = \(value) is invalid: expected \(expected)"
        case let .missingBuffer(name, optimizer):
            return "optimizer state for \(optimizer.rawValue) lacks the buffer \"\(name)\""
        case let .unexpectedBuffer(name, optimizer):
            return "optimizer state holds a buffer \"\(name)\" that \(optimizer.rawValue) does not keep"
        case let .bufferLength(name, expected, found):
            return "optimizer state buffer \"\(name)\" has \(found) values, expected \(expected)"
        case let .invalidState(message):
            return "optimizer state is invalid: \(message)"
        }
    }
}
