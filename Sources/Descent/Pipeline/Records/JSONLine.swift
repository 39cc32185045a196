import Foundation

/// One JSON object on one line, as every JSON record of a training run or a comparison is
/// written: `JSONEncoder` with sorted keys (so equal records give equal bytes — the encoder's
/// own key order is not stable), slashes unescaped, doubles in Swift's shortest round-trip form (a
/// reader gets the same bits back), no line breaks inside.
/// The one JSON encoder of Descent's output: `JSONRecord.jsonLine()` is this with snake_case keys.
public enum JSONLine {
    /// The line of `record`, without the trailing newline; with `snakeCaseKeys` the encoder
    /// converts Swift's camelCase keys (`lambdaMax` → `lambda_max`), else the record's own keys stand.
    public static func encode<Record: Encodable>(_ record: Record, snakeCaseKeys: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        if snakeCaseKeys { encoder.keyEncodingStrategy = .convertToSnakeCase }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }
}

extension KeyedEncodingContainer {
    /// Writes `value`, or null when it is nil or not finite (JSON has no number for ±∞ or NaN):
    /// the one null policy of the output records — a key is never omitted.
    mutating func encodeMetric(_ value: Double?, forKey key: Key) throws {
        if let value, value.isFinite { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

extension KeyedDecodingContainer {
    /// Reads a metric written by `encodeMetric`: nil for null or an absent key.
    func decodeMetric(_ key: Key) throws -> Double? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decode(Double.self, forKey: key)
    }
}
