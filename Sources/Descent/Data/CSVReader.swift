#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to read a CSV file.
public struct CSVReadOptions: Sendable, Equatable {
    /// The field delimiter; nil detects it among `,` `;` tab `|` from the first lines.
    public var delimiter: UInt8?
    /// Whether the first row names the columns; without a header they are `c0`, `c1`, ….
    public var hasHeader: Bool

    /// Options with the given delimiter (nil: detect) and header setting.
    public init(delimiter: UInt8? = nil, hasHeader: Bool = true) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
    }

    /// The delimiter byte for a `--delimiter` value: one ASCII character, or `\t` / `tab` for a tab.
    public static func delimiter(from text: String) throws(DataError) -> UInt8 {
        if text == "\\t" || text.lowercased() == "tab" { return 0x09 }
        let bytes = Array(text.utf8)
        guard bytes.count == 1, bytes[0] < 0x80, bytes[0] != 0x22, bytes[0] != 0x0A, bytes[0] != 0x0D else {
            throw .invalidDelimiter(text)
        }
        return bytes[0]
    }
}

/// Reads RFC 4180 CSV: fields separated by a delimiter, rows by LF, CRLF or CR; a field may be
/// quoted with `"` and then hold delimiters, line breaks and doubled quotes `""`. A UTF-8 byte
/// order mark is skipped; blank lines (anywhere, including trailing ones) are ignored. Every row
/// must have as many fields as the first.
public enum CSVReader {
    /// The candidates tried when the delimiter is not given, in order of preference on a tie.
    public static let candidateDelimiters: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]

    /// Reads and parses the file at `path` (named as given in error messages).
    public static func read(contentsOf path: String, options: CSVReadOptions = CSVReadOptions()) throws(DataError) -> CSVTable {
        try parse(bytes: readBytes(path), source: path, options: options)
    }

    /// Parses CSV text held in memory; `source` names it in error messages.
    public static func parse(text: String, source: String = "<text>", options: CSVReadOptions = CSVReadOptions()) throws(DataError) -> CSVTable {
        try parse(bytes: Array(text.utf8), source: source, options: options)
    }

    /// Parses CSV bytes; `source` names them in error messages.
    public static func parse(bytes: [UInt8], source: String, options: CSVReadOptions = CSVReadOptions()) throws(DataError) -> CSVTable {
        let bodyStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let delimiter = options.delimiter ?? detectDelimiter(bytes, from: bodyStart)
        var tokenizer = Tokenizer(delimiter: delimiter, estimatedFields: bytes.count / 4)
        try bytes.withUnsafeBufferPointer { buffer throws(DataError) in
            try tokenizer.run(buffer, from: bodyStart, source: source)
        }
        guard let firstRowFields = tokenizer.columnCount else { throw .emptyFile(file: source) }

        var columnNames: [String]
        var fieldStarts = tokenizer.fieldStarts, fieldEnds = tokenizer.fieldEnds
        var escapedFields = tokenizer.escapedFields
        var rowLines = tokenizer.rowLines, rowStarts = tokenizer.rowStarts
        if options.hasHeader {
            columnNames = []
            var seen: [String: Int] = [:]
            for column in 0..<firstRowFields {
                var name = String(decoding: bytes[fieldStarts[column]..<fieldEnds[column]], as: UTF8.self)
                if escapedFields.contains(column) { name = name.replacingDoubledQuotes() }
                if name.isEmpty { name = "c\(column)" }
                if seen[name] != nil {
                    throw .duplicateColumnName(SourceLocation(file: source, line: rowLines[0], column: column + 1), name: name)
                }
                seen[name] = column
                columnNames.append(name)
            }
            fieldStarts.removeFirst(firstRowFields)
            fieldEnds.removeFirst(firstRowFields)
            escapedFields = Set(escapedFields.compactMap { $0 >= firstRowFields ? $0 - firstRowFields : nil })
            rowLines.removeFirst()
            rowStarts.removeFirst()
            if rowLines.isEmpty { throw .headerOnly(file: source, columns: columnNames) }
        } else {
            columnNames = (0..<firstRowFields).map { "c\($0)" }
        }
        return CSVTable(source: source, columnNames: columnNames, delimiter: delimiter, bytes: bytes,
                        fieldStarts: fieldStarts, fieldEnds: fieldEnds, escapedFields: escapedFields,
                        rowLines: rowLines, rowStarts: rowStarts)
    }

    /// The candidate that splits the first lines (up to 20, outside quotes) into the same number of
    /// fields on every line, preferring more fields; failing that, the most frequent on the first
    /// line; a comma when none occurs.
    static func detectDelimiter(_ bytes: [UInt8], from start: Int) -> UInt8 {
        var counts: [[Int]] = []
        var current = [Int](repeating: 0, count: candidateDelimiters.count)
        var inQuotes = false
        var index = start
        var lineHasContent = false
        while index < bytes.count, counts.count < 20 {
            let byte = bytes[index]
            if byte == 0x22 { inQuotes.toggle() }
            if !inQuotes, byte == 0x0A || byte == 0x0D {
                if lineHasContent { counts.append(current) }
                current = [Int](repeating: 0, count: candidateDelimiters.count)
                lineHasContent = false
            } else {
                lineHasContent = true
                if !inQuotes, let which = candidateDelimiters.firstIndex(of: byte) { current[which] += 1 }
            }
            index += 1
        }
        if lineHasContent { counts.append(current) }
        guard let firstLine = counts.first else { return 0x2C }
        var best: (delimiter: UInt8, count: Int)?
        for (which, delimiter) in candidateDelimiters.enumerated() {
            let count = firstLine[which]
            guard count > 0, counts.allSatisfy({ $0[which] == count }) else { continue }
            if best == nil || count > best!.count { best = (delimiter, count) }
        }
        if let best { return best.delimiter }
        if let which = firstLine.indices.max(by: { firstLine[$0] < firstLine[$1] }), firstLine[which] > 0 {
            return candidateDelimiters[which]
        }
        return 0x2C
    }

    static func readBytes(_ path: String) throws(DataError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        if fseek(file, 0, SEEK_END) == 0 {
            let size = ftell(file)
            if size > 0 { result.reserveCapacity(size) }
            rewind(file)
        }
        while true {
            let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if read > 0 { result.append(contentsOf: chunk[0..<read]) }
            if read < chunk.count {
                if ferror(file) != 0 { throw .unreadableFile(path: path, reason: String(cString: strerror(errno))) }
                break
            }
        }
        return result
    }
}

