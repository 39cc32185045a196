import Linalg

/// Seeded mutations of a file's bytes for the fuzz tests: byte flips, insertions of bytes that
/// matter to a CSV or JSON reader (delimiters, quotes, line breaks, a BOM, NA, huge numbers),
/// deletions, truncations, splices with another file, CRLF line breaks and duplicated lines.
struct FuzzMutator {
    var random: RandomGenerator

    /// Pieces inserted whole.
    static let tokens: [[UInt8]] = [",", "\"", "\n", "\r\n", "\r", ";", "\t", "|", "NA", "?", "", "1e308", "-1e308", "1e200",
                                    "1e400", "nan", "inf", "-0", "0x1p3", "9999999999999999999999", "5,1", "$5.10", "12%",
                                    "\"\"", "\u{FEFF}", "é", "{", "}", "[", "]", ":", "null", "-1", "1e18", "4294967296",
                                    "18446744073709551616", "\"shape\": [99999999999, 99999999999]", "\u{0}"].map { Array($0.utf8) }

    init(seed: UInt64) { random = RandomGenerator(seed: seed) }

    mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : random.uniformInt(below: bound) }

    /// One to four mutations of `bytes`, `other` serving splices.
    mutating func mutate(_ bytes: [UInt8], other: [UInt8]) -> [UInt8] {
        var result = bytes
        for _ in 0...below(4) { result = mutateOnce(result, other: other) }
        return result
    }

    mutating func mutateOnce(_ bytes: [UInt8], other: [UInt8]) -> [UInt8] {
        var result = bytes
        let position = below(result.count + 1)
        switch below(9) {
        case 0 where !result.isEmpty:
            result[min(position, result.count - 1)] ^= UInt8(1 << below(8))
        case 1:
            result.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: position)
        case 2:
            result.removeSubrange(position..<min(result.count, position + 1 + below(16)))
        case 3:
            result = Array(result.prefix(position))
        case 4:
            let start = below(other.count)
            result = Array(result.prefix(position)) + other[start..<min(other.count, start + below(200))]
        case 5:
            result = result.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] }
        case 6:
            if let lineStart = result[..<position].lastIndex(of: 0x0A).map({ $0 + 1 }),
               let lineEnd = result[lineStart...].firstIndex(of: 0x0A) {
                result.insert(contentsOf: result[lineStart...lineEnd], at: lineStart)
            }
        case 7:
            result.insert(contentsOf: Array(String(random.uniform() * pow10(below(320))).utf8), at: position)
        default:
            result.insert(UInt8(truncatingIfNeeded: below(256)), at: position)
        }
        return result
    }

    func pow10(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
