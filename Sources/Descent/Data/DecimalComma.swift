/// Numbers written with a decimal comma (`5,1`, `-0,25`, `1.234,5` with dots grouping thousands),
/// read when `CSVReadOptions.decimalComma` is set: after the file is split, every text field that
/// reads as such a number becomes that number.
enum DecimalComma {
    /// The value of `bytes[start..<end]` read with a decimal comma, or nil: surrounding spaces are
    /// ignored; exactly one comma; dots only as thousands separators before it, in groups of three.
    static func value(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, parser: inout DecimalParser) -> Double? {
        var start = start, end = end
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard end - start <= 64, end > start else { return nil }
        var rewritten: [UInt8] = []
        rewritten.reserveCapacity(end - start)
        var commas = 0, digitsSinceDot = -1
        for index in start..<end {
            let byte = bytes[index]
            switch byte {
            case 0x2C:
                guard digitsSinceDot == -1 || digitsSinceDot == 3 else { return nil }
                commas += 1
                rewritten.append(0x2E)
                digitsSinceDot = -2
            case 0x2E:
                guard commas == 0, digitsSinceDot == -1 || digitsSinceDot == 3 else { return nil }
                digitsSinceDot = 0
            case 0x30...0x39:
                if digitsSinceDot >= 0 { digitsSinceDot += 1 }
                rewritten.append(byte)
            default:
                rewritten.append(byte)
            }
        }
        guard commas == 1 else { return nil }
        return rewritten.withUnsafeBufferPointer { parser.parse($0, from: 0, to: $0.count) }
    }
}

extension Tokenizer.Parts {
    /// Turns every unescaped text field that reads with a decimal comma into its number.
    mutating func convertDecimalCommas(_ bytes: UnsafeBufferPointer<UInt8>) {
        var parser = DecimalParser()
        for column in textFields.indices where !textFields[column].isEmpty {
            var kept: [CSVTable.TextField] = []
            for field in textFields[column] {
                if !field.escaped, let value = DecimalComma.value(bytes, from: field.start, to: field.end, parser: &parser) {
                    numbers[column * rowStride + field.row] = value
                } else {
                    kept.append(field)
                }
            }
            textFields[column] = kept
        }
    }
}
