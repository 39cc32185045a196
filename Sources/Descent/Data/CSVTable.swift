/// A parsed CSV file: the file's bytes and, for every field, where it starts and ends in them.
///
/// No `String` is made while reading; a field becomes text only when asked (`string(row:column:)`),
/// and numeric columns are parsed straight from the bytes (`DecimalParser`). Positions are kept so
/// every error can name `file:line:column` (column = 1-based field number).
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

    let bytes: [UInt8]
    /// Start and end byte offsets of each field, row-major (`row * columnCount + column`); for a
    /// quoted field they bound the text inside the quotes.
    let fieldStarts: [Int]
    let fieldEnds: [Int]
    /// Fields (by flat index) that contain a doubled quote `""` to be unescaped.
    let escapedFields: Set<Int>
    /// The 1-based line on which each data row starts.
    let rowLines: [Int]
    /// The byte offset at which each data row starts.
    let rowStarts: [Int]

    init(source: String, columnNames: [String], delimiter: UInt8, bytes: [UInt8], fieldStarts: [Int],
         fieldEnds: [Int], escapedFields: Set<Int>, rowLines: [Int], rowStarts: [Int]) {
        self.source = source
        self.columnNames = columnNames
        self.delimiter = delimiter
        self.bytes = bytes
        self.fieldStarts = fieldStarts
        self.fieldEnds = fieldEnds
        self.escapedFields = escapedFields
        self.rowLines = rowLines
        self.rowStarts = rowStarts
    }

    /// The index of the column called `name`, if any.
    public func columnIndex(named name: String) -> Int? {
        columnNames.firstIndex(of: name)
    }

    /// The field's text, unescaped (`""` → `"`), without surrounding quotes.
    public func string(row: Int, column: Int) -> String {
        let flat = row * columnCount + column
        let start = fieldStarts[flat], end = fieldEnds[flat]
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        return escapedFields.contains(flat) ? text.replacingDoubledQuotes() : text
    }

    /// The field's text without surrounding spaces and tabs (how categorical values are compared).
    func trimmedString(row: Int, column: Int) -> String {
        let text = string(row: row, column: column)
        guard let first = text.utf8.first, let last = text.utf8.last,
              first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 else { return text }
        return String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// The 1-based line on which data row `row` starts.
    public func line(ofRow row: Int) -> Int { rowLines[row] }

    /// The place of a field: its own line (a row may span lines inside quotes) and field number.
    public func location(row: Int, column: Int) -> SourceLocation {
        let fieldStart = fieldStarts[row * columnCount + column]
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
    /// ignoring surrounding spaces.
    func isMissing(row: Int, column: Int) -> Bool {
        let flat = row * columnCount + column
        var start = fieldStarts[flat], end = fieldEnds[flat]
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
