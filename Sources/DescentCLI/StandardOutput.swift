import Descent
import Foundation

/// Results on standard output, every write checked: a failed write (a full disk, a closed pipe)
/// throws `FileError.cannotWrite` naming standard output and the system's reason, which
/// `reportingErrors` turns into exit 74 (EX_IOERR). Every command prints its results through this,
/// never through `print`, whose errors are lost in the C library's buffer.
enum StandardOutput {
    /// Writes `text` as it is, at once (unbuffered: epoch lines reach a pipe as they happen).
    static func write(_ text: String) throws {
        let failure = DescriptorIO.writeAll(Data(text.utf8), to: STDOUT_FILENO)
        if failure != 0 { throw FileError.cannotWrite(path: "standard output", reason: FileError.reason(errno: failure)) }
    }

    /// Writes `text` and a newline.
    static func line(_ text: String) throws {
        try write(text + "\n")
    }
}
