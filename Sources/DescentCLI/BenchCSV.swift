import Descent
import Foundation
import Linalg

/// CSV parsing speed on a generated numeric table.
struct BenchCSVResult {
    /// Data rows (plus a header).
    var rows: Int
    /// Columns.
    var columns: Int
    /// Bytes of CSV text.
    var bytes: Int
    /// Seconds to tokenize (`CSVReader.parse`: field boundaries, no numbers yet).
    var parse: BenchSamples
    /// Seconds from bytes to a `Dataset` (tokenizing, then every number converted and encoded).
    var dataset: BenchSamples

    /// Megabytes (10⁶ bytes) tokenized per second (median).
    var parseMegabytesPerSecond: Double { Double(bytes) / parse.median / 1e6 }
    /// Megabytes (10⁶ bytes) turned into a dataset per second (median): the figure to quote.
    var datasetMegabytesPerSecond: Double { Double(bytes) / dataset.median / 1e6 }

    /// Generates `rows` × `columns` numbers (6 decimals, a header line, the last column a 0/1
    /// label) in memory and times `CSVReader.parse`, and parse plus `Dataset(table:)`, over it (no
    /// file I/O).
    static func measure(rows: Int, columns: Int, warmup: Int, repeats: Int) throws -> BenchCSVResult {
        var random = RandomGenerator(seed: 7)
        var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + "\n"
        for row in 0..<rows {
            for _ in 0..<(columns - 1) { text += String(format: "%.6f,", random.normal()) }
            text += String(row % 2) + "\n"
        }
        let bytes = Array(text.utf8)
        for _ in 0..<max(1, warmup) { _ = try Dataset(table: try CSVReader.parse(bytes: bytes, source: "bench")) }
        var parse = BenchSamples(), dataset = BenchSamples()
        for _ in 0..<repeats {
            let start = BenchClock.now()
            let table = try CSVReader.parse(bytes: bytes, source: "bench")
            let parsed = BenchClock.now()
            let encoded = try Dataset(table: table)
            let end = BenchClock.now()
            precondition(encoded.rowCount == rows, "bench: encoded \(encoded.rowCount) rows of \(rows)")
            parse.seconds.append(Double(parsed - start) / 1e9)
            dataset.seconds.append(Double(end - start) / 1e9)
        }
        return BenchCSVResult(rows: rows, columns: columns, bytes: bytes.count, parse: parse, dataset: dataset)
    }

    /// Times reading the CSV file at `path` from disk: `CSVReader.read` (file read and tokenizing),
    /// and that plus `Dataset(table:)` — what `descent train` does before training — over `repeats`
    /// samples. The same file a peer (pandas `read_csv`) reads, for a ratio in one run.
    static func measure(file path: String, warmup: Int, repeats: Int) throws -> BenchCSVResult {
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        for _ in 0..<max(1, warmup) { _ = try Dataset(table: try CSVReader.read(contentsOf: path)) }
        var parse = BenchSamples(), dataset = BenchSamples()
        var rows = 0, columns = 0
        for _ in 0..<repeats {
            let start = BenchClock.now()
            let table = try CSVReader.read(contentsOf: path)
            let parsed = BenchClock.now()
            let encoded = try Dataset(table: table)
            let end = BenchClock.now()
            rows = encoded.rowCount
            columns = table.columnCount
            parse.seconds.append(Double(parsed - start) / 1e9)
            dataset.seconds.append(Double(end - start) / 1e9)
        }
        return BenchCSVResult(rows: rows, columns: columns, bytes: bytes, parse: parse, dataset: dataset)
    }
}
