import Foundation
import Testing

/// Files and folders the CLI tests use.
enum CLITestSupport {
    /// The repository root (two levels above this file's folder).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A bundled example data set, e.g. "iris.csv".
    static func example(_ name: String) -> String { repositoryRoot.appendingPathComponent("examples/\(name)").path }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `name` in `directory` and returns the path.
    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The last line of `text` parsed as a JSON object.
    static func lastJSONObject(_ text: String) throws -> [String: Any] {
        let line = text.split(separator: "\n").last.map(String.init) ?? ""
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw CLITestFailure(message: "not a JSON object: \(line)")
        }
        return object
    }

    /// A history CSV without its timing columns (seconds, samples_per_second: the last two).
    static func historyWithoutTiming(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast(2).joined(separator: ",") }
            .joined(separator: "\n")
    }
}

/// A test precondition that did not hold.
struct CLITestFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
