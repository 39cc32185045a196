/// The general RFC 4180 scanner for one row: every field's span, with the precise errors. Used for
/// the header, for rows the fast path of `Tokenizer` leaves to it (quotes, wrong field counts), and
/// to find a field's text again later.
enum RowScanner {
    /// One field of a row: its bytes (inside the quotes, for a quoted field) and whether it holds
    /// doubled quotes to unescape.
    struct Field {
        var start: Int
        var end: Int
        var escaped: Bool
    }

    /// Reads the row starting at `start` (not a blank line) on line `line`: its fields, the index
    /// after its line break and the line number there.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, delimiter: UInt8,
                     source: String) throws(DataError) -> (fields: [Field], next: Int, nextLine: Int) {
        let quote: UInt8 = 0x22, lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
        let count = bytes.count
        var fields: [Field] = []
        var index = start
        var line = line
        while true {
            if index < count, bytes[index] == quote {
                let openLine = line
                index += 1
                let fieldStart = index
                var escaped = false
                while true {
                    guard index < count else {
                        throw .unterminatedQuote(SourceLocation(file: source, line: openLine, column: fields.count + 1))
                    }
                    let byte = bytes[index]
                    if byte == quote {
                        if index + 1 < count, bytes[index + 1] == quote { escaped = true; index += 2; continue }
                        break
                    }
                    if byte == lineFeed || (byte == carriageReturn && (index + 1 >= count || bytes[index + 1] != lineFeed)) {
                        line += 1
                    }
                    index += 1
                }
                try checkLength(fieldStart, index, line: openLine, column: fields.count + 1, source: source)
                fields.append(Field(start: fieldStart, end: index, escaped: escaped))
                index += 1
                if index < count, bytes[index] != delimiter, bytes[index] != lineFeed, bytes[index] != carriageReturn {
                    throw .characterAfterClosingQuote(
                        SourceLocation(file: source, line: line, column: fields.count),
                        character: String(decoding: [bytes[index]], as: UTF8.self))
                }
            } else {
                let fieldStart = index
                while index < count {
                    let byte = bytes[index]
                    if byte == delimiter || byte == lineFeed || byte == carriageReturn { break }
                    index += 1
                }
                try checkLength(fieldStart, index, line: line, column: fields.count + 1, source: source)
                fields.append(Field(start: fieldStart, end: index, escaped: false))
            }
            if index < count, bytes[index] == delimiter {
                index += 1
                continue
            }
            // End of the row: consume LF, CRLF or CR.
            if index < count {
                if bytes[index] == carriageReturn, index + 1 < count, bytes[index + 1] == lineFeed { index += 1 }
                index += 1
                line += 1
            }
            return (fields, index, line)
        }
    }

    /// Throws `fieldTooLong` when `end − start` exceeds `CSVReadOptions.maximumFieldBytes`.
    @inline(__always)
    static func checkLength(_ start: Int, _ end: Int, line: Int, column: Int, source: String) throws(DataError) {
        if end - start > CSVReadOptions.maximumFieldBytes {
            throw .fieldTooLong(SourceLocation(file: source, line: line, column: column), bytes: end - start,
                                limit: CSVReadOptions.maximumFieldBytes)
        }
    }
}