/// The byte-level state machine behind `CSVReader`: records each field's span and each row's line.
struct Tokenizer {
    let delimiter: UInt8
    var fieldStarts: [Int] = []
    var fieldEnds: [Int] = []
    var escapedFields: Set<Int> = []
    var rowLines: [Int] = []
    var rowStarts: [Int] = []
    /// The field count of the first row, which every other row must match.
    var columnCount: Int?

    init(delimiter: UInt8, estimatedFields: Int) {
        self.delimiter = delimiter
        fieldStarts.reserveCapacity(estimatedFields)
        fieldEnds.reserveCapacity(estimatedFields)
    }

    mutating func run(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, source: String) throws(DataError) {
        let quote: UInt8 = 0x22, lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
        let delimiter = self.delimiter
        let count = bytes.count
        var index = start
        var line = 1
        while index < count {
            // Blank lines are skipped.
            if bytes[index] == lineFeed { index += 1; line += 1; continue }
            if bytes[index] == carriageReturn {
                index += 1
                if index < count, bytes[index] == lineFeed { index += 1 }
                line += 1
                continue
            }
            let rowLine = line
            rowLines.append(rowLine)
            rowStarts.append(index)
            var fieldsInRow = 0
            while true {
                if index < count, bytes[index] == quote {
                    let openLine = line
                    index += 1
                    let fieldStart = index
                    var escaped = false
                    while true {
                        guard index < count else {
                            throw .unterminatedQuote(SourceLocation(file: source, line: openLine, column: fieldsInRow + 1))
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
                    if escaped { escapedFields.insert(fieldStarts.count) }
                    fieldStarts.append(fieldStart)
                    fieldEnds.append(index)
                    index += 1
                    if index < count, bytes[index] != delimiter, bytes[index] != lineFeed, bytes[index] != carriageReturn {
                        throw .characterAfterClosingQuote(
                            SourceLocation(file: source, line: line, column: fieldsInRow + 1),
                            character: String(decoding: [bytes[index]], as: UTF8.self))
                    }
                } else {
                    let fieldStart = index
                    while index < count {
                        let byte = bytes[index]
                        if byte == delimiter || byte == lineFeed || byte == carriageReturn { break }
                        index += 1
                    }
                    fieldStarts.append(fieldStart)
                    fieldEnds.append(index)
                }
                fieldsInRow += 1
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
                break
            }
            if let expected = columnCount {
                if fieldsInRow != expected {
                    throw .raggedRow(SourceLocation(file: source, line: rowLine), expected: expected, found: fieldsInRow)
                }
            } else {
                columnCount = fieldsInRow
            }
        }
    }
}
