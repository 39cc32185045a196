import ArgumentParser
import Descent
import Foundation
import Linalg

/// The exit codes of `descent`, following sysexits.h where one fits.
enum ExitStatus {
    /// Success.
    static let success: Int32 = 0
    /// A failure that is neither usage nor data (I/O, numerical breakdown).
    static let failure: Int32 = 1
    /// Training diverged (non-finite loss or gradient); the last good checkpoint was kept.
    static let diverged: Int32 = 3
    /// A bad flag or argument (EX_USAGE).
    static let usage: Int32 = 64
    /// Bad input data (EX_DATAERR).
    static let data: Int32 = 65
    /// Stopped by Ctrl-C (128 + SIGINT).
    static let interrupted: Int32 = 130
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
/// code that fits: 64 for usage, 65 for data, 1 otherwise.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch let error as InputFileError {
        Diagnostics.print("descent: \(error)")
        throw ExitCode(error.underlying.category == .usage ? ExitStatus.usage : ExitStatus.data)
    } catch let error as DataError {
        Diagnostics.print("descent: \(error)")
        throw ExitCode(error.category == .usage ? ExitStatus.usage : ExitStatus.data)
    } catch let error as CLIUsageError {
        Diagnostics.print("descent: \(error)")
        throw ExitCode(ExitStatus.usage)
    } catch let error as LinalgError {
        Diagnostics.print("descent: \(error)")
        throw ExitCode(ExitStatus.failure)
    } catch let error as FileError {
        Diagnostics.print("descent: \(error)")
        throw ExitCode(ExitStatus.failure)
    } catch let error as CheckpointError {
        Diagnostics.print("descent: \(error)")
        throw ExitCode(ExitStatus.data)
    } catch let error as SafeTensorsError {
        Diagnostics.print("descent: \(error)")
        throw ExitCode(ExitStatus.data)
    } catch {
        Diagnostics.print("descent: \(error)")
        throw ExitCode(ExitStatus.failure)
    }
}

/// A data error about a whole file (single class, too few rows) with the file's name added, so
/// every message names its place.
struct InputFileError: Error, CustomStringConvertible {
    /// The file.
    var path: String
    /// What is wrong with it.
    var underlying: DataError

    var description: String {
        let text = underlying.description
        return text.contains(path) ? text : "\(path): \(text)"
    }

    /// Runs `body`, naming `path` in any data error it throws.
    static func naming<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DataError {
            throw InputFileError(path: path, underlying: error)
        }
    }
}

/// A usage error found after parsing (a flag value that only makes sense against the data).
struct CLIUsageError: Error, CustomStringConvertible {
    /// What is wrong, naming the flag.
    var description: String
}
