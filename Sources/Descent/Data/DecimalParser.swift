#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses decimal numbers straight from a CSV file's bytes, without a `String` per field.
///
/// Grammar (surrounding spaces and tabs allowed in `parse`): `[+-] digits [. digits] [(e|E) [+-] digits]`
/// with at least one digit in the mantissa. Words such as `inf` or `nan` are not numbers here, and
/// neither is a value that overflows to infinity (`1e400`).
///
/// Fast path (Clinger, "How to read floating point numbers accurately", PLDI 1990): when the
/// mantissa's digits (at most 19, so they fit a `UInt64` exactly) make an integer m ≤ 2^53 and the
/// decimal exponent e satisfies |e| ≤ 22, both m and 10^|e| are exact Doubles, so the single IEEE
/// operation m·10^e or m/10^−e is the correctly rounded result. Anything else (more digits, larger
/// exponents, larger mantissas) is handed to `strtod` on a NUL-terminated copy in a reused scratch
/// buffer, which rounds correctly too.
struct DecimalParser {
    /// Reused NUL-terminated copy of a field for the `strtod` fallback.
    private var scratch: [CChar] = Array(repeating: 0, count: 64)
    /// 10^0 … 10^22, every one an exact Double.
    let powersOfTen: [Double]

    init() {
        var powers = [Double](repeating: 1, count: 23)
        for index in 1..<23 { powers[index] = powers[index - 1] * 10 }
        powersOfTen = powers
    }

    /// The number in `bytes[start..<end]` (spaces and tabs around it allowed), or nil when the bytes
    /// are not a finite number by the grammar above.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double? {
        guard let base = bytes.baseAddress else { return nil }
        var index = start
        var last = end
        while index < last, base[index] == 0x20 || base[index] == 0x09 { index += 1 }
        while last > index, base[last - 1] == 0x20 || base[last - 1] == 0x09 { last -= 1 }
        guard index < last else { return nil }
        let scanned = powersOfTen.withUnsafeBufferPointer { powers in
            Self.scan(base, from: index, limit: last, powers: powers.baseAddress!)
        }
        guard scanned.end == last else { return nil }
        switch scanned.result {
        case .value: return scanned.value
        case .invalid: return nil
        case .needsExactConversion: return exactConversion(base, from: index, to: last)
        }
    }

    /// What `scan` found.
    enum ScanResult {
        /// `value` holds the correctly rounded number.
        case value
        /// The bytes up to `end` match the grammar but need `exactConversion`.
        case needsExactConversion
        /// The bytes from `start` do not begin with a number.
        case invalid
    }

    /// Scans the longest prefix of `base[start..<limit]` that the grammar accepts, stopping at the
    /// first byte that cannot continue it (the caller checks that this byte ends the field).
    /// `powers` points at 10^0 … 10^22.
    @inline(__always)
    static func scan(_ base: UnsafePointer<UInt8>, from start: Int, limit: Int,
                     powers: UnsafePointer<Double>) -> (result: ScanResult, value: Double, end: Int) {
        var index = start
        guard index < limit else { return (.invalid, 0, index) }
        let first = base[index]
        let negative = first == 0x2D
        index += negative || first == 0x2B ? 1 : 0
        var mantissa: UInt64 = 0
        let integerStart = index
        accumulateDigits(base, &index, limit: limit, into: &mantissa)
        var digitCount = index - integerStart
        var exponent = 0
        if index < limit, base[index] == 0x2E {
            index += 1
            let fractionStart = index
            accumulateDigits(base, &index, limit: limit, into: &mantissa)
            exponent = fractionStart - index
            digitCount -= exponent
        }
        guard digitCount > 0 else { return (.invalid, 0, index) }
        if index < limit, base[index] | 0x20 == 0x65 {
            index += 1
            var exponentNegative = false
            if index < limit, base[index] == 0x2D || base[index] == 0x2B {
                exponentNegative = base[index] == 0x2D
                index += 1
            }
            var written = 0
            let exponentStart = index
            while index < limit {
                let digit = base[index] &- 0x30
                guard digit < 10 else { break }
                if written < 100_000 { written = written * 10 + Int(digit) }
                index += 1
            }
            guard index > exponentStart else { return (.invalid, 0, index) }
            exponent += exponentNegative ? -written : written
        }
        // More than 19 digits may have wrapped the mantissa: leave those to the exact conversion.
        guard digitCount <= 19, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 else {
            return (.needsExactConversion, 0, index)
        }
        let magnitude = exponent >= 0 ? Double(mantissa) * powers[exponent] : Double(mantissa) / powers[-exponent]
        // The sign by its bit, without a branch: half the numbers of a typical column are negative.
        let signed = Double(bitPattern: magnitude.bitPattern | (negative ? 1 << 63 : 0))
        return (.value, signed, index)
    }

    /// Appends the run of decimal digits at `index` (stopping before `limit`) to `mantissa`, wrapping
    /// past 2^64 (the caller counts the digits), and moves `index` past them.
    ///
    /// Eight bytes at a time where eight can be read: the run's length within them is found from a
    /// mask of the bytes that are not digits, and its value by three multiplications (the SWAR
    /// method of Lemire's fast_float), so a run of 1 to 7 digits costs no mispredicted loop exit.
    @inline(__always)
    static func accumulateDigits(_ base: UnsafePointer<UInt8>, _ index: inout Int, limit: Int, into mantissa: inout UInt64) {
        #if _endian(little)
        while index + 8 <= limit {
            let digits = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ 0x3030_3030_3030_3030
            // A byte is not a digit when its high bit is set or its low seven bits are 10 or more.
            let notDigit = (digits | ((digits & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080
            let length = notDigit.trailingZeroBitCount >> 3
            guard length > 0 else { return }
            // The run's bytes, moved to the top so that the bytes below are zero digits.
            var value = digits << UInt64(64 - 8 * length)
            value = value &* 10 &+ (value >> 8)
            value = ((value & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064
                     &+ ((value >> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001) >> 32
            mantissa = mantissa &* integerPowersOfTen(length) &+ value
            index += length
            guard length == 8 else { return }
        }
        #endif
        while index < limit {
            let digit = base[index] &- 0x30
            guard digit < 10 else { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            index += 1
        }
    }

    /// 10^n for n in 1…8, without a table.
    @inline(__always)
    static func integerPowersOfTen(_ n: Int) -> UInt64 {
        var power: UInt64 = 10
        var result: UInt64 = 1
        var exponent = n
        // Square-and-multiply: three steps cover n ≤ 8 with no data-dependent loop count.
        for _ in 0..<4 {
            if exponent & 1 != 0 { result &*= power }
            power &*= power
            exponent >>= 1
        }
        return result
    }

    /// Correctly rounded conversion by `strtod` of bytes that `scan` accepted; nil when the value
    /// overflows to infinity.
    mutating func exactConversion(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Double? {
        let length = end - start
        if scratch.count < length + 1 { scratch = Array(repeating: 0, count: length + 1) }
        let value = scratch.withUnsafeMutableBufferPointer { buffer in
            for offset in 0..<length { buffer[offset] = CChar(bitPattern: base[start + offset]) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
        return value.isFinite ? value : nil
    }
}
