import Benchmark
import Descent
import Linalg

/// CSV reading and encoding throughput: a generated 200 000 × 20 numeric table parsed from memory
/// (`CSVReader.parse`) and encoded (`Dataset(table:)`). Throughput is in rows; MB/s = rows/s × 174 bytes.
/// Compare with pandas `read_csv` on the same text (scripts/reference/csv_peer.py is not written yet).
func registerDataBenchmarks() {
    let rows = 200_000
    var text = (0..<20).map { "c\($0)" }.joined(separator: ",") + "\n"
    var random = RandomGenerator(seed: 11)
    for _ in 0..<rows {
        text += (0..<20).map { _ in String((random.normal() * 1e4).rounded() / 1e3) }.joined(separator: ",") + "\n"
    }
    let bytes = Array(text.utf8)
    let configuration = Benchmark.Configuration(metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one,
                                                maxDuration: .seconds(5), thresholds: nil)
    Benchmark("CSV parse + encode 200k×20 (\(bytes.count) bytes)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let table = try CSVReader.parse(bytes: bytes, source: "bench.csv")
            blackHole(try Dataset(table: table).rowCount)
        }
    }
}
