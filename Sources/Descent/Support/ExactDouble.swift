/// Doubles in JSON that come back as the same bits. A finite value is a JSON number in Swift's
/// shortest round-trip form (JSONEncoder writes it, JSONDecoder reads it back exactly: subnormals
/// and the largest finite values included); JSON has no number for ±∞ and NaN, so they are the
/// strings "inf", "-inf" and "nan" (NaN's payload bits are not kept). A nil optional is null.
extension KeyedEncodingContainer {
    /// Writes `value` exactly: a number, or "inf", "-inf", "nan".
    mutating func encodeExact(_ value: Double, forKey key: Key) throws {
        if value.isFinite {
            try encode(value, forKey: key)
        } else {
            try encode(value.isNaN ? "nan" : value > 0 ? "inf" : "-inf", forKey: key)
        }
    }

    /// Writes `value` exactly, or null.
    mutating func encodeExact(_ value: Double?, forKey key: Key) throws {
        if let value { try encodeExact(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

extension KeyedDecodingContainer {
    /// Reads a double written by `encodeExact`.
    func decodeExact(_ key: Key) throws -> Double {
        if let text = try? decode(String.self, forKey: key) {
            switch text {
            case "inf": return .infinity
            case "-inf": return -.infinity
            case "nan": return .nan
            default:
                throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "'\(text)' is not a number, inf, -inf or nan")
            }
        }
        return try decode(Double.self, forKey: key)
    }

    /// Reads a double written by `encodeExact`, or nil for null or an absent key.
    func decodeExactIfPresent(_ key: Key) throws -> Double? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeExact(key)
    }
}
