import ArgumentParser
import Descent
import Foundation
import Linalg

/// The exit codes of `descent`, following sysexits.h where one fits. This is the one place they are
/// defined; `table` is what `descent --help` and the README show.
enum ExitStatus {
    /// Success.
    static let success: Int32 = 0
    /// A failure that is neither usage, data nor I/O (a numerical breakdown; a search with failed trials).
    static let failure: Int32 = 1
    /// Training diverged (non-finite loss or gradient); the last good checkpoint was kept.
    static let diverged: Int32 = 3
    /// A bad flag or argument, an output path that would destroy a file, a size over the memory available (EX_USAGE).
    static let usage: Int32 = 64
    /// Bad or missing input: a data or model file that is absent, unreadable or malformed (EX_DATAERR).
    static let data: Int32 = 65
    /// A write failed — a file or standard output (EX_IOERR).
    static let ioError: Int32 = 74
    /// Stopped by Ctrl-C (128 + SIGINT), after writing the checkpoint.
    static let interrupted: Int32 = 130
    /// Stopped by SIGTERM (128 + SIGTERM), after writing the checkpoint.
    static let terminated: Int32 = 143

    /// Every code and its meaning, in order.
    static let table: [(code: Int32, meaning: String)] = [
        (success, "success"),
        (failure, "failure: a numerical breakdown, or a search in which no trial finished or some failed"),
        (diverged, "training diverged (non-finite loss); the last good checkpoint is kept"),
        (usage, "usage: a bad flag, an output path equal to an input, another output or a directory, or a size over the memory available"),
        (data, "bad input: a data or model file that is missing, unreadable or malformed"),
        (ioError, "a write failed (file or standard output: disk full, permission, closed pipe), with the system's reason"),
        (interrupted, "interrupted by Ctrl-C (SIGINT); model, resume state and history written first"),
        (terminated, "terminated by SIGTERM (as a scheduler sends); model, resume state and history written first"),
    ]

    /// The table as text: "  code  meaning", each meaning wrapped under itself to fit 80 columns.
    static var tableText: String {
        table.map { "  \(String($0.code).leftPadded(to: 3))  " + wrapped($0.meaning, width: 72, indent: 7) }.joined(separator: "\n")
    }

    /// `text` broken at spaces into lines of at most `width` characters, the later ones indented by `indent` spaces.
    static func wrapped(_ text: String, width: Int, indent: Int) -> String {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width - indent { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n" + String(repeating: " ", count: indent))
    }
}

/// Diagnostics go to standard error, never standard output (which carries results).
enum Diagnostics {
    /// Writes `message` and a newline to standard error.
    static func print(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Whether standard error is a terminal (progress bars are shown only then).
    static var isTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}

/// Runs a command body, turning Descent's typed errors into a message on standard error and the exit
/// code that fits (`ExitStatus.table`): 64 usage, 65 data, 74 a failed write, 1 otherwise.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        Diagnostics.print("descent: \(ErrorAdvice.message(for: error))")
        throw ExitCode(exitStatus(for: error))
    }
}

/// The exit code of a typed error: its category where it has one (usage 64, data 65, a failed
/// write 74), 1 for a numerical breakdown or anything unknown.
func exitStatus(for error: Error) -> Int32 {
    switch error {
    case let error as InputFileError: return error.underlying.category == .usage ? ExitStatus.usage : ExitStatus.data
    case let error as DataError: return error.category == .usage ? ExitStatus.usage : ExitStatus.data
    case is CLIUsageError, is ResourceError, is PreparationError, is TrainingRunError: return ExitStatus.usage
    case let error as FileError:
        if case .cannotRead = error { return ExitStatus.data }
        return ExitStatus.ioError
    case let error as OutputPathError: return error.isUsage ? ExitStatus.usage : ExitStatus.ioError
    case is CheckpointPairError, is CheckpointError, is SafeTensorsError: return ExitStatus.data
    default: return ExitStatus.failure
    }
}

/// A usage error found after parsing (a flag value that only makes sense against the data).
struct CLIUsageError: Error, CustomStringConvertible {
    /// What is wrong, naming the flag.
    var description: String
}

/// The output check every command that writes makes first, with the flags as labels.
enum OutputCheck {
    /// Refuses (before any work) an output equal to an input, to another output or to a directory,
    /// and one that cannot be written now; nil paths are flags not given.
    static func verify(outputs: [(String, String?)], inputs: [(String, String?)]) throws {
        let outs = outputs.compactMap { label, path in path.map { LabeledPath($0, label: label) } }
        let ins = inputs.compactMap { label, path in path.map { LabeledPath($0, label: label) } }
        try OutputPaths.check(outputs: outs, inputs: ins)
    }
}
