import Testing
@testable import Descent

@Suite("CSV reading")
struct DataCSVTests {
    @Test("RFC 4180: quotes with delimiters, doubled quotes and newlines; CRLF; BOM; trailing blank lines")
    func rfc4180() throws {
        let text = "\u{FEFF}name,value,note\r\n\"a,b\",1.5,\"say \"\"hi\"\"\"\r\nplain,-2,\"two\nlines\"\r\n\r\n\n"
        let table = try CSVReader.parse(text: text)
        #expect(table.columnNames == ["name", "value", "note"])
        #expect(table.rowCount == 2)
        #expect(table.string(row: 0, column: 0) == "a,b")
        #expect(table.string(row: 0, column: 2) == "say \"hi\"")
        #expect(table.string(row: 1, column: 2) == "two\nlines")
        #expect(table.string(row: 1, column: 0) == "plain")
        #expect(table.line(ofRow: 0) == 2 && table.line(ofRow: 1) == 3)
        #expect(table.delimiter == UInt8(ascii: ","))
    }

    @Test("The delimiter is detected among ; tab | and the header can be absent", arguments: [";", "\t", "|"])
    func delimiterDetection(delimiter: String) throws {
        let text = ["1", "2.5", "x"].joined(separator: delimiter) + "\n" + ["3", "4", "y"].joined(separator: delimiter) + "\n"
        let table = try CSVReader.parse(text: text, options: CSVReadOptions(hasHeader: false))
        #expect(table.delimiter == Array(delimiter.utf8)[0])
        #expect(table.columnNames == ["c0", "c1", "c2"])
        #expect(table.rowCount == 2)
        #expect(table.string(row: 1, column: 2) == "y")
    }

    @Test("Numbers are parsed from bytes to the correctly rounded Double")
    func numbers() throws {
        let cases: [(String, Double?)] = [
            ("1.5e3", 1500), ("-0.1", -0.1), ("  7 ", 7), (".5", 0.5), ("5.", 5), ("+3", 3),
            ("0.000123", 0.000123), ("123456789012345678901234", 123456789012345678901234.0),
            ("1e-300", 1e-300), ("3.141592653589793238462643", 3.141592653589793),
            ("9007199254740993", 9007199254740992), ("1E22", 1e22), ("2.5e-5", 0.000025),
            ("1.2.3", nil), ("e5", nil), ("1e", nil), ("--1", nil), ("abc", nil), ("1e400", nil), ("", nil), (".", nil),
        ]
        var parser = DecimalParser()
        for (text, expected) in cases {
            let bytes = Array(text.utf8)
            let value = bytes.withUnsafeBufferPointer { parser.parse($0, from: 0, to: $0.count) }
            #expect(value == expected, "\(text)")
        }
    }

    @Test("A ragged row names its line and the expected and found field counts")
    func raggedRow() {
        let error = dataError { () throws(DataError) in try CSVReader.parse(text: "a,b,c\n1,2,3\n4,5\n", source: "t.csv") }
        #expect(error == .raggedRow(SourceLocation(file: "t.csv", line: 3), expected: 3, found: 2))
        #expect(error?.description == "t.csv:3: expected 3 fields, found 2")
        #expect(error?.category == .data)
    }

    @Test("An unterminated quote names where it opened")
    func unterminatedQuote() {
        let error = dataError { () throws(DataError) in try CSVReader.parse(text: "a,b\n1,2\n3,\"open\n4,5\n", source: "q.csv") }
        #expect(error == .unterminatedQuote(SourceLocation(file: "q.csv", line: 3, column: 2)))
    }

    @Test("An empty file and a header-only file are errors")
    func emptyAndHeaderOnly() throws {
        let directory = try FixtureDirectory()
        let empty = try directory.write("empty.csv", "\n\n")
        #expect(dataError { () throws(DataError) in try CSVReader.read(contentsOf: empty) } == .emptyFile(file: empty))
        let headerOnly = try directory.write("header.csv", "x,y\r\n")
        #expect(dataError { () throws(DataError) in try CSVReader.read(contentsOf: headerOnly) } == .headerOnly(file: headerOnly, columns: ["x", "y"]))
        let missing = directory.url.appendingPathComponent("nope.csv").path
        if case .unreadableFile(let path, _)? = dataError({ () throws(DataError) in try CSVReader.read(contentsOf: missing) }) {
            #expect(path == missing)
        } else {
            Issue.record("a missing file must be unreadableFile")
        }
    }

    @Test("A file read from disk keeps exact values and multi-line field positions")
    func fileRoundTrip() throws {
        let directory = try FixtureDirectory()
        let path = try directory.write("d.csv", "x,\"long\nname\",y\n0.1,2,a\n0.5,3,a\n0.25,oops,b\n")
        let table = try CSVReader.read(contentsOf: path)
        #expect(table.columnNames == ["x", "long\nname", "y"])
        #expect(table.location(row: 2, column: 1) == SourceLocation(file: path, line: 5, column: 2))
        let error = dataError { () throws(DataError) in try Dataset(table: table, options: DatasetOptions(task: .classification)) }
        #expect(error == .nonNumericValue(SourceLocation(file: path, line: 5, column: 2), columnName: "long\nname", value: "oops"))
    }
}
