import Foundation
import Linalg
import Testing
@testable import Descent

@Suite("Trusting data: excerpts, SHA-256, decimal commas, numeric-looking text, row screening, finite statistics")
struct DataTrustTests {
    @Test("Quoted values are cut to 80 characters with their length; short ones are whole")
    func excerpts() {
        #expect(TextExcerpt.quoted("abc") == "\"abc\"")
        let long = String(repeating: "é", count: 12_345)
        let cut = TextExcerpt.quoted(long)
        #expect(cut == "\"" + String(repeating: "é", count: 80) + "…\" (12 345 characters)")
        #expect(TextExcerpt.grouped(1_073_741_824) == "1 073 741 824" && TextExcerpt.grouped(9999) == "9999")
        #expect(TextExcerpt.list((0..<30).map { "c\($0)" }).hasSuffix("c19, … (30 in all)"))
    }

    @Test("SHA-256 matches the FIPS 180-4 examples and sha256sum, fed whole or in pieces")
    func sha256() throws {
        var empty = SHA256()
        empty.update([UInt8]())
        #expect(empty.hexDigest() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var abc = SHA256()
        abc.update(Array("abc".utf8))
        #expect(abc.hexDigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        var pieces = SHA256()
        for start in stride(from: 0, to: message.count, by: 7) { pieces.update(message[start..<min(message.count, start + 7)]) }
        #expect(pieces.hexDigest() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // A file larger than one read, against the system's sha256sum.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString)").path
        var random = RandomGenerator(seed: 3)
        let bytes = (0..<(3 << 20) + 17).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let reference = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        process.waitUntilExit()
        #expect(try SHA256.hex(ofFileAt: path).get() == String(reference))
    }

    @Test("--decimal-comma reads 5,1 and 1.234,5; a comma-less or malformed field stays text")
    func decimalComma() throws {
        var options = CSVReadOptions(delimiter: UInt8(ascii: ";"))
        options.decimalComma = true
        let table = try CSVReader.parse(text: "a;b;y\n5,1;x;1\n\"1.234,5\";y;0\n-0,25;x,y;1\n", options: options)
        #expect(Array(table.numbers(column: 0)) == [5.1, 1234.5, -0.25])
        #expect(table.textFields[1].count == 3, "x, y and x,y stay text")
        let plain = try CSVReader.parse(text: "a;y\n5,1;1\n2;0\n", options: CSVReadOptions(delimiter: UInt8(ascii: ";")))
        #expect(plain.numbers(column: 0)[0].isNaN)
    }

    @Test("Numeric-looking text is recognized by form; ordinary categories are not")
    func numericLooking() {
        #expect(NumericLookingColumn.detect(columnName: "p", categories: ["$5.10", "$6", "€7,50"])?.form == .currency)
        #expect(NumericLookingColumn.detect(columnName: "w", categories: ["5,1", "4,9", "3,0"])?.form == .decimalComma)
        #expect(NumericLookingColumn.detect(columnName: "n", categories: ["1,234.5", "12,000", "7,654,321"])?.form == .thousandsSeparator)
        #expect(NumericLookingColumn.detect(columnName: "r", categories: ["12%", "3.5 %"])?.form == .percent)
        #expect(NumericLookingColumn.detect(columnName: "c", categories: ["red", "green", "5,1"]) == nil)
    }

