#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What a memory estimate is for, with the sizes that drive it (the CLI names the flag from it).
public enum MemoryUse: Sendable, Equatable {
    /// A network of `parameters` trained with workspaces for `batchSize` rows.
    case network(parameters: Int, batchSize: Int)
    /// A dense n×n Double Hessian.
    case hessian(parameters: Int)
    /// A Lanczos basis of `vectors` Double vectors of length `dimension`.
    case lanczosBasis(vectors: Int, dimension: Int)
    /// `count` worker processes of `bytesEach` each.
    case processes(count: Int, bytesEach: Int)
}

extension MemoryUse: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .network(parameters, batchSize):
            return "training a network of \(parameters == .max ? "more than 2⁶³" : String(parameters)) parameters with batches of \(batchSize) rows"
        case let .hessian(n):
            return "the full \(n)×\(n) Hessian in Double"
        case let .lanczosBasis(vectors, dimension):
            return "a Lanczos basis of \(vectors) vectors of \(dimension) doubles"
        case let .processes(count, bytesEach):
            return "\(count) processes of about \(MemoryBudget.format(bytesEach)) each"
        }
    }
}

/// A size derived from input that does not fit in the memory available.
public enum ResourceError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `bytesNeeded` (`Int.max` when the size product overflows) exceeds `bytesAvailable`.
    case insufficientMemory(use: MemoryUse, bytesNeeded: Int, bytesAvailable: Int)

    public var description: String {
        switch self {
        case let .insufficientMemory(use, needed, available):
            return "\(use) needs \(MemoryBudget.format(needed)), but \(MemoryBudget.format(available)) are available"
        }
    }
}

/// Sizes in bytes, computed without overflow, and the memory this machine has free.
///
/// Every allocation whose size comes from input is estimated with these before it is made, so an
/// absurd flag is refused with a number instead of ending the process in the allocator.
public enum MemoryBudget {
    /// ∏ factors, saturating at `Int.max` on overflow (negative factors count as 0).
    public static func product(_ factors: Int...) -> Int { product(factors) }

    /// ∏ factors, saturating at `Int.max` on overflow (negative factors count as 0).
    public static func product(_ factors: [Int]) -> Int {
        var result = 1
        for factor in factors {
            let (next, overflow) = result.multipliedReportingOverflow(by: max(0, factor))
            if overflow { return .max }
            result = next
        }
        return result
    }

    /// Σ terms, saturating at `Int.max` on overflow.
    public static func sum(_ terms: [Int]) -> Int {
        var result = 0
        for term in terms {
            let (next, overflow) = result.addingReportingOverflow(max(0, term))
            if overflow { return .max }
            result = next
        }
        return result
    }

    /// The memory available for new allocations: `MemAvailable` of /proc/meminfo (Linux: free
    /// memory plus reclaimable cache), else `sysconf(_SC_AVPHYS_PAGES)·pagesize`, else physical memory.
    public static func availableBytes() -> Int {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
            return product(kilobytes, 1024)
        }
        #if os(Linux)
        let pages = sysconf(Int32(_SC_AVPHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && pageSize > 0 { return product(pages, pageSize) }
        #endif
        return Int(clamping: ProcessInfo.processInfo.physicalMemory)
    }

    /// Throws `ResourceError.insufficientMemory` when `bytes` exceed `available`.
    public static func check(_ bytes: Int, for use: MemoryUse, available: Int = availableBytes()) throws(ResourceError) {
        if bytes > available { throw .insufficientMemory(use: use, bytesNeeded: bytes, bytesAvailable: available) }
    }

    /// "40.0 GB", "512 MB", "more than 9.2 EB (the size overflows)": decimal units, three digits.
    public static func format(_ bytes: Int) -> String {
        if bytes == .max { return "more than 9.2 EB (the size overflows 64 bits)" }
        let units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(bytes), unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) bytes" : String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + units[unit]
    }
}
