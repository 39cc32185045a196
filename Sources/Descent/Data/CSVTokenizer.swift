/// Splits a CSV file's bytes into rows and fields and parses the numbers in the same pass.
///
/// The fast path handles a row whose fields are unquoted: each field is first scanned as a number
/// (`DecimalParser.scan`), and when the number ends exactly at a delimiter or line break it is
/// stored, with no other look at the bytes; otherwise the field is scanned to its end, parsed
/// again with spaces trimmed, and kept as text if it is not a number. A row that starts a field
/// with a quote or has the wrong number of fields goes to `RowScanner`, which handles RFC 4180
/// quoting and throws the errors. (Rows: CSVRowParser.swift; chunks read at once:
/// CSVParallelRead.swift; line breaks: CSVLineBreaks.swift.)
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
        var index = bodyStart
        var line = 1
        skipBlankLines(buffer, &index, &line)
        guard index < buffer.count else { throw .emptyFile(file: source) }

        // The first row gives the number of columns, and the names when it is a header.
        let first = try RowScanner.scan(buffer, from: index, line: line, delimiter: delimiter, source: source)
        let columnCount = first.fields.count
        var columnNames = (0..<columnCount).map { "c\($0)" }
        if hasHeader {
            columnNames = try headerNames(buffer, first.fields, line: line, source: source)
            index = first.next
            line = first.nextLine
        }

        // A delimiter that can be part of a number would stop the number scan in the wrong place.
        let fastPathAllowed = !(delimiter >= 0x30 && delimiter <= 0x39) && ![0x2B, 0x2D, 0x2E, 0x45, 0x65].contains(delimiter)
        let chunks = fastPathAllowed && threads > 1
            ? chunkBoundaries(buffer, from: index, count: threads, minimumBytes: minimumChunkBytes) : []
        var parts: Parts
        if chunks.count > 1,
           let read = readChunks(buffer, chunks: chunks, firstLine: line, columnCount: columnCount, delimiter: delimiter,
                                 source: source) {
            parts = Parts(columnNames: columnNames, numbers: read.numbers, rowStride: read.rowStride,
                          textFields: read.textFields, rowLines: read.rowLines, rowStarts: read.rowStarts)
        } else {
            parts = try readSequentially(buffer, from: index, line: line, columnCount: columnCount, delimiter: delimiter,
                                         fastPathAllowed: fastPathAllowed, source: source)
            parts.columnNames = columnNames
        }
        if hasHeader, parts.rowLines.isEmpty { throw .headerOnly(file: source, columns: columnNames) }
        return parts
    }

    /// The column names in the header row `fields` on `line` ("c<column>" for an empty one); throws
    /// on a name given twice.
    static func headerNames(_ buffer: UnsafeBufferPointer<UInt8>, _ fields: [RowScanner.Field], line: Int,
                            source: String) throws(DataError) -> [String] {
        var seen: Set<String> = []
        var columnNames: [String] = []
        for (column, field) in fields.enumerated() {
            var name = String(decoding: buffer[field.start..<field.end], as: UTF8.self)
            if field.escaped { name = name.replacingDoubledQuotes() }
            if name.isEmpty { name = "c\(column)" }
            if !seen.insert(name).inserted {
                throw .duplicateColumnName(SourceLocation(file: source, line: line, column: column + 1), name: name)
            }
            columnNames.append(name)
        }
        return columnNames
    }

    /// Parses the rows from `index` (on `line`) to the end in one pass (column names left empty).
    static func readSequentially(_ buffer: UnsafeBufferPointer<UInt8>, from index: Int, line: Int, columnCount: Int,
                                 delimiter: UInt8, fastPathAllowed: Bool, source: String) throws(DataError) -> Parts {
        let count = buffer.count
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
        return Parts(columnNames: [], numbers: numbers, rowStride: rowBound, textFields: rows.textFields,
                     rowLines: rows.rowLines, rowStarts: rows.rowStarts)
    }
}
