import Foundation

/// Errors writing or reading files, naming the path.
public enum FileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be written (directory missing, permission, disk full…).
    case cannotWrite(path: String, reason: String)
    /// The file could not be read.
    case cannotRead(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "\(path): cannot write: \(reason)"
        case let .cannotRead(path, reason): return "\(path): cannot read: \(reason)"
        }
    }
}

/// Writes files so that readers only ever see the old or the new content: the bytes go to a temporary
/// file in the same directory, are flushed to disk, and the temporary is renamed over the target
/// (rename is atomic within one file system). A crash or Ctrl-C mid-write leaves the old file intact.
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            let reason = FileManager.default.fileExists(atPath: directory) ? "permission denied or disk full" : "no directory \(directory)"
            throw FileError.cannotWrite(path: path, reason: reason)
        }
        let descriptor = open(temporary, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw FileError.cannotWrite(path: path, reason: reason)
        }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
