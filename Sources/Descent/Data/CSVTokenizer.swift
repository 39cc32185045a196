#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
}

/// Splits a CSV file's bytes into rows and fields and parses the numbers in the same pass.
///
/// The fast path handles a row whose fields are unquoted: each field is first scanned as a number
/// (`DecimalParser.scan`), and when the number ends exactly at a delimiter or line break it is
/// stored, with no other look at the bytes; otherwise the field is scanned to its end, parsed
/// again with spaces trimmed, and kept as text if it is not a number. A row that starts a field
/// with a quote or has the wrong number of fields goes to `RowScanner`, which handles RFC 4180
/// quoting and throws the errors.
enum Tokenizer {
    /// What `read` found.
    struct Parts {
        var columnNames: [String]
        var numbers: [Double]
        var rowStride: Int
        var textFields: [[CSVTable.TextField]]
        var rowLines: [Int]
        var rowStarts: [Int]
    }

    static func read(_ buffer: UnsafeBufferPointer<UInt8>, from bodyStart: Int, delimiter: UInt8, hasHeader: Bool,
                     source: String) throws(DataError) -> Parts {
        let lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D, quote: UInt8 = 0x22
        let count = buffer.count
        var index = bodyStart
        var line = 1
        skipBlankLines(buffer, &index, &line)
        guard index < count, let base = buffer.baseAddress else { throw .emptyFile(file: source) }

        // The first row gives the number of columns, and the names when it is a header.
        let first = try RowScanner.scan(buffer, from: index, line: line, delimiter: delimiter, source: source)
        let columnCount = first.fields.count
        var columnNames: [String] = []
        if hasHeader {
            var seen: Set<String> = []
            for (column, field) in first.fields.enumerated() {
                var name = String(decoding: buffer[field.start..<field.end], as: UTF8.self)
                if field.escaped { name = name.replacingDoubledQuotes() }
                if name.isEmpty { name = "c\(column)" }
                if !seen.insert(name).inserted {
                    throw .duplicateColumnName(SourceLocation(file: source, line: line, column: column + 1), name: name)
                }
                columnNames.append(name)
            }
            index = first.next
            line = first.nextLine
        } else {
            columnNames = (0..<columnCount).map { "c\($0)" }
        }

        // Every row but the last ends in its own line break: an upper bound on the rows.
        let rowBound = countLineBreaks(buffer, from: index) + 1
        var rowLines: [Int] = [], rowStarts: [Int] = []
        rowLines.reserveCapacity(rowBound)
        rowStarts.reserveCapacity(rowBound)
        var textFields = [[CSVTable.TextField]](repeating: [], count: columnCount)
        var parser = DecimalParser()
        let powers = parser.powersOfTen
        // A delimiter that can be part of a number would stop the number scan in the wrong place.
        let fastPathAllowed = !(delimiter >= 0x30 && delimiter <= 0x39) && ![0x2B, 0x2D, 0x2E, 0x45, 0x65].contains(delimiter)

        // Every slot is written below (NaN for text), so the buffer is not filled first.
        var failure: DataError?
        let numbers = [Double](unsafeUninitializedCapacity: rowBound * columnCount) { outputBuffer, initializedCount in
            powers.withUnsafeBufferPointer { powers in
                let output = outputBuffer.baseAddress!, powers = powers.baseAddress!
                var row = 0
                defer {
                    // The slots past the last row of each column.
                    for column in 0..<columnCount {
                        (output + column * rowBound + row).initialize(repeating: .nan, count: rowBound - row)
                    }
                    initializedCount = rowBound * columnCount
                }
                do throws(DataError) { while true {
                    skipBlankLines(buffer, &index, &line)
                    guard index < count else { break }
                    let rowStart = index
                    rowLines.append(line)
                    rowStarts.append(rowStart)
                    var complete = false
                    if fastPathAllowed {
                        var position = index
                        var column = 0
                        var slot = row
                        fields: while true {
                            let fieldStart = position
                            let scanned = DecimalParser.scan(base, from: fieldStart, limit: count, powers: powers)
                            var end = scanned.end
                            var value = Double.nan
                            let ending: UInt8 = end < count ? base[end] : lineFeed
                            if ending == delimiter || ending == lineFeed || ending == carriageReturn {
                                switch scanned.result {
                                case .value: value = scanned.value
                                case .needsExactConversion: value = parser.exactConversion(base, from: fieldStart, to: end) ?? .nan
                                case .invalid: break
                                }
                            } else {
                                if base[fieldStart] == quote { break fields }
                                while end < count {
                                    let byte = base[end]
                                    if byte == delimiter || byte == lineFeed || byte == carriageReturn { break }
                                    end += 1
                                }
                                value = parser.parse(buffer, from: fieldStart, to: end) ?? .nan
                            }
                            if value.isNaN {
                                if fieldStart < count, base[fieldStart] == quote { break fields }
                                textFields[column].append(CSVTable.TextField(row: row, start: fieldStart, end: end, escaped: false))
                            }
                            output[slot] = value
                            column += 1
                            slot += rowBound
                            if end < count, base[end] == delimiter {
                                if column == columnCount { break fields }
                                position = end + 1
                                continue fields
                            }
                            guard column == columnCount else { break fields }
                            if end < count {
                                position = end + 1
                                if base[end] == carriageReturn, position < count, base[position] == lineFeed { position += 1 }
                            } else {
                                position = count
                            }
                            complete = true
                            break fields
                        }
                        if complete {
                            index = position
                            line += 1
                        } else {
                            // Undo what the fast path kept of this row.
                            for column in 0..<columnCount {
                                while let last = textFields[column].last, last.row == row { textFields[column].removeLast() }
                            }
                        }
                    }
                    if !complete {
                        let scanned = try RowScanner.scan(buffer, from: rowStart, line: line, delimiter: delimiter, source: source)
                        guard scanned.fields.count == columnCount else {
                            throw .raggedRow(SourceLocation(file: source, line: line), expected: columnCount, found: scanned.fields.count)
                        }
                        for (column, field) in scanned.fields.enumerated() {
                            let value = field.escaped ? nil : parser.parse(buffer, from: field.start, to: field.end)
                            output[column * rowBound + row] = value ?? .nan
                            if value == nil {
                                textFields[column].append(CSVTable.TextField(row: row, start: field.start, end: field.end,
                                                                             escaped: field.escaped))
                            }
                        }
                        index = scanned.next
                        line = scanned.nextLine
                    }
                    row += 1
                } } catch {
                    failure = error
                }
            }
        }
        if let failure { throw failure }
        if hasHeader, rowLines.isEmpty { throw .headerOnly(file: source, columns: columnNames) }
        return Parts(columnNames: columnNames, numbers: numbers, rowStride: rowBound, textFields: textFields,
                     rowLines: rowLines, rowStarts: rowStarts)
    }

    /// Moves past blank lines (LF, CRLF or CR), counting them.
    @inline(__always)
    static func skipBlankLines(_ buffer: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ line: inout Int) {
        let count = buffer.count
        while index < count {
            if buffer[index] == 0x0A {
                index += 1
            } else if buffer[index] == 0x0D {
                index += 1
                if index < count, buffer[index] == 0x0A { index += 1 }
            } else {
                return
            }
            line += 1
        }
    }

    /// The number of line breaks (LF, CRLF or a lone CR) from `start` to the end.
    static func countLineBreaks(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = buffer.baseAddress, start < buffer.count else { return 0 }
        let end = base + buffer.count
        // memchr is vectorized by the C library: one call per line.
        var lineFeeds = 0
        var cursor = base + start
        while let found = memchr(cursor, 0x0A, end - cursor) {
            lineFeeds += 1
            cursor = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        guard memchr(base + start, 0x0D, buffer.count - start) != nil else { return lineFeeds }
        var loneCarriageReturns = 0
        for index in start..<buffer.count where buffer[index] == 0x0D && (index + 1 == buffer.count || buffer[index + 1] != 0x0A) {
            loneCarriageReturns += 1
        }
        return lineFeeds + loneCarriageReturns
    }
}
