/// A data error about a whole file (a single class, too few rows to split) with the file's name
/// added, so every message names its place.
public struct InputFileError: Error, CustomStringConvertible, Sendable {
    /// The file.
    public var path: String
    /// What is wrong with it.
    public var underlying: DataError

    /// A data error of the file at `path`.
    public init(path: String, underlying: DataError) {
        self.path = path
        self.underlying = underlying
    }

    /// The underlying message, prefixed with the path unless it names the file already.
    public var description: String {
        let text = underlying.description
        return text.contains(path) ? text : "\(path): \(text)"
    }

    /// Runs `body`, naming `path` in any data error it throws.
    public static func naming<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DataError {
            throw InputFileError(path: path, underlying: error)
        }
    }
}
