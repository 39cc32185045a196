/// Text from the user's input cut to a length a message can carry: at most `limit` characters,
/// then "…" and the full length, so a 1 GB field never reaches a terminal whole.
///
/// `TextExcerpt.quoted("abc")` is `"abc"`; a 200-character value becomes its first 80 characters
/// in quotes followed by `… (200 characters)`. Lengths of 10 000 and more are grouped by
/// spaces in threes ("1 073 741 824").
public enum TextExcerpt {
    /// The most characters of a value quoted in a message.
    public static let limit = 80

    /// `text` in double quotes, cut to `limit` characters with its length when longer.
    public static func quoted(_ text: String, limit: Int = TextExcerpt.limit) -> String {
        // Counting characters of a huge string is slow: count UTF-8 bytes first, characters only when short.
        if text.utf8.count <= limit { return "\"\(text)\"" }
        let head = String(text.prefix(limit))
        if head.count < limit || head.utf8.count == text.utf8.count { return "\"\(text)\"" }
        let length = text.utf8.count <= 1 << 20 ? text.count : text.utf8.count
        let unit = text.utf8.count <= 1 << 20 ? "characters" : "bytes"
        return "\"\(head)…\" (\(grouped(length)) \(unit))"
    }

    /// A list of names joined by ", ", at most `count` of them, then "… (N in all)".
    public static func list(_ names: [String], count: Int = 20) -> String {
        let shown = names.prefix(count).map { $0.utf8.count > limit ? quoted($0) : $0 }
        return shown.joined(separator: ", ") + (names.count > count ? ", … (\(names.count) in all)" : "")
    }

    /// An integer with spaces between groups of three digits from 10 000 on.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        guard digits.count > 4 else { return String(value) }
        var result = ""
        for (position, digit) in digits.enumerated() {
            if position > 0, (digits.count - position) % 3 == 0 { result.append(" ") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }
}
