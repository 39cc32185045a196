import Foundation
@testable import Descent

/// Writes fixture files into a fresh temporary directory for one test.
struct FixtureDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` and returns its path.
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes `text` as UTF-8 to `name` and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }
}

/// Runs `body` and returns the `DataError` it throws, or nil.
func dataError<T>(_ body: () throws(DataError) -> T) -> DataError? {
    do { _ = try body(); return nil } catch { return error }
}

/// A 3-class table sorted by class (like iris): 50 rows each, features f0 = row, f1 = 2·row.
func sortedThreeClassCSV(perClass: Int = 50) -> String {
    var text = "f0,f1,species\n"
    for (label, name) in ["setosa", "versicolor", "virginica"].enumerated() {
        for index in 0..<perClass {
            let row = label * perClass + index
            text += "\(row),\(2 * row),\(name)\n"
        }
    }
    return text
}

/// SplitMix64: a small seeded generator so the generated cases are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
