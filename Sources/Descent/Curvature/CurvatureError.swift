import Linalg

/// Errors of the curvature layer. Each carries what a user needs to change the request: the
/// memory a full Hessian would take, or the argument that cannot be used.
public enum CurvatureError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The n×n Double Hessian of `parameters` parameters needs `bytesNeeded` = 8·n² bytes, more than
    /// `bytesAllowed` (by default a quarter of physical memory, for `maximumParameters`).
    case hessianTooLarge(parameters: Int, bytesNeeded: Int, bytesAllowed: Int, maximumParameters: Int)
    /// An argument outside its domain, named.
    case invalidArgument(name: String, message: String)
    /// A BLAS/LAPACK failure underneath (e.g. a singular system in a Newton step).
    case linalg(LinalgError)

    public var description: String {
        switch self {
        case let .hessianTooLarge(parameters, needed, allowed, maximum):
            return "the full Hessian of \(parameters) parameters needs \(MemorySize.describe(bytes: needed)) "
                + "(\(parameters)×\(parameters) Double = \(needed) bytes), more than the \(MemorySize.describe(bytes: allowed)) allowed "
                + "(at most \(maximum) parameters)"
        case let .invalidArgument(name, message):
            return "\(name): \(message)"
        case let .linalg(error):
            return error.description
        }
    }
}

/// Byte counts for messages.
enum MemorySize {
    /// "1.5 GB", "512.0 MB", "300 bytes" (decimal units: 1 GB = 10⁹ bytes).
    static func describe(bytes: Int) -> String {
        let value = Double(bytes)
        for (unit, size) in [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)] where value >= size {
            let scaled = (value / size * 10).rounded() / 10
            return "\(scaled) \(unit)"
        }
        return "\(bytes) bytes"
    }
}

extension CurvatureError {
    /// Runs `body`, turning a `LinalgError` into `.linalg` (any other error into `.invalidArgument`).
    static func wrappingLinalg<T>(_ body: () throws -> T) throws(CurvatureError) -> T {
        do {
            return try body()
        } catch let error as LinalgError {
            throw .linalg(error)
        } catch {
            throw .invalidArgument(name: "linalg", message: "\(error)")
        }
    }
}