    @Test("Scoring rows: every row is scored, filled or listed with its reason, in file order")
    func scoringRows() throws {
        let training = try Dataset(table: CSVReader.parse(text: "x,c,y\n1,a,p\n2,b,q\n3,a,p\n6,b,q\n"))
        let standardizer = Standardizer(mode: .standardize, fittingRows: [0, 1, 2, 3], of: training)
        let table = try CSVReader.parse(text: "x,c,y\n1,a,p\nNA,b,q\nfive,a,p\n2,z,q\n3,a,r\n4,,\n")
        let rows = try training.encoding.scoringRows(table, useTarget: true, missing: nil, standardizer: standardizer)
        #expect(rows.inputRows == [0])
        #expect(rows.unscored.map(\.reason) == [.missingValue, .nonNumericValue, .unknownCategory, .unknownClass, .missingTarget])
        #expect(rows.unscored.map(\.location.line) == [3, 4, 5, 6, 7])
        let filled = try training.encoding.scoringRows(table, useTarget: false, missing: .mean, standardizer: standardizer)
        #expect(filled.inputRows == [0, 1, 4, 5] && filled.filledRows == 2)
        // Row 2's x is the training mean 3; row 6's c is the most frequent category (a tie: the first, "a").
        #expect(filled.dataset.features[1 * 3] == 3)
        #expect(Array(filled.dataset.features[9..<12]) == [4, 1, 0])
        #expect(throws: DataError.fillValueNotStored(policy: .median, columnName: "x", trainedWith: .error)) {
            try training.encoding.scoringRows(table, useTarget: false, missing: .median, standardizer: standardizer)
        }
    }

    @Test("A value that is not finite once standardized leaves its row unscored (predict) or is an error (hessian)")
    func outOfRange() throws {
        let training = try Dataset(table: CSVReader.parse(text: "x,y\n0.1,p\n0.2,q\n0.3,p\n0.4,q\n"))
        let standardizer = Standardizer(mode: .standardize, fittingRows: [0, 1, 2, 3], of: training)
        let table = try CSVReader.parse(text: "x,y\n0.1,p\n-1e308,q\nNA,p\n0.2,q\n")
        var rows = try training.encoding.scoringRows(table, useTarget: false, missing: nil, standardizer: standardizer)
        rows.standardize(with: standardizer)
        #expect(rows.inputRows == [0, 3])
        #expect(rows.unscored.map(\.reason) == [.outOfRange, .missingValue])
        #expect(rows.unscored.map(\.location.line) == [3, 4])
        #expect(rows.dataset.features.allSatisfy { $0.isFinite })
        var dataset = try training.encoding.encode(try CSVReader.parse(text: "x,y\n0.1,p\n-1e308,q\n"))
        #expect(throws: DataError.valueOutOfRange(SourceLocation(file: "<text>", line: 3), columnName: "x")) {
            try standardizer.applyChecked(to: &dataset)
        }
    }

    @Test("A mean or standard deviation that overflows is a data error naming the column and line")
    func nonFiniteStatistics() throws {
        let dataset = try Dataset(table: CSVReader.parse(text: "x,y\n1,0\n1e200,1\n2,0\n3,1\n"))
        let standardizer = Standardizer(mode: .standardize, fittingRows: [0, 1, 2, 3], of: dataset)
        #expect(throws: DataError.nonFiniteStatistic(SourceLocation(file: "<text>", line: 3), columnName: "x", statistic: "standard deviation")) {
            try standardizer.checkFinite(fittingRows: [0, 1, 2, 3], of: dataset)
        }
        let sum = try Dataset(table: CSVReader.parse(text: "x,y\n1,0\n1e308,1\n1e308,0\n3,1\n"))
        #expect(throws: DataError.nonFiniteStatistic(SourceLocation(file: "<text>", line: 4), columnName: "x", statistic: "mean")) {
            try Standardizer(mode: .center, fittingRows: [0, 1, 2, 3], of: sum).checkFinite(fittingRows: [0, 1, 2, 3], of: sum)
        }
    }

    @Test("The checkpoint writer throws instead of writing null metadata")
    func metadataNeverNull() throws {
        let dataset = try Dataset(table: CSVReader.parse(text: "x,y\n1,0\n2,1\n"))
        var standardizer = Standardizer(mode: .standardize, fittingRows: [0, 1], of: dataset)
        standardizer.means[0] = .infinity
        let spec = NetworkSpec(inputCount: 1, hiddenSizes: [2], outputCount: 2)
        let description = ModelDescription(spec: spec, precision: .float, encoding: dataset.encoding, standardizer: standardizer,
                                           optimizer: OptimizerConfiguration(kind: .sgd), regularization: Regularization(),
                                           epoch: 0, step: 0, seed: 0)
        #expect(throws: CheckpointError.self) { try ModelCheckpoint.metadata(description) }
        standardizer.means[0] = 0
        var fine = description
        fine.standardizer = standardizer
        #expect(try ModelCheckpoint.metadata(fine).values.allSatisfy { $0 != "null" })
    }

    @Test("--drop of the target, a field over 1 MiB and a table too large for memory are errors with their numbers")
    func boundedInputs() throws {
        #expect(throws: DataError.targetDropped("y")) {
            try Dataset(table: CSVReader.parse(text: "x,y\n1,0\n2,1\n"), options: DatasetOptions(drop: ["y"]))
        }
        let long = "x,y\n" + String(repeating: "7", count: (1 << 20) + 1) + ",1\n2,0\n"
        #expect(throws: DataError.fieldTooLong(SourceLocation(file: "<text>", line: 2, column: 1), bytes: (1 << 20) + 1, limit: 1 << 20)) {
            try CSVReader.parse(text: long)
        }
        #expect(TableMemoryCheck.bytes(rows: Int.max / 2, columns: 3) == .max)
        #expect(throws: DataError.self) { try TableMemoryCheck.check(file: "f", what: "the table", rows: 1 << 40, columns: 1 << 10) }
    }
}
