#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// How to read a CSV file.
public struct CSVReadOptions: Sendable, Equatable {
    /// The field delimiter; nil detects it among `,` `;` tab `|` from the first lines.
    public var delimiter: UInt8?
    /// Whether the first row names the columns; without a header they are `c0`, `c1`, ….
    public var hasHeader: Bool

    /// The most bytes one field may hold (1 MiB): a longer field is `DataError.fieldTooLong`, so a
    /// binary file or a quote left open is named instead of being held and echoed.
    public static let maximumFieldBytes = 1 << 20

    /// Whether a field such as `5,1` (a `;`-delimited or quoted field with a decimal comma) is the
    /// number 5.1; a comma-delimited file can only hold such values quoted.
    public var decimalComma: Bool = false

    /// How many threads may parse rows at once (a file without quotes is split at line breaks);
    /// nil: `DESCENT_THREADS` when set, else the active processor count, at most 8.
    public var threads: Int?

    /// Options with the given delimiter (nil: detect), header setting and threads (nil: default).
    public init(delimiter: UInt8? = nil, hasHeader: Bool = true, threads: Int? = nil) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.threads = threads
    }

    /// The thread count to use: `threads`, else `DESCENT_THREADS`, else the processors (at most 8).
    var resolvedThreads: Int {
        if let threads { return max(1, threads) }
        if let text = ProcessInfo.processInfo.environment["DESCENT_THREADS"], let value = Int(text), value > 0 {
            return value
        }
        return max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// The delimiter byte named by `text`: one ASCII character, or `\t` / `tab` for a tab.
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
    ///
    /// One pass splits the fields and parses every number as it goes (`DecimalParser`); only the
    /// fields that are not numbers keep their byte positions. A row holding a quote, or with the
    /// wrong number of fields, is read again by the general RFC 4180 scanner, which throws the
    /// precise error.
    public static func parse(bytes: [UInt8], source: String, options: CSVReadOptions = CSVReadOptions()) throws(DataError) -> CSVTable {
        try parse(bytes: bytes, source: source, options: options, minimumChunkBytes: 1 << 20)
    }

    /// `parse(bytes:source:options:)` with the smallest chunk a parallel read gives a thread (tests
    /// use small ones to exercise chunk boundaries).
    static func parse(bytes: [UInt8], source: String, options: CSVReadOptions, minimumChunkBytes: Int) throws(DataError) -> CSVTable {
        let bodyStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let delimiter = options.delimiter ?? detectDelimiter(bytes, from: bodyStart)
        let parts = try bytes.withUnsafeBufferPointer { buffer throws(DataError) in
            var parts = try Tokenizer.read(buffer, from: bodyStart, delimiter: delimiter, hasHeader: options.hasHeader, source: source,
                                           threads: options.resolvedThreads, minimumChunkBytes: minimumChunkBytes)
            if options.decimalComma { parts.convertDecimalCommas(buffer) }
            return parts
        }
        return CSVTable(source: source, columnNames: parts.columnNames, delimiter: delimiter, bytes: bytes,
                        numbers: parts.numbers, rowStride: parts.rowStride, textFields: parts.textFields,
                        rowLines: parts.rowLines, rowStarts: parts.rowStarts)
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

    /// The whole file, read with as few `read` calls as the system allows into one buffer.
    static func readBytes(_ path: String) throws(DataError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .unreadableFile(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadableFile(path: path, reason: String(cString: strerror(errno))) }
        var failure: Int32 = 0
        var result = [UInt8](unsafeUninitializedCapacity: max(Int(status.st_size), 0)) { buffer, initialized in
            while initialized < buffer.count {
                let count = systemRead(descriptor, buffer.baseAddress! + initialized, buffer.count - initialized)
                if count < 0, errno == EINTR { continue }
                if count < 0 { failure = errno; break }
                if count == 0 { break }
                initialized += count
            }
        }
        if failure != 0 { throw .unreadableFile(path: path, reason: String(cString: strerror(failure))) }
        // A file that grew since fstat (or reports no size, like a pipe): read the rest in chunks.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { throw .unreadableFile(path: path, reason: String(cString: strerror(errno))) }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }
}


/// `read(2)`, named apart from `CSVReader.read(contentsOf:options:)`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}
