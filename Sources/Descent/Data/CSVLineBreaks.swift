#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line breaks in CSV bytes: LF, CRLF or a lone CR.
extension Tokenizer {
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
