import Descent
import Foundation

/// The results file of a search, JSON Lines: read at the start (finished trials are skipped) and
/// appended one line per trial as it ends, each line written whole with one write(2) and synced,
/// so a killed search keeps every finished trial.
final class SearchResultsFile: @unchecked Sendable {
    /// The path.
    let path: String
    /// The records already in the file.
    let existing: [TrialResult]
    private let handle: FileHandle
    private let lock = NSLock()

    /// Opens `path` for appending, creating it; a partial last line (a search killed mid-write)
    /// is cut off first.
    init(path: String) throws {
        self.path = path
        if let data = FileManager.default.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self)
            existing = try TrialResult.records(inText: text, file: path)
            if let last = data.last, last != UInt8(ascii: "\n") {
                let keep = data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
                guard truncate(path, off_t(keep)) == 0 else {
                    throw FileError.cannotWrite(path: path, reason: FileError.reason(errno: errno))
                }
            }
        } else {
            existing = []
            let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw FileError.cannotWrite(path: path, reason: FileError.reason(errno: errno)) }
            close(descriptor)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw FileError.cannotWrite(path: path, reason: FileError.reason(errno: access(path, W_OK) == 0 ? EIO : errno))
        }
        self.handle = handle
        handle.seekToEndOfFile()
    }

    /// Appends `result` as one line and syncs it to disk.
    func append(_ result: TrialResult) throws {
        try lock.withLock {
            do {
                try handle.write(contentsOf: Data((result.jsonLine + "\n").utf8))
                try handle.synchronize()
            } catch {
                throw FileError.cannotWrite(path: path, reason: "\(error)")
            }
        }
    }

    /// Appends `line` and a newline to the file at `path` (created if absent) with one write, synced.
    static func appendLine(_ line: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileError.cannotWrite(path: path, reason: FileError.reason(errno: errno)) }
        defer { close(descriptor) }
        let data = Data((line + "\n").utf8)
        let code = DescriptorIO.writeAll(data, to: descriptor)
        guard code == 0, fsync(descriptor) == 0 else { throw FileError.cannotWrite(path: path, reason: FileError.reason(errno: code == 0 ? errno : code)) }
    }

    /// Reads the records of several files, for `merge`.
    static func read(_ paths: [String]) throws -> [[TrialResult]] {
        try paths.map { path in
            if let reason = DescriptorIO.unreadableReason(path) { throw FileError.cannotRead(path: path, reason: reason) }
            guard let data = FileManager.default.contents(atPath: path) else { throw FileError.cannotRead(path: path, reason: "read failed") }
            return try TrialResult.records(inText: String(decoding: data, as: UTF8.self), file: path)
        }
    }

    deinit { try? handle.close() }
}
