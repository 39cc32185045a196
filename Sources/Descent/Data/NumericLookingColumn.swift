import Foundation

/// A text column whose values look like numbers in a form Descent does not read as numbers, so it
/// was one-hot encoded as categories: the caller should warn and say how to read it as numbers.
public struct NumericLookingColumn: Sendable, Equatable {
    /// What keeps the values from reading as numbers.
    public enum Form: String, Sendable, Equatable {
        /// A decimal comma: `5,1` (`CSVReadOptions.decimalComma` reads it).
        case decimalComma = "decimal_comma"
        /// A currency sign: `$5.10`, `€3`, `12 £`.
        case currency
        /// A percent sign: `12%`.
        case percent
        /// Thousands separators: `1,234.5`, `1 234`.
        case thousandsSeparator = "thousands_separator"
    }

    /// The column's name.
    public var columnName: String
    /// The form most of its values have.
    public var form: Form
    /// One of its values, as written.
    public var example: String
    /// How many distinct values the column has (the one-hot features it became).
    public var categoryCount: Int

    /// The column's note when at least 90 % of its distinct values read as numbers once the form's
    /// sign or separators are taken away; nil otherwise.
    public static func detect(columnName: String, categories: [String]) -> NumericLookingColumn? {
        guard !categories.isEmpty else { return nil }
        var counts: [Form: Int] = [:]
        var examples: [Form: String] = [:]
        for value in categories {
            guard let form = form(of: value) else { continue }
            counts[form, default: 0] += 1
            if examples[form] == nil { examples[form] = value }
        }
        guard let (form, count) = counts.max(by: { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }),
              count * 10 >= categories.count * 9 else { return nil }
        return NumericLookingColumn(columnName: columnName, form: form, example: examples[form]!, categoryCount: categories.count)
    }

    /// The form of one value, if it reads as a number once that form is undone.
    static func form(of value: String) -> Form? {
        let text = value.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
        let currency: Set<Character> = ["$", "€", "£", "¥", "₹", "₩", "₽", "¢"]
        if text.contains(where: currency.contains) {
            let bare = String(text.filter { !currency.contains($0) && $0 != " " && $0 != "," })
            return isPlainNumber(bare) ? .currency : nil
        }
        if text.hasSuffix("%") {
            return isPlainNumber(String(text.dropLast()).trimmingCharacters(in: .whitespaces)) ? .percent : nil
        }
        if text.contains(",") {
            // 1,234 or 1,234.5 (groups of three after each comma): thousands; 5,1 or 1.234,5: a decimal comma.
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            let grouped = parts.count >= 2 && parts.dropFirst().allSatisfy { part in
                let digits = part.prefix { $0.isASCII && $0.isNumber }
                return digits.count == 3 && (digits.count == part.count || part.dropFirst(3).first == ".")
            }
            if grouped, isPlainNumber(String(text.filter { $0 != "," })) { return .thousandsSeparator }
            if parts.count == 2, isPlainNumber(String(parts[0].filter { $0 != "." }) + "." + parts[1]) { return .decimalComma }
            return nil
        }
        if text.contains(" "), isPlainNumber(String(text.filter { $0 != " " })) { return .thousandsSeparator }
        return nil
    }

    /// Whether `text` is a decimal number: optional sign, digits, optional fraction and exponent.
    static func isPlainNumber(_ text: String) -> Bool {
        var parser = DecimalParser()
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return false }
        return bytes.withUnsafeBufferPointer { parser.parse($0, from: 0, to: $0.count) } != nil
    }
}
