/// Small helpers for writing JSON by hand where key order matters to people reading it.
enum JSONText {
    /// `text` as a JSON string literal, with quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
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
    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }
}
