import Foundation
import Testing
@testable import Descent

/// A decimal string by the parser's grammar: sign, integer digits (with leading zeros at times),
/// fraction, exponent, in proportions that reach both the fast path and the `strtod` fallback.
private func randomDecimal(_ random: inout SplitMix64) -> String {
    func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x30...0x39, using: &random))) })
    }
    var text = ""
    switch Int.random(in: 0..<10, using: &random) {
    case 0: text += "-"
    case 1: text += "+"
    case 2...5: text += "-"
    default: break
    }
    let integerDigits = [0, 1, 1, 2, 3, 5, 8, 15, 17, 19, 20, 25][Int.random(in: 0..<12, using: &random)]
    let fractionDigits = [0, 1, 2, 4, 6, 8, 9, 12, 16, 19, 22][Int.random(in: 0..<11, using: &random)]
    if Int.random(in: 0..<8, using: &random) == 0 { text += String(repeating: "0", count: Int.random(in: 1...4, using: &random)) }
    text += digits(integerDigits)
    if fractionDigits > 0 || integerDigits == 0 || Bool.random(using: &random) {
        text += "." + digits(integerDigits == 0 ? max(fractionDigits, 1) : fractionDigits)
    }
    switch Int.random(in: 0..<6, using: &random) {
    case 0: text += "e\(Int.random(in: -25...25, using: &random))"
    case 1: text += "E+\(Int.random(in: 0...30, using: &random))"
    case 2: text += "e\(Int.random(in: -330...310, using: &random))"
    default: break
    }
    return text
}

/// What the parser must return: Swift's correctly rounded conversion, nil when it overflows.
private func expected(_ text: String) -> Double? {
    Double(text).flatMap { $0.isFinite ? $0 : nil }
}

@Suite("Decimal parsing")
struct DataParserTests {
    @Test("10^5 random decimal strings parse to the same Double as Double(String), bit for bit")
    func randomizedAgainstStandardLibrary() {
        var random = SplitMix64(state: 20_240_505)
        var parser = DecimalParser()
        var mismatches: [String] = []
        for _ in 0..<100_000 {
            let text = randomDecimal(&random)
            let bytes = Array(text.utf8)
            let value = bytes.withUnsafeBufferPointer { parser.parse($0, from: 0, to: $0.count) }
            if value?.bitPattern != expected(text)?.bitPattern, mismatches.count < 10 { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test("Edge cases: exactness limits, subnormals, overflow, long mantissas, signed zeros")
    func edgeCases() {
        let cases = [
            "9007199254740992", "9007199254740993", "9007199254740995", "1e22", "1e23", "9007199254740991e22",
            "123456789012345678e-22", "1234567890123456789", "12345678901234567890", "0.1", "0.3", "2.5e-22",
            "4.9e-324", "2.4703282292062327e-324", "2.2250738585072011e-308", "2.2250738585072014e-308",
            "1.7976931348623157e308", "1.7976931348623158e308", "0.000000000000000000000000000001",
            "00000000000000000000001.5", "1.00000000000000000000000000001", "-0", "-0.0", "+0e-999", "0e999",
            "12345678", "123456789", "1234567.8", "0.12345678", "-12.88184753", "5e-324", "1e-400",
        ]
        var parser = DecimalParser()
        for text in cases {
            let value = Array(text.utf8).withUnsafeBufferPointer { parser.parse($0, from: 0, to: $0.count) }
            #expect(value?.bitPattern == expected(text)?.bitPattern, "\(text)")
        }
        let overflow = Array("1.8e308".utf8).withUnsafeBufferPointer { parser.parse($0, from: 0, to: $0.count) }
        #expect(overflow == nil)
    }

    @Test("Numbers split from a CSV file in one pass equal Double(String); text fields stay text")
    func tokenizerAgainstStandardLibrary() throws {
        var random = SplitMix64(state: 7)
        let columns = 5
        var texts: [[String]] = []
        var csv = (0..<columns).map { "c\($0)" }.joined(separator: ",") + "\n"
        for row in 0..<4_000 {
            var fields = (0..<columns).map { _ in randomDecimal(&random) }
            // Now and then: spaces around a number, a quoted number, a word, a missing value, CRLF.
            switch row % 7 {
            case 1: fields[row % columns] = " \(fields[row % columns]) "
            case 2: fields[row % columns] = "\"\(fields[row % columns])\""
            case 3: fields[row % columns] = "1.5x"
            case 4: fields[row % columns] = "NA"
            default: break
            }
            texts.append(fields)
            csv += fields.joined(separator: ",") + (row % 5 == 0 ? "\r\n" : "\n")
        }
        let table = try CSVReader.parse(text: String(csv.dropLast()))
        #expect(table.rowCount == texts.count)
        var mismatches: [String] = []
        for (row, fields) in texts.enumerated() {
            for (column, field) in fields.enumerated() {
                let unquoted = field.replacingOccurrences(of: "\"", with: "").trimmingSpaces()
                let got = table.numbers(column: column)[row]
                let want = expected(unquoted)
                if got.isNaN ? want != nil : got.bitPattern != want?.bitPattern, mismatches.count < 10 {
                    mismatches.append("\(row),\(column): \(field)")
                }
                if want == nil, table.string(row: row, column: column) != field.replacingOccurrences(of: "\"", with: "") {
                    mismatches.append("text \(row),\(column): \(field)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(table.line(ofRow: 3999) == 4001)
    }

    @Test("A row the fast path hands over (quotes, wrong field count) reads like any other")
    func fallbackRows() throws {
        let table = try CSVReader.parse(text: "a,b\n1,\"2\"\n\"x\"\"y\",3\n4,5", source: "f.csv")
        #expect(table.numbers(column: 1).map { $0 } == [2, 3, 5])
        #expect(table.numbers(column: 0)[0] == 1 && table.numbers(column: 0)[1].isNaN)
        #expect(table.string(row: 1, column: 0) == "x\"y" && table.string(row: 2, column: 1) == "5")
        #expect(table.location(row: 2, column: 1) == SourceLocation(file: "f.csv", line: 4, column: 2))
        let tooMany = dataError { () throws(DataError) in try CSVReader.parse(text: "a,b\n1,2\n3,4,5\n", source: "f.csv") }
        #expect(tooMany == .raggedRow(SourceLocation(file: "f.csv", line: 3), expected: 2, found: 3))
        let afterQuote = dataError { () throws(DataError) in try CSVReader.parse(text: "a,b\n1,\"2\"x\n", source: "f.csv") }
        #expect(afterQuote == .characterAfterClosingQuote(SourceLocation(file: "f.csv", line: 2, column: 2), character: "x"))
        // A delimiter that can be part of a number turns the fast path off.
        let dotted = try CSVReader.parse(text: "a.b\n1.2\n", options: CSVReadOptions(delimiter: UInt8(ascii: ".")))
        #expect(dotted.columnNames == ["a", "b"] && dotted.numbers(column: 1)[0] == 2)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
