import Foundation

/// The output of a child process, read from both pipes at once (standard error on another thread)
/// so a chatty child cannot fill one pipe and block while we wait on the other.
enum ChildOutput {
    /// Reads `out` and `err` to their ends, then waits for `process` to exit.
    static func collect(_ process: Process, out: Pipe, err: Pipe) -> (stdout: Data, stderr: Data) {
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (outputData, errorData)
    }
}
