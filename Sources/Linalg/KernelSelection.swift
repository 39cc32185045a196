#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The processor as `/proc/cpuinfo` describes it: what OpenBLAS's kernel choice depends on.
public struct CPUFeatures: Sendable, Equatable {
    /// "GenuineIntel", "AuthenticAMD", … (empty when unknown).
    public var vendor: String
    /// The instruction-set flags, e.g. "avx2", "fma", "avx512f".
    public var flags: Set<String>

    /// Features from explicit values (tests, or other sources than /proc).
    public init(vendor: String, flags: Set<String>) {
        self.vendor = vendor
        self.flags = flags
    }

    /// Parses the text of `/proc/cpuinfo` (its first processor block is enough).
    public init(cpuinfo: String) {
        var vendor = ""
        var flags = Set<String>()
        for line in cpuinfo.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].filter { !$0.isWhitespace }
            let value = line[line.index(after: colon)...]
            if key == "vendor_id", vendor.isEmpty {
                vendor = value.filter { !$0.isWhitespace }
            } else if key == "flags", flags.isEmpty {
                flags = Set(value.split(separator: " ").map(String.init))
            }
        }
        self.init(vendor: vendor, flags: flags)
    }

    /// This machine's features, from `/proc/cpuinfo`; empty where that file does not exist.
    public static func current() -> CPUFeatures {
        guard let file = fopen("/proc/cpuinfo", "r") else { return CPUFeatures(vendor: "", flags: []) }
        defer { fclose(file) }
        var text = ""
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        while getline(&line, &capacity, file) > 0, let line {
            let piece = String(cString: line)
            if piece.hasPrefix("processor"), !text.isEmpty { break }  // the first block is enough
            text += piece
        }
        free(line)
        return CPUFeatures(cpuinfo: text)
    }

    /// AVX-512 foundation, with the byte/word, doubleword/quadword and vector-length extensions that
    /// OpenBLAS's SkylakeX kernels use.
    public var hasAVX512: Bool { ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains) }
    /// AVX2 with FMA3, what OpenBLAS's Haswell and Zen kernels use.
    public var hasAVX2: Bool { flags.contains("avx2") && flags.contains("fma") }
}

/// Chooses OpenBLAS kernels when OpenBLAS itself does not recognise the processor.
///
/// Debian's OpenBLAS 0.3.21 falls back to its generic "Prescott" kernels on CPUs newer than it
/// knows (Sapphire Rapids-class Xeons among them; fixed upstream in 0.3.25): SGEMM then runs ≈5×
/// slower (32 against 150–170 GFLOP/s, shared/PLATFORM.md). OpenBLAS reads `OPENBLAS_CORETYPE` only
/// when it loads, so the fix is to start the process again with the variable set.
public enum KernelSelection {
    /// The variable OpenBLAS (a DYNAMIC_ARCH build) reads at load time to force a kernel family.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"
    /// Set by Descent in the re-executed process, so that it never re-executes twice.
    public static let selectedMarkerVariable = "DESCENT_SELECTED_CORETYPE"

    /// Kernel families without AVX2 code: OpenBLAS's fallbacks for processors it does not know.
    public static let genericCores: Set<String> = [
        "Prescott", "Katmai", "Coppermine", "Northwood", "Banias", "Core2", "Penryn", "Dunnington",
        "Nehalem", "Atom", "Opteron", "Opteron_SSE3", "Barcelona", "Bobcat", "Unknown",
    ]

    /// The kernel family to force, or nil when OpenBLAS's own choice should stand: only when the
    /// detected family is generic while the CPU has AVX-512 (→ "Cooperlake" with BF16, else
    /// "SkylakeX") or AVX2+FMA (→ "Zen" on AMD, "Haswell" otherwise).
    public static func suggestedCoreType(detectedCore: String, cpu: CPUFeatures) -> String? {
        let lowered = Set(genericCores.map { $0.lowercased() })
        guard lowered.contains(detectedCore.lowercased()) else { return nil }
        if cpu.hasAVX512 { return cpu.flags.contains("avx512_bf16") ? "Cooperlake" : "SkylakeX" }
        if cpu.hasAVX2 { return cpu.vendor == "AuthenticAMD" ? "Zen" : "Haswell" }
        return nil
    }

    /// The suggestion for this process's OpenBLAS and this machine's CPU, ignoring the environment.
    public static func suggestedCoreTypeForThisMachine() -> String? {
        suggestedCoreType(detectedCore: OpenBLASRuntime.coreName, cpu: .current())
    }

    /// The kernel family to re-execute with, or nil when the process should go on as it is: the user
    /// or the machine already set `OPENBLAS_CORETYPE` (never overridden), this process is already the
    /// re-executed one, or OpenBLAS's own choice is fine.
    public static func coreTypeToApply(environment: [String: String], detectedCore: String, cpu: CPUFeatures) -> String? {
        if environment[coreTypeVariable] != nil || environment[selectedMarkerVariable] != nil { return nil }
        return suggestedCoreType(detectedCore: detectedCore, cpu: cpu)
    }

    /// Re-executes the running program (`/proc/self/exe`, same arguments) with `OPENBLAS_CORETYPE`
    /// set when `coreTypeToApply` says so. Returns only when no re-execution happened (nothing to
    /// do, or `execv` failed, in which case the process simply goes on with the generic kernels).
    public static func reexecuteWithBetterKernelsIfNeeded(environment: [String: String]) {
        guard let core = coreTypeToApply(environment: environment, detectedCore: OpenBLASRuntime.coreName, cpu: .current())
        else { return }
        setenv(coreTypeVariable, core, 1)
        setenv(selectedMarkerVariable, core, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when execv failed: undo, and run on the generic kernels.
        unsetenv(coreTypeVariable)
    }
}
