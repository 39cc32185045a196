import Foundation

/// One line of machine-readable output, or any record Descent writes as JSON: `Encodable`,
/// with a `type` that names what the line is ("evaluation", "hessian", …), snake_case keys (the
/// encoder converts `lambdaMax` to `lambda_max`), and every field present — a value not measured
/// or not finite is `null`, never left out (declare such fields `@JSONNullable`).
public protocol JSONRecord: Encodable {
    /// What the record is; encoded as the `"type"` key.
    var type: String { get }
}

extension JSONRecord {
    /// The record as one line of JSON (no trailing newline): `JSONLine`'s encoder (sorted keys,
    /// so the same record always gives the same bytes) with snake_case keys.
    public func jsonLine() throws -> String {
        try JSONLine.encode(self, snakeCaseKeys: true)
    }
}

/// A field that is always written: `null` when the value is nil or a non-finite number (JSON has
/// no NaN or ∞), the value otherwise. Decodes `null` as nil. (Swift's synthesized `Encodable`
/// leaves nil optionals out; this keeps the key.)
@propertyWrapper
public struct JSONNullable<Value> {
    /// The value; nil is written as `null`.
    public var wrappedValue: Value?

    /// Wraps `wrappedValue`.
    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }
}

extension JSONNullable: Encodable where Value: Encodable {
    /// Writes the value, or `null` for nil and for a Float or Double that is not finite.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch wrappedValue {
        case let number as Double where !number.isFinite: try container.encodeNil()
        case let number as Float where !number.isFinite: try container.encodeNil()
        case let value?: try container.encode(value)
        case nil: try container.encodeNil()
        }
    }
}

extension JSONNullable: Decodable where Value: Decodable {
    /// Reads the value, nil for `null`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }
}

extension JSONNullable: Sendable where Value: Sendable {}
extension JSONNullable: Equatable where Value: Equatable {}

extension KeyedDecodingContainer {
    /// A missing key decodes as nil, like `null`.
    public func decode<Value: Decodable>(_ type: JSONNullable<Value>.Type, forKey key: Key) throws -> JSONNullable<Value> {
        try decodeIfPresent(type, forKey: key) ?? JSONNullable(wrappedValue: nil)
    }
}
