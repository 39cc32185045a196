import Benchmark
import Descent
import Foundation
import Linalg

/// CSV reading and encoding throughput, the path `descent train` takes from a file to a `Dataset`:
/// read the file, split fields and parse numbers (`CSVReader`), infer column kinds and build the
/// row-major features and targets (`Dataset(table:)`).
///
/// The table is a 200 000 × 20 numeric CSV. When `DESCENT_CSV_PEER_FILE` names an existing file
/// (the one `scripts/reference/csv_peer.py` generates and times pandas `read_csv` on), that file is
/// used, so both tools read the same bytes; otherwise an equivalent table is generated in memory
/// and written to a temporary file. Throughput counts files per second: MB/s = throughput × the
/// byte count in the benchmark's name / 10^6.
func registerDataBenchmarks() {
    let bytes: [UInt8]
    let path: String
    if let peer = ProcessInfo.processInfo.environment["DESCENT_CSV_PEER_FILE"],
       let data = FileManager.default.contents(atPath: peer) {
        bytes = [UInt8](data)
        path = peer
    } else {
        let rows = 200_000
        var text = (0..<20).map { "c\($0)" }.joined(separator: ",") + "\n"
        var random = RandomGenerator(seed: 11)
        for _ in 0..<rows {
            text += (0..<20).map { _ in String((random.normal() * 1e4).rounded() / 1e3) }.joined(separator: ",") + "\n"
        }
        bytes = Array(text.utf8)
        path = FileManager.default.temporaryDirectory.appendingPathComponent("descent-csv-benchmark.csv").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }
    let configuration = Benchmark.Configuration(metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one,
                                                maxDuration: .seconds(5), thresholds: nil)
    Benchmark("CSV file read + encode 200k×20 (\(bytes.count) bytes)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let table = try CSVReader.read(contentsOf: path)
            blackHole(try Dataset(table: table).rowCount)
        }
    }
    Benchmark("CSV parse from memory 200k×20 (\(bytes.count) bytes)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try CSVReader.parse(bytes: bytes, source: "bench.csv").rowCount)
        }
    }
}
