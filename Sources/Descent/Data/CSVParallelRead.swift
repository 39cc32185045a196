#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// The parallel read: a file without quotes is cut at line feeds into chunks that `Tokenizer.parseRows`
/// parses at once, each into its own rows of one shared column-major buffer.
extension Tokenizer {
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
        var firstSlots = [0]
        for bound in bounds { firstSlots.append(firstSlots.last! + bound) }
        let slots = firstSlots, rowStride = firstSlots.last!
        // Too large: the sequential read throws the error with the numbers.
        guard TableMemoryCheck.bytes(rows: rowStride, columns: columnCount) <= TableMemoryCheck.bytesAvailable else { return nil }
        let results = ChunkResults(count: chunkCount)
        let numbers = [Double](unsafeUninitializedCapacity: rowStride * columnCount) { outputBuffer, initializedCount in
            let output = SendablePointer(pointer: outputBuffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                var part = RowsPart(columnCount: columnCount, rowBound: bounds[chunk])
                do throws(DataError) {
                    try parseRows(bytes.buffer, from: chunks[chunk], to: chunks[chunk + 1], line: 0, columnCount: columnCount,
                                  delimiter: delimiter, fastPathAllowed: true, output: output.pointer + slots[chunk],
                                  rowStride: rowStride, into: &part, source: source)
                    results.store(part, at: chunk)
                } catch {
                    results.store(nil, at: chunk)
                }
            }
            closeGaps(output.pointer, rowStride: rowStride, columnCount: columnCount, firstSlots: slots,
                      rowCounts: results.parts.map { $0?.rowLines.count ?? 0 })
            initializedCount = rowStride * columnCount
        }
        var parts: [RowsPart] = []
        for part in results.parts {
            guard let part else { return nil }
            parts.append(part)
        }
        let joined = join(parts, firstLine: firstLine, columnCount: columnCount)
        return (numbers, rowStride, joined.textFields, joined.rowLines, joined.rowStarts)
    }

    /// Closes the gaps that blank lines left between the chunks' rows (chunk k's rows were written
    /// from `firstSlots[k]`), then fills the slots past the last row with NaN.
    static func closeGaps(_ output: UnsafeMutablePointer<Double>, rowStride: Int, columnCount: Int, firstSlots: [Int],
                          rowCounts: [Int]) {
        var rowCount = 0
        for (chunk, rows) in rowCounts.enumerated() {
            if firstSlots[chunk] != rowCount {
                for column in 0..<columnCount {
                    let columnStart = output + column * rowStride
                    memmove(columnStart + rowCount, columnStart + firstSlots[chunk], rows * MemoryLayout<Double>.stride)
                }
            }
            rowCount += rows
        }
        for column in 0..<columnCount {
            (output + column * rowStride + rowCount).update(repeating: .nan, count: rowStride - rowCount)
        }
    }

    /// The chunks' text fields, lines and row starts as one part: rows renumbered from the first
    /// chunk's, lines counted from `firstLine`.
    static func join(_ parts: [RowsPart], firstLine: Int, columnCount: Int)
        -> (textFields: [[CSVTable.TextField]], rowLines: [Int], rowStarts: [Int]) {
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
        return (textFields, rowLines, rowStarts)
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
