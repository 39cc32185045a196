import Testing
@testable import Descent

@Suite("Parallel CSV reading")
struct DataParallelCSVTests {
    /// A random file: numbers in several forms, text and missing fields, blank lines, LF / CRLF / CR
    /// line ends, an optional BOM and trailing line break, and quoted fields when `quotes`.
    static func randomFile(rows: Int, columns: Int, seed: UInt64, quotes: Bool) -> [UInt8] {
        var random = SplitMix64(state: seed)
        var text = Bool.random(using: &random) ? "\u{FEFF}" : ""
        let ends = ["\n", "\r\n", "\n", "\r"]
        text += (0..<columns).map { "col\($0)" }.joined(separator: ",") + "\n"
        for row in 0..<rows {
            var fields: [String] = []
            for _ in 0..<columns {
                switch Int.random(in: 0..<20, using: &random) {
                case 0: fields.append("")
                case 1: fields.append("NA")
                case 2: fields.append(" word\(Int.random(in: 0..<5, using: &random)) ")
                case 3: fields.append(String(Double.random(in: -1e6...1e6, using: &random)))
                case 4: fields.append("1.2345678901234567890123e-5")
                case 5: fields.append(quotes ? "\"q,\"\"x\"\"\n\(row)\"" : " 7 ")
                default: fields.append(String(Int.random(in: -1000...1000, using: &random)) + "."
                                       + String(Int.random(in: 0...999, using: &random)))
                }
            }
            text += fields.joined(separator: ",") + ends[Int.random(in: 0..<ends.count, using: &random)]
            if Int.random(in: 0..<25, using: &random) == 0 { text += Bool.random(using: &random) ? "\n" : "\r\n" }
        }
        if Bool.random(using: &random) { text.removeLast() }
        return Array(text.utf8)
    }

    /// Everything a table holds, in a comparable form (numbers bit for bit).
    static func summary(_ table: CSVTable) -> [String] {
        var lines = ["names \(table.columnNames)", "stride \(table.rowStride)", "lines \(table.rowLines)",
                     "starts \(table.rowStarts)", "numbers \(table.numbers.map(\.bitPattern))"]
        for (column, fields) in table.textFields.enumerated() {
            lines.append("text \(column) " + fields.map { "\($0.row):\($0.start)-\($0.end)\($0.escaped ? "e" : "")" }
                .joined(separator: " "))
        }
        return lines
    }

    @Test("A parallel read equals the sequential one on random files, with and without quotes", arguments: [false, true])
    func equalsSequential(quotes: Bool) throws {
        for seed in 0..<12 as Range<UInt64> {
            let bytes = Self.randomFile(rows: 400 + Int(seed) * 37, columns: 1 + Int(seed % 5), seed: seed, quotes: quotes)
            let sequential = try CSVReader.parse(bytes: bytes, source: "r.csv", options: CSVReadOptions(threads: 1),
                                                 minimumChunkBytes: 64)
            for threads in [2, 3, 8] {
                let parallel = try CSVReader.parse(bytes: bytes, source: "r.csv", options: CSVReadOptions(threads: threads),
                                                   minimumChunkBytes: 64)
                #expect(Self.summary(parallel) == Self.summary(sequential), "seed \(seed), \(threads) threads")
            }
        }
    }

    @Test("Chunk boundaries split only after line feeds and cover the bytes")
    func boundaries() {
        let bytes = Self.randomFile(rows: 300, columns: 3, seed: 99, quotes: false)
        bytes.withUnsafeBufferPointer { buffer in
            let chunks = Tokenizer.chunkBoundaries(buffer, from: 10, count: 7, minimumBytes: 64)
            #expect(chunks.first == 10 && chunks.last == bytes.count && chunks.count > 2)
            #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0 < $1 })
            #expect(chunks.dropFirst().dropLast().allSatisfy { bytes[$0 - 1] == 0x0A })
        }
        let quoted = Self.randomFile(rows: 300, columns: 3, seed: 99, quotes: true)
        quoted.withUnsafeBufferPointer { buffer in
            #expect(Tokenizer.chunkBoundaries(buffer, from: 0, count: 4, minimumBytes: 64).isEmpty)
        }
    }

    @Test("An error in the last chunk reports the same line as a sequential read")
    func errorInLastChunk() {
        var text = "a,b,c\n"
        for row in 0..<2000 { text += "\(row),\(row * 2).5,\(row % 3)\n" }
        text += "\n\r\n"
        text += "1,2\n5,6,7\n"
        let bytes = Array(text.utf8)
        for threads in [1, 2, 4] {
            let error = dataError { () throws(DataError) in
                try CSVReader.parse(bytes: bytes, source: "e.csv", options: CSVReadOptions(threads: threads),
                                    minimumChunkBytes: 256)
            }
            #expect(error == .raggedRow(SourceLocation(file: "e.csv", line: 2004), expected: 3, found: 2))
        }
    }
}

@Suite("Parallel dataset assembly")
struct DataParallelDatasetTests {
    @Test("A large table's row-major features equal its columns, with all rows kept and with dropped rows")
    func largeTable() throws {
        var text = "a,b,c,y\n"
        let rows = 70_000
        for row in 0..<rows {
            let b = row % 997 == 0 ? "" : "\(Double(row) * 0.25)"
            text += "\(row),\(b),\(-row),\(Double(row % 13) + 0.5)\n"
        }
        let table = try CSVReader.parse(text: text)
        func check(_ dataset: Dataset, kept: [Int]) {
            var expected: [Double] = []
            expected.reserveCapacity(kept.count * 3)
            for row in kept {
                expected.append(Double(row))
                expected.append(row % 997 == 0 ? 7 : Double(row) * 0.25)
                expected.append(Double(-row))
            }
            #expect(dataset.rowCount == kept.count)
            #expect(dataset.features == expected)
            #expect(dataset.targetValues == kept.map { Double($0 % 13) + 0.5 })
            #expect(dataset.sourceLines == kept.map { $0 + 2 })
        }
        let dropped = try Dataset(table: table, options: DatasetOptions(missingValues: .drop))
        check(dropped, kept: (0..<rows).filter { $0 % 997 != 0 })
        var filled = try Dataset(table: table, options: DatasetOptions(missingValues: .mean))
        // The fill value is the mean; compare with a fixed stand-in for it.
        let fill = filled.encoding.columns[1].numericFill ?? 0
        filled.features = filled.features.map { $0 == fill ? 7 : $0 }
        check(filled, kept: Array(0..<rows))
    }
}
