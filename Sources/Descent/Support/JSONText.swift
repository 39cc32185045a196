/// Small helpers for writing JSON by hand where key order matters: to people reading it, and to
/// byte-identical output (checkpoints, histories) for the same seed.
public enum JSONText {
    /// `text` as a JSON string literal, with quotes, backslashes and control characters escaped.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A Double as JSON: shortest round-trip form; NaN and infinities (not JSON) become null.
    public static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }

    /// An object from ordered (key, already-encoded JSON value) pairs: `{"a": 1, "b": "x"}`.
    public static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(quoted($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// An array of already-encoded JSON values.
    public static func array(_ values: [String]) -> String {
        "[" + values.joined(separator: ", ") + "]"
    }
}
