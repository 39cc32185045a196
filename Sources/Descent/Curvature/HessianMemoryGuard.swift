#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Decides whether a dense n×n Double Hessian may be built: it may take at most `fraction` of
/// physical memory (a quarter by default), i.e. 8·n² ≤ fraction·M, n ≤ ⌊√(fraction·M/8)⌋.
///
/// The analysis holds more than the matrix at its peak: `SymmetricEigen` and `SingularValues` each
/// work on a copy, and `dsyevd` with eigenvectors needs 1 + 6n + 2n² more doubles; with the default
/// quarter the peak stays below physical memory.
public struct HessianMemoryGuard: Sendable, Equatable {
    /// The bytes the Hessian may take.
    public var bytesAllowed: Int

    /// A guard allowing `fraction` of `physicalMemory` bytes (default: this machine's, see
    /// `physicalMemoryBytes()`).
    public init(fraction: Double = 0.25, physicalMemory: Int = HessianMemoryGuard.physicalMemoryBytes()) {
        bytesAllowed = Int(Double(physicalMemory) * fraction)
    }

    /// A guard allowing exactly `bytesAllowed` bytes.
    public init(bytesAllowed: Int) {
        self.bytesAllowed = bytesAllowed
    }

    /// A guard allowing exactly `maximumParameters` parameters (a dense n×n Hessian of Doubles takes 8·n² bytes).
    public init(maximumParameters: Int) {
        bytesAllowed = HessianMemoryGuard.bytes(parameters: maximumParameters)
    }

    /// The largest n with 8·n² ≤ `bytesAllowed`.
    public var maximumParameters: Int {
        var n = Int((Double(bytesAllowed) / 8).squareRoot())
        while n > 0 && HessianMemoryGuard.bytes(parameters: n) > bytesAllowed { n -= 1 }
        while HessianMemoryGuard.bytes(parameters: n + 1) <= bytesAllowed { n += 1 }
        return n
    }

    /// 8·n², the bytes of an n×n Double matrix (saturating at Int.max).
    public static func bytes(parameters n: Int) -> Int {
        let (square, overflow) = n.multipliedReportingOverflow(by: n)
        if overflow { return .max }
        let (result, overflow8) = square.multipliedReportingOverflow(by: 8)
        return overflow8 ? .max : result
    }

    /// Throws `CurvatureError.hessianTooLarge` naming the bytes needed when n parameters do not fit.
    public func check(parameters n: Int) throws(CurvatureError) {
        let needed = HessianMemoryGuard.bytes(parameters: n)
        if needed > bytesAllowed {
            throw .hessianTooLarge(parameters: n, bytesNeeded: needed, bytesAllowed: bytesAllowed, maximumParameters: maximumParameters)
        }
    }

    /// Physical memory in bytes: `sysconf(_SC_PHYS_PAGES)·sysconf(_SC_PAGESIZE)`, else `MemTotal`
    /// from /proc/meminfo, else Foundation's `physicalMemory`.
    public static func physicalMemoryBytes() -> Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && pageSize > 0 { return pages * pageSize }
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
           let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
            return kilobytes * 1024
        }
        return Int(ProcessInfo.processInfo.physicalMemory)
    }
}
