/// Parsing a range of rows: the fast path for unquoted rows, the general scanner for the rest.
extension Tokenizer {
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

    /// Where one range of rows goes: the column-major output (row r's field c at
    /// `output[c * rowStride + r]`, NaN for text) and the fields' separator.
    struct RowsTarget {
        var output: UnsafeMutablePointer<Double>
        var rowStride: Int
        var columnCount: Int
        var delimiter: UInt8
    }

    /// Parses the rows in `buffer[start..<end]` (which starts on line `line` and, unless `end` is the
    /// end of the buffer, ends with a line break outside quotes): row r's field c goes to
    /// `output[c * rowStride + r]`, NaN for text; `part` collects the text fields, lines and starts.
    static func parseRows(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, line startLine: Int,
                          columnCount: Int, delimiter: UInt8, fastPathAllowed: Bool, output: UnsafeMutablePointer<Double>,
                          rowStride: Int, into part: inout RowsPart, source: String) throws(DataError) {
        var index = start
        var line = startLine
        guard let base = buffer.baseAddress else { part.endLine = line; return }
        let target = RowsTarget(output: output, rowStride: rowStride, columnCount: columnCount, delimiter: delimiter)
        var parser = DecimalParser()
        let powersArray = parser.powersOfTen
        try powersArray.withUnsafeBufferPointer { powers throws(DataError) in
            let powers = powers.baseAddress!
            var row = 0
            while true {
                skipBlankLines(buffer, &index, &line, limit: end)
                guard index < end else { break }
                part.rowLines.append(line)
                part.rowStarts.append(index)
                if fastPathAllowed,
                   let next = parseFastRow(base, from: index, limit: end, row: row, target: target, powers: powers,
                                           parser: &parser, into: &part) {
                    index = next
                    line += 1
                } else {
                    (index, line) = try parseScannedRow(buffer, from: index, line: line, row: row, target: target,
                                                        parser: &parser, into: &part, source: source)
                }
                row += 1
            }
        }
        part.endLine = line
    }

    /// The fast path for the row at `start` (fields unquoted, as many as columns): stores its values
    /// and text fields and returns the index after its line break; nil, with nothing kept, when the
    /// row needs the general scanner.
    @inline(__always)
    static func parseFastRow(_ base: UnsafePointer<UInt8>, from start: Int, limit count: Int, row: Int,
                             target: RowsTarget, powers: UnsafePointer<Double>, parser: inout DecimalParser,
                             into part: inout RowsPart) -> Int? {
        let lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D, quote: UInt8 = 0x22
        var position = start
        var column = 0
        var slot = row
        while true {
            let fieldStart = position
            guard let (value, end) = parseFastField(base, from: fieldStart, limit: count, delimiter: target.delimiter,
                                                    powers: powers, parser: &parser) else { break }
            if value.isNaN {
                if fieldStart < count, base[fieldStart] == quote { break }
                part.textFields[column].append(CSVTable.TextField(row: row, start: fieldStart, end: end, escaped: false))
            }
            target.output[slot] = value
            column += 1
            slot += target.rowStride
            if end < count, base[end] == target.delimiter {
                if column == target.columnCount { break }
                position = end + 1
                continue
            }
            guard column == target.columnCount else { break }
            guard end < count else { return count }
            let next = end + 1
            return base[end] == carriageReturn && next < count && base[next] == lineFeed ? next + 1 : next
        }
        // Undo what the fast path kept of this row.
        for column in 0..<target.columnCount {
            while let last = part.textFields[column].last, last.row == row { part.textFields[column].removeLast() }
        }
        return nil
    }

    /// One unquoted field at `start`: its value (NaN for text) and the index where it ends; nil when
    /// the field is over the length limit or starts with a quote (the general scanner takes the row).
    /// The field is first scanned as a number; when the number ends exactly at a delimiter or line
    /// break it is the value, otherwise the field is scanned to its end and parsed again with spaces
    /// trimmed.
    @inline(__always)
    static func parseFastField(_ base: UnsafePointer<UInt8>, from start: Int, limit count: Int, delimiter: UInt8,
                               powers: UnsafePointer<Double>, parser: inout DecimalParser) -> (Double, Int)? {
        let lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D, quote: UInt8 = 0x22
        let scanned = DecimalParser.scan(base, from: start, limit: count, powers: powers)
        var end = scanned.end
        // A field over the limit: the general scanner throws the error.
        if end - start > CSVReadOptions.maximumFieldBytes { return nil }
        let ending: UInt8 = end < count ? base[end] : lineFeed
        if ending == delimiter || ending == lineFeed || ending == carriageReturn {
            switch scanned.result {
            case .value: return (scanned.value, end)
            case .needsExactConversion: return (parser.exactConversion(base, from: start, to: end) ?? .nan, end)
            case .invalid: return (.nan, end)
            }
        }
        if base[start] == quote { return nil }
        while end < count {
            let byte = base[end]
            if byte == delimiter || byte == lineFeed || byte == carriageReturn { break }
            end += 1
        }
        if end - start > CSVReadOptions.maximumFieldBytes { return nil }
        let bytes = UnsafeBufferPointer(start: base, count: count)
        return (parser.parse(bytes, from: start, to: end) ?? .nan, end)
    }

    /// The general path for the row at `start` on `line` (RFC 4180 quoting, precise errors): stores
    /// its values and text fields and returns the index and line after it.
    static func parseScannedRow(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, row: Int,
                                target: RowsTarget, parser: inout DecimalParser, into part: inout RowsPart,
                                source: String) throws(DataError) -> (next: Int, nextLine: Int) {
        let scanned = try RowScanner.scan(buffer, from: start, line: line, delimiter: target.delimiter, source: source)
        guard scanned.fields.count == target.columnCount else {
            throw .raggedRow(SourceLocation(file: source, line: line), expected: target.columnCount,
                             found: scanned.fields.count)
        }
        for (column, field) in scanned.fields.enumerated() {
            let value = field.escaped ? nil : parser.parse(buffer, from: field.start, to: field.end)
            target.output[column * target.rowStride + row] = value ?? .nan
            if value == nil {
                part.textFields[column].append(CSVTable.TextField(row: row, start: field.start, end: field.end,
                                                                  escaped: field.escaped))
            }
        }
        return (scanned.next, scanned.nextLine)
    }
}
