#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A file a command reads or writes, with the caller's name for it (such as "model", or "DATA"), used in errors.
public struct LabeledPath: Sendable, Equatable {
    /// The path as given.
    public var path: String
    /// What the caller calls it.
    public var label: String

    /// `path` called `label`.
    public init(_ path: String, label: String) {
        self.path = path
        self.label = label
    }
}

/// Why an output path was refused before any work.
public enum OutputPathError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The output is the same file as an input (after following links).
    case sameAsInput(output: LabeledPath, input: LabeledPath)
    /// Two outputs are the same file.
    case sameAsOutput(LabeledPath, LabeledPath)
    /// The output names a directory.
    case isDirectory(LabeledPath)
    /// The output cannot be created there; `reason` is the system's (EACCES, ENOSPC, ENOENT…).
    case notWritable(LabeledPath, reason: String)

    public var description: String {
        switch self {
        case let .sameAsInput(output, input):
            return "\(output.label) \(output.path) is the same file as \(input.label) \(input.path): writing it would destroy the input; choose another path"
        case let .sameAsOutput(first, second):
            return "\(first.label) \(first.path) and \(second.label) \(second.path) are the same file: one would overwrite the other; give each its own path"
        case let .isDirectory(output):
            return "\(output.label) \(output.path) is a directory: give a file name (e.g. \(output.path)/\(Self.example(output.label)))"
        case let .notWritable(output, reason):
            return "\(output.label) \(output.path): cannot write there: \(reason)"
        }
    }

    private static func example(_ label: String) -> String {
        label.contains("out") ? "model.safetensors" : label.contains("plot") ? "plot.svg" : "output.csv"
    }

    /// Whether the fault is in the paths given (usage) rather than in the file system.
    public var isUsage: Bool {
        if case .notWritable = self { return false }
        return true
    }
}

/// The one check every command that writes makes before any work: no output is an input, another
/// output or a directory (paths compared after resolving links, and by device and inode), and
/// every output's directory accepts a new file now.
public enum OutputPaths {
    /// Checks `outputs` against `inputs` and each other, then that each can be written.
    public static func check(outputs: [LabeledPath], inputs: [LabeledPath]) throws(OutputPathError) {
        for (index, output) in outputs.enumerated() {
            for input in inputs where sameFile(output.path, input.path) {
                throw .sameAsInput(output: output, input: input)
            }
            for other in outputs[..<index] where sameFile(output.path, other.path) {
                throw .sameAsOutput(other, output)
            }
        }
        for output in outputs { try probe(output) }
    }

    /// `path` with every symbolic link and `.`/`..` resolved; for a file that does not exist yet,
    /// its resolved directory and its name.
    public static func resolved(_ path: String) -> String {
        if let real = realPath(path) { return real }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        return (realPath(directory) ?? directory) + "/" + url.lastPathComponent
    }

    /// Whether `a` and `b` name one file: the same resolved path, or the same device and inode.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        if resolved(a) == resolved(b) { return true }
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    /// Creates and removes a temporary file beside `output`, and checks that the file system has
    /// free blocks, so a run fails now rather than after hours of training.
    static func probe(_ output: LabeledPath) throws(OutputPathError) {
        var info = stat()
        if stat(output.path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory(output) }
            if access(output.path, W_OK) != 0 { throw .notWritable(output, reason: FileError.reason(errno: errno)) }
        }
        let directory = URL(fileURLWithPath: output.path).deletingLastPathComponent().path
        var directoryInfo = stat()
        guard stat(directory, &directoryInfo) == 0 else {
            throw .notWritable(output, reason: "its directory \(directory): \(FileError.reason(errno: errno))")
        }
        guard (directoryInfo.st_mode & S_IFMT) == S_IFDIR else {
            throw .notWritable(output, reason: "\(directory): \(FileError.reason(errno: ENOTDIR))")
        }
        let temporary = directory + "/.descent-probe-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .notWritable(output, reason: FileError.reason(errno: errno)) }
        let failure = DescriptorIO.writeAll(Data([0x0A]), to: descriptor)
        close(descriptor)
        unlink(temporary)
        if failure != 0 { throw .notWritable(output, reason: FileError.reason(errno: failure)) }
        var space = statvfs()
        // Root may use the blocks reserved for it; others only the available ones.
        if statvfs(directory, &space) == 0 && (geteuid() == 0 ? space.f_bfree : space.f_bavail) == 0 {
            throw .notWritable(output, reason: FileError.reason(errno: ENOSPC))
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
