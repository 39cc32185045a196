#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

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

    /// Reads the header and rows; with `threads` > 1 and no quote in the bytes, the rows are parsed
    /// in up to `threads` chunks of at least `minimumChunkBytes` at once.
    static func read(_ buffer: UnsafeBufferPointer<UInt8>, from bodyStart: Int, delimiter: UInt8, hasHeader: Bool,
                     source: String, threads: Int = 1, minimumChunkBytes: Int = 1 << 20) throws(DataError) -> Parts {
        let count = buffer.count
        var index = bodyStart
        var line = 1
        skipBlankLines(buffer, &index, &line)
        guard index < count else { throw .emptyFile(file: source) }

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

        // A delimiter that can be part of a number would stop the number scan in the wrong place.
        let fastPathAllowed = !(delimiter >= 0x30 && delimiter <= 0x39) && ![0x2B, 0x2D, 0x2E, 0x45, 0x65].contains(delimiter)
        let chunks = fastPathAllowed && threads > 1
            ? chunkBoundaries(buffer, from: index, count: threads, minimumBytes: minimumChunkBytes) : []
        if chunks.count > 1,
           let parts = readChunks(buffer, chunks: chunks, firstLine: line, columnCount: columnCount, delimiter: delimiter,
                                  source: source) {
            if hasHeader, parts.rowLines.isEmpty { throw .headerOnly(file: source, columns: columnNames) }
            return Parts(columnNames: columnNames, numbers: parts.numbers, rowStride: parts.rowStride,
                         textFields: parts.textFields, rowLines: parts.rowLines, rowStarts: parts.rowStarts)
        }

        // Every row but the last ends in its own line break: an upper bound on the rows.
        let rowBound = countLineBreaks(buffer, from: index, to: count) + 1
        var rows = RowsPart(columnCount: columnCount, rowBound: rowBound)
        var failure: DataError?
        try TableMemoryCheck.check(file: source, what: "the table", rows: rowBound, columns: columnCount)
        // Every slot is written below (NaN for text), so the buffer is not filled first.
        let numbers = [Double](unsafeUninitializedCapacity: rowBound * columnCount) { outputBuffer, initializedCount in
            let output = outputBuffer.baseAddress!
            do throws(DataError) {
                try parseRows(buffer, from: index, to: count, line: line, columnCount: columnCount, delimiter: delimiter,
                              fastPathAllowed: fastPathAllowed, output: output, rowStride: rowBound, into: &rows,
                              source: source)
            } catch {
                failure = error
            }
            // The slots past the last row of each column.
            let rowCount = rows.rowLines.count
            for column in 0..<columnCount {
                (output + column * rowBound + rowCount).initialize(repeating: .nan, count: rowBound - rowCount)
            }
            initializedCount = rowBound * columnCount
        }
        if let failure { throw failure }
        if hasHeader, rows.rowLines.isEmpty { throw .headerOnly(file: source, columns: columnNames) }
        return Parts(columnNames: columnNames, numbers: numbers, rowStride: rowBound, textFields: rows.textFields,
                     rowLines: rows.rowLines, rowStarts: rows.rowStarts)
    }

    /// What `parseRows` found in one range of rows (rows numbered from 0 within the range).
    struct RowsPart {
        var textFields: [[CSVTable.TextField]]
        var rowLines: [Int] = []
        var rowStarts: [Int] = []
        /// The line number after the range.
        var endLine = 0

        init(columnCount: Int, rowBound: Int) {
            textFields = [[CSVTable.TextField]](repeating: [], count: columnCount)
            rowLines.reserveCapacity(rowBound)
            rowStarts.reserveCapacity(rowBound)
        }
    }

    /// Parses the rows in `buffer[start..<end]` (which starts on line `line` and, unless `end` is the
    /// end of the buffer, ends with a line break outside quotes): row r's field c goes to
    /// `output[c * rowStride + r]`, NaN for text; `part` collects the text fields, lines and starts.
    static func parseRows(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, line startLine: Int,
                          columnCount: Int, delimiter: UInt8, fastPathAllowed: Bool, output: UnsafeMutablePointer<Double>,
                          rowStride: Int, into part: inout RowsPart, source: String) throws(DataError) {
        let lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D, quote: UInt8 = 0x22
        let count = end
        var index = start
        var line = startLine
        guard let base = buffer.baseAddress else { part.endLine = line; return }
        var parser = DecimalParser()
        let powersArray = parser.powersOfTen
        try powersArray.withUnsafeBufferPointer { powers throws(DataError) in
            let powers = powers.baseAddress!
            var row = 0
            while true {
                skipBlankLines(buffer, &index, &line, limit: count)
                guard index < count else { break }
                let rowStart = index
                part.rowLines.append(line)
                part.rowStarts.append(rowStart)
                var complete = false
                if fastPathAllowed {
                    var position = index
                    var column = 0
                    var slot = row
                    fields: while true {
                        let fieldStart = position
                        let scanned = DecimalParser.scan(base, from: fieldStart, limit: count, powers: powers)
                        var end = scanned.end
                        // A field over the limit: the general scanner throws the error.
                        if end - fieldStart > CSVReadOptions.maximumFieldBytes { break fields }
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
                            if end - fieldStart > CSVReadOptions.maximumFieldBytes { break fields }
                            value = parser.parse(buffer, from: fieldStart, to: end) ?? .nan
                        }
                        if value.isNaN {
                            if fieldStart < count, base[fieldStart] == quote { break fields }
                            part.textFields[column].append(CSVTable.TextField(row: row, start: fieldStart, end: end, escaped: false))
                        }
                        output[slot] = value
                        column += 1
                        slot += rowStride
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
                            while let last = part.textFields[column].last, last.row == row { part.textFields[column].removeLast() }
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
                        output[column * rowStride + row] = value ?? .nan
                        if value == nil {
                            part.textFields[column].append(CSVTable.TextField(row: row, start: field.start, end: field.end,
                                                                              escaped: field.escaped))
                        }
                    }
                    index = scanned.next
                    line = scanned.nextLine
                }
                row += 1
            }
        }
        part.endLine = line
    }

    /// Where to split `buffer[start...]` into about `count` chunks for parallel parsing: the chunk
    /// starts (the first is `start`) followed by the end, each start just after a line feed. Empty
    /// when the bytes hold a quote (a line break may then be inside a field) or are too few.
    static func chunkBoundaries(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, count: Int,
                                minimumBytes: Int) -> [Int] {
        guard let base = buffer.baseAddress, start < buffer.count else { return [] }
        let length = buffer.count - start
        let chunkCount = min(count, length / max(minimumBytes, 1))
        guard chunkCount > 1, memchr(base + start, 0x22, length) == nil else { return [] }
        var boundaries = [start]
        for chunk in 1..<chunkCount {
            let target = max(start + length / chunkCount * chunk, boundaries.last!)
            guard target < buffer.count, let found = memchr(base + target, 0x0A, buffer.count - target) else { break }
            let next = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
            if next < buffer.count, next > boundaries.last! { boundaries.append(next) }
        }
        boundaries.append(buffer.count)
        return boundaries
    }

    /// Parses the chunks (from `chunkBoundaries`) concurrently into one column-major buffer, the
    /// same result as one sequential pass; nil when any chunk fails, so that the caller reads
    /// sequentially and reports the error at its exact place.
    static func readChunks(_ buffer: UnsafeBufferPointer<UInt8>, chunks: [Int], firstLine: Int, columnCount: Int,
                           delimiter: UInt8, source: String) -> (numbers: [Double], rowStride: Int,
                                                                 textFields: [[CSVTable.TextField]], rowLines: [Int],
                                                                 rowStarts: [Int])? {
        let chunkCount = chunks.count - 1
        // Every chunk but the last ends with a line feed, so its line breaks bound its rows.
        let counts = ChunkCounts(count: chunkCount)
        let bytes = SendableBytes(buffer: buffer)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            counts.store(countLineBreaks(bytes.buffer, from: chunks[chunk], to: chunks[chunk + 1])
                         + (chunk == chunkCount - 1 ? 1 : 0), at: chunk)
        }
        let bounds = counts.values
        var slots = [0]
        for bound in bounds { slots.append(slots.last! + bound) }
        let firstSlots = slots
        let rowStride = firstSlots.last!
        // Too large: the sequential read throws the error with the numbers.
        guard TableMemoryCheck.bytes(rows: rowStride, columns: columnCount) <= TableMemoryCheck.bytesAvailable else { return nil }
        let results = ChunkResults(count: chunkCount)
        var numbers = [Double](unsafeUninitializedCapacity: rowStride * columnCount) { outputBuffer, initializedCount in
            let output = SendablePointer(pointer: outputBuffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                var part = RowsPart(columnCount: columnCount, rowBound: bounds[chunk])
                do throws(DataError) {
                    try parseRows(bytes.buffer, from: chunks[chunk], to: chunks[chunk + 1], line: 0, columnCount: columnCount,
                                  delimiter: delimiter, fastPathAllowed: true, output: output.pointer + firstSlots[chunk],
                                  rowStride: rowStride, into: &part, source: source)
                    results.store(part, at: chunk)
                } catch {
                    results.store(nil, at: chunk)
                }
            }
            // Close the gaps that blank lines left between chunks, then fill the slots past the last row.
            var rowCount = 0
            for chunk in 0..<chunkCount {
                let rows = results.parts[chunk]?.rowLines.count ?? 0
                if firstSlots[chunk] != rowCount {
                    for column in 0..<columnCount {
                        let columnStart = output.pointer + column * rowStride
                        memmove(columnStart + rowCount, columnStart + firstSlots[chunk], rows * MemoryLayout<Double>.stride)
                    }
                }
                rowCount += rows
            }
            for column in 0..<columnCount {
                (output.pointer + column * rowStride + rowCount).update(repeating: .nan, count: rowStride - rowCount)
            }
            initializedCount = rowStride * columnCount
        }
        var parts: [RowsPart] = []
        for part in results.parts {
            guard let part else { numbers = []; return nil }
            parts.append(part)
        }
        var textFields = [[CSVTable.TextField]](repeating: [], count: columnCount)
        var rowLines: [Int] = [], rowStarts: [Int] = []
        let totalRows = parts.reduce(0) { $0 + $1.rowLines.count }
        rowLines.reserveCapacity(totalRows)
        rowStarts.reserveCapacity(totalRows)
        var line = firstLine
        for part in parts {
            let rowOffset = rowLines.count
            for column in 0..<columnCount {
                textFields[column].append(contentsOf: part.textFields[column].map {
                    CSVTable.TextField(row: $0.row + rowOffset, start: $0.start, end: $0.end, escaped: $0.escaped)
                })
            }
            rowLines.append(contentsOf: part.rowLines.map { $0 + line })
            rowStarts.append(contentsOf: part.rowStarts)
            line += part.endLine
        }
        return (numbers, rowStride, textFields, rowLines, rowStarts)
    }

    /// Moves past blank lines (LF, CRLF or CR), counting them.
    @inline(__always)
    static func skipBlankLines(_ buffer: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ line: inout Int,
                               limit: Int? = nil) {
        let count = limit ?? buffer.count
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

    /// The number of line breaks (LF, CRLF or a lone CR) in `buffer[start..<stop]`.
    static func countLineBreaks(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to stop: Int) -> Int {
        guard let base = buffer.baseAddress, start < stop else { return 0 }
        let end = base + stop
        // memchr is vectorized by the C library: one call per line.
        var lineFeeds = 0
        var cursor = base + start
        while let found = memchr(cursor, 0x0A, end - cursor) {
            lineFeeds += 1
            cursor = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        guard memchr(base + start, 0x0D, stop - start) != nil else { return lineFeeds }
        var loneCarriageReturns = 0
        for index in start..<stop where buffer[index] == 0x0D && (index + 1 == buffer.count || buffer[index + 1] != 0x0A) {
            loneCarriageReturns += 1
        }
        return lineFeeds + loneCarriageReturns
    }
}

/// The parts the chunks of a parallel read found, each stored by its own chunk.
private final class ChunkResults: @unchecked Sendable {
    var parts: [Tokenizer.RowsPart?]
    private let lock = NSLock()

    init(count: Int) { parts = Array(repeating: nil, count: count) }

    func store(_ part: Tokenizer.RowsPart?, at index: Int) {
        lock.lock()
        parts[index] = part
        lock.unlock()
    }
}

/// The row bound of each chunk of a parallel read, each stored by its own chunk.
private final class ChunkCounts: @unchecked Sendable {
    var values: [Int]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: 0, count: count) }

    func store(_ value: Int, at index: Int) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}

/// The output buffer, shared by the chunks; each writes only its own rows.
private struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
}

/// The file's bytes, read by every chunk.
private struct SendableBytes: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
}
