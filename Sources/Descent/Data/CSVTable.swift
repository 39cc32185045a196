/// A parsed CSV file: every field that is a number already parsed (column by column), and where in
/// the file's bytes every other field lies.
///
/// No `String` is made while reading: numbers are parsed from the bytes as the fields are split
/// (`DecimalParser`), and a text field becomes a `String` only when asked (`string(row:column:)`).
/// Rows' first lines and byte offsets are kept so every error can name `file:line:column`
/// (column = 1-based field number); a number field's text is found again by re-reading its row.
public struct CSVTable: Sendable {
    /// The file name or path as given, used in error messages.
    public let source: String
    /// The column names: the header row, or `c0`, `c1`, … when the file has none.
    public let columnNames: [String]
    /// The delimiter byte that separated fields.
    public let delimiter: UInt8
    /// The number of data rows (header and blank lines excluded).
    public var rowCount: Int { rowLines.count }
    /// The number of columns.
    public var columnCount: Int { columnNames.count }

    /// A field that is not a number: where its text lies in `bytes` (inside the quotes, for a quoted
    /// field) and whether it holds doubled quotes `""` to unescape.
    struct TextField: Sendable {
        var row: Int
        var start: Int
        var end: Int
        var escaped: Bool
    }

    let bytes: [UInt8]
    /// The number fields, column-major: column c's values are `numbers[c * rowStride ..< c * rowStride + rowCount]`;
    /// NaN where the field is not a number (then it is in `textFields`).
    let numbers: [Double]
    /// The distance between columns in `numbers` (at least `rowCount`).
    let rowStride: Int
    /// For each column, its fields that are not numbers, by increasing row.
    let textFields: [[TextField]]
    /// The 1-based line on which each data row starts.
    let rowLines: [Int]
    /// The byte offset at which each data row starts.
    let rowStarts: [Int]

    init(source: String, columnNames: [String], delimiter: UInt8, bytes: [UInt8], numbers: [Double], rowStride: Int,
         textFields: [[TextField]], rowLines: [Int], rowStarts: [Int]) {
        self.source = source
        self.columnNames = columnNames
        self.delimiter = delimiter
        self.bytes = bytes
        self.numbers = numbers
        self.rowStride = rowStride
        self.textFields = textFields
        self.rowLines = rowLines
        self.rowStarts = rowStarts
    }

    /// The index of the column called `name`, if any.
    public func columnIndex(named name: String) -> Int? {
        columnNames.firstIndex(of: name)
    }

    /// The column's parsed numbers, one per row, NaN where the field is not a number.
    func numbers(column: Int) -> NumericColumn {
        NumericColumn(storage: numbers, offset: column * rowStride, count: rowCount)
    }

    /// The position in `textFields[column]` of the text field in `row`, if that field is text.
    func textFieldIndex(row: Int, column: Int) -> Int? {
        let fields = textFields[column]
        var low = 0, high = fields.count
        while low < high {
            let middle = (low + high) / 2
            if fields[middle].row < row { low = middle + 1 } else { high = middle }
        }
        return low < fields.count && fields[low].row == row ? low : nil
    }

    /// Where a field's text lies: from the text fields, or by re-reading the row for a number.
    func span(row: Int, column: Int) -> TextField {
        if let index = textFieldIndex(row: row, column: column) { return textFields[column][index] }
        let spans = bytes.withUnsafeBufferPointer { buffer in
            // The row was read without error once, so it reads again the same way.
            try? RowScanner.scan(buffer, from: rowStarts[row], line: rowLines[row], delimiter: delimiter, source: source)
        }
        guard let spans, column < spans.fields.count else { preconditionFailure("row \(row) no longer reads") }
        let field = spans.fields[column]
        return TextField(row: row, start: field.start, end: field.end, escaped: field.escaped)
    }

    /// The text of a span, unescaped (`""` → `"`).
    func string(_ field: TextField) -> String {
        let text = String(decoding: bytes[field.start..<field.end], as: UTF8.self)
        return field.escaped ? text.replacingDoubledQuotes() : text
    }

    /// The field's text, unescaped (`""` → `"`), without surrounding quotes.
    public func string(row: Int, column: Int) -> String {
        string(span(row: row, column: column))
    }

    /// The text of a span without surrounding spaces and tabs (how categorical values are compared).
    func trimmedString(_ field: TextField) -> String {
        var field = field
        while field.start < field.end, bytes[field.start] == 0x20 || bytes[field.start] == 0x09 { field.start += 1 }
        while field.end > field.start, bytes[field.end - 1] == 0x20 || bytes[field.end - 1] == 0x09 { field.end -= 1 }
        return string(field)
    }

    /// The field's text without surrounding spaces and tabs (how categorical values are compared).
    func trimmedString(row: Int, column: Int) -> String {
        trimmedString(span(row: row, column: column))
    }

    /// The 1-based line on which data row `row` starts.
    public func line(ofRow row: Int) -> Int { rowLines[row] }

    /// The place of a field: its own line (a row may span lines inside quotes) and field number.
    public func location(row: Int, column: Int) -> SourceLocation {
        let fieldStart = span(row: row, column: column).start
        var line = rowLines[row]
        var index = rowStarts[row]
        while index < fieldStart {
            if bytes[index] == 0x0A || (bytes[index] == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
            }
            index += 1
        }
        return SourceLocation(file: source, line: line, column: column + 1)
    }

    /// Whether a field is a missing value: empty, `NA`, `N/A`, `NaN`, `null` (any case) or `?`,
    /// ignoring surrounding spaces. A number is never missing.
    func isMissing(row: Int, column: Int) -> Bool {
        guard numbers[column * rowStride + row].isNaN, let index = textFieldIndex(row: row, column: column) else { return false }
        return isMissing(textFields[column][index])
    }

    /// Whether a text field is a missing value (see `isMissing(row:column:)`).
    func isMissing(_ field: TextField) -> Bool {
        var start = field.start, end = field.end
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        let length = end - start
        if length == 0 { return true }
        if length > 4 { return false }
        var lowered: UInt32 = 0
        for index in start..<end {
            let byte = bytes[index]
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            lowered = lowered << 8 | UInt32(lower)
        }
        return lowered == Self.packed("na") || lowered == Self.packed("n/a") || lowered == Self.packed("nan")
            || lowered == Self.packed("null") || lowered == Self.packed("?")
    }

    private static func packed(_ word: StaticString) -> UInt32 {
        var value: UInt32 = 0
        for index in 0..<word.utf8CodeUnitCount { value = value << 8 | UInt32(word.utf8Start[index]) }
        return value
    }
}

extension String {
    /// The text with every `""` replaced by `"` (RFC 4180's escaped quote).
    func replacingDoubledQuotes() -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        var previousWasQuote = false
        for character in self {
            if character == "\"" {
                if previousWasQuote { previousWasQuote = false; continue }
                previousWasQuote = true
            } else {
                previousWasQuote = false
            }
            result.append(character)
        }
        return result
    }
}
