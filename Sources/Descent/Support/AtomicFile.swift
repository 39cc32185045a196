#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Errors writing or reading files, naming the path and the system's reason (strerror of errno).
public enum FileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be written.
    case cannotWrite(path: String, reason: String)
    /// The file could not be read.
    case cannotRead(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "\(path): cannot write: \(reason)"
        case let .cannotRead(path, reason): return "\(path): cannot read: \(reason)"
        }
    }

    /// The text of an errno value, e.g. "No space left on device (ENOSPC)".
    public static func reason(errno code: Int32) -> String {
        let names: [Int32: String] = [EACCES: "EACCES", ENOSPC: "ENOSPC", EISDIR: "EISDIR", ENOENT: "ENOENT", ENOTDIR: "ENOTDIR",
                                      EROFS: "EROFS", EPERM: "EPERM", EDQUOT: "EDQUOT", EIO: "EIO", EPIPE: "EPIPE", EFBIG: "EFBIG"]
        let text = String(cString: strerror(code))
        return names[code].map { "\(text) (\($0))" } ?? text
    }
}

/// Writes files so that readers only ever see the old or the new content: the bytes go to a temporary
/// file in the same directory, are flushed to disk, and the temporary is renamed over the target
/// (rename is atomic within one file system). A crash or Ctrl-C mid-write leaves the old file intact.
///
/// Files that belong together (a model and its resume state) are written with `stage` for each
/// and one `commit`: every temporary is complete before the first rename.
public enum AtomicFile {
    /// A complete temporary file waiting to be renamed over its target.
    public struct Staged: Sendable {
        /// The file it will become.
        public let path: String
        /// The temporary beside it.
        public let temporary: String
    }

    nonisolated(unsafe) private static var counter = 0
    private static let counterLock = NSLock()

    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws(FileError) {
        try commit([stage(data, to: path)])
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws(FileError) {
        try write(Data(text.utf8), to: path)
    }

    /// Writes `data` to a temporary beside `path`, flushed to disk; `commit` puts it in place.
    public static func stage(_ data: Data, to path: String) throws(FileError) -> Staged {
        let url = URL(fileURLWithPath: path)
        let number = counterLock.withLock { counter += 1; return counter }
        let temporary = url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(number)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: FileError.reason(errno: errno)) }
        var failure = DescriptorIO.writeAll(data, to: descriptor)
        if failure == 0 && fsync(descriptor) != 0 && errno != EINVAL { failure = errno }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw .cannotWrite(path: path, reason: FileError.reason(errno: failure))
        }
        return Staged(path: path, temporary: temporary)
    }

    /// Renames every staged temporary over its target, in order; on a failure the temporaries not
    /// yet renamed are removed.
    public static func commit(_ staged: [Staged]) throws(FileError) {
        for (index, file) in staged.enumerated() where rename(file.temporary, file.path) != 0 {
            let reason = FileError.reason(errno: errno)
            for rest in staged[index...] { unlink(rest.temporary) }
            throw .cannotWrite(path: file.path, reason: reason)
        }
    }

    /// Removes staged temporaries that will not be committed.
    public static func discard(_ staged: [Staged]) {
        for file in staged { unlink(file.temporary) }
    }
}

/// Whole writes to a file descriptor, retrying short writes and EINTR.
public enum DescriptorIO {
    /// Writes every byte of `data` to `descriptor`; returns 0, or the errno of the failed write.
    public static func writeAll(_ data: Data, to descriptor: Int32) -> Int32 {
        data.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.baseAddress else { return 0 }
            var offset = 0
            while offset < raw.count {
                #if canImport(Glibc)
                let written = Glibc.write(descriptor, base + offset, raw.count - offset)
                #else
                let written = Darwin.write(descriptor, base + offset, raw.count - offset)
                #endif
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
    }

    /// Why `path` cannot be opened for reading ("No such file or directory (ENOENT)"), or nil when it can.
    public static func unreadableReason(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return FileError.reason(errno: errno) }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { return FileError.reason(errno: EISDIR) }
        return nil
    }
}
