#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses decimal numbers straight from a CSV file's bytes, without a `String` per field.
///
/// Grammar (surrounding spaces and tabs allowed): `[+-] digits [. digits] [(e|E) [+-] digits]`
/// with at least one digit in the mantissa. Words such as `inf` or `nan` are not numbers here.
///
/// Fast path (Clinger, "How to read floating point numbers accurately", PLDI 1990): when the
/// significant digits fit a 53-bit integer m and the decimal exponent e satisfies |e| ≤ 22, both
/// m and 10^|e| are exact Doubles, so the single IEEE operation m·10^e or m/10^−e is the correctly
/// rounded result. Anything else (more than 19 significant digits, larger exponents) is handed to
/// `strtod` on a NUL-terminated copy in a reused scratch buffer, which rounds correctly too.
struct DecimalParser {
    /// Reused NUL-terminated copy of a field for the `strtod` fallback.
    private var scratch: [CChar] = Array(repeating: 0, count: 64)

    init() {}

    /// The number in `bytes[start..<end]`, or nil when the bytes are not a number by the grammar above.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double? {
        var index = start
        var last = end
        while index < last, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        while last > index, bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 { last -= 1 }
        guard index < last else { return nil }
        let trimmedStart = index

        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var digitCount = 0
        var droppedDigits = false
        var exponent = 0
        // Integer part.
        while index < last {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { break }
            digitCount += 1
            if mantissa != 0 || digit != 0 {
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    significantDigits += 1
                } else {
                    exponent += 1
                    droppedDigits = true
                }
            }
            index += 1
        }
        // Fraction.
        if index < last, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < last {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { break }
                digitCount += 1
                if mantissa != 0 || digit != 0 {
                    if significantDigits < 19 {
                        mantissa = mantissa &* 10 &+ UInt64(digit)
                        significantDigits += 1
                        exponent -= 1
                    } else {
                        droppedDigits = true
                    }
                } else {
                    exponent -= 1
                }
                index += 1
            }
        }
        guard digitCount > 0 else { return nil }
        // Exponent.
        if index < last, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < last, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            var exponentDigits = 0
            while index < last {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { break }
                if written < 100_000 { written = written * 10 + Int(digit) }
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard index == last else { return nil }

        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if !droppedDigits, mantissa <= (1 << 53), exponent >= -22, exponent <= 22 {
            // 10^|e| by repeated ×10 is exact for |e| ≤ 22 (every partial product is an exact
            // Double), and avoids a global table's lazy-initialization check in this hot loop.
            var power = 1.0
            for _ in 0..<(exponent >= 0 ? exponent : -exponent) { power *= 10 }
            let magnitude = exponent >= 0 ? Double(mantissa) * power : Double(mantissa) / power
            return negative ? -magnitude : magnitude
        }
        return slowParse(bytes, from: trimmedStart, to: last)
    }

    /// Correctly rounded conversion by `strtod`, nil when the value overflows to infinity, on a NUL-terminated copy of the (already validated) field.
    private mutating func slowParse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double? {
        let length = end - start
        if scratch.count < length + 1 { scratch = Array(repeating: 0, count: length + 1) }
        return scratch.withUnsafeMutableBufferPointer { buffer in
            for offset in 0..<length { buffer[offset] = CChar(bitPattern: bytes[start + offset]) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }.nonFiniteAsNil
    }
}

extension Double {
    /// Self when finite, nil otherwise (an overflowing literal such as 1e400 is not a usable number).
    fileprivate var nonFiniteAsNil: Double? { isFinite ? self : nil }
}
