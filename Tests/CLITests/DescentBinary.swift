import Foundation

/// Runs the built `descent` executable, which sits beside the test bundle in the build folder.
enum DescentBinary {
    /// The path of the built binary: `DESCENT_BINARY` when set, else next to the test runner.
    static var url: URL {
        if let path = ProcessInfo.processInfo.environment["DESCENT_BINARY"] { return URL(fileURLWithPath: path) }
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("descent")
    }

    /// What one run printed and how it ended.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `descent arguments…` with `environment` added to (or, with nil values, removed from)
    /// this process's environment, in `directory`, and waits for it.
    static func run(_ arguments: [String], environment: [String: String?] = [:], in directory: URL? = nil) throws -> Result {
        try run(executable: url, arguments, environment: environment, in: directory)
    }

    /// Runs `executable arguments…` the same way (the tests' other tools: scripts, Slurm commands).
    static func run(executable: URL, _ arguments: [String], environment: [String: String?] = [:], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a chatty child cannot fill a pipe and block.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
