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
    /// The "cpu family" number (AMD Zen 3 and Zen 4: 25, Zen 5: 26; Intel: 6), nil when unknown.
    public var family: Int?

    /// Features from explicit values (tests, or other sources than /proc).
    public init(vendor: String, flags: Set<String>, family: Int? = nil) {
        self.vendor = vendor
        self.flags = flags
        self.family = family
    }

    /// Parses the text of `/proc/cpuinfo` (its first processor block is enough).
    public init(cpuinfo: String) {
        var vendor = ""
        var flags = Set<String>()
        var family: Int?
        for line in cpuinfo.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].filter { !$0.isWhitespace }
            let value = line[line.index(after: colon)...]
            if key == "vendor_id", vendor.isEmpty {
                vendor = value.filter { !$0.isWhitespace }
            } else if key == "flags", flags.isEmpty {
                flags = Set(value.split(separator: " ").map(String.init))
            } else if key == "cpufamily", family == nil {
                family = Int(value.filter { !$0.isWhitespace })
            }
        }
        self.init(vendor: vendor, flags: flags, family: family)
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
    /// AMD Zen 4: family 25 (which Zen 3 shares) with AVX-512, executed on 256-bit units in two halves.
    public var isZen4: Bool { vendor == "AuthenticAMD" && family == 25 && hasAVX512 }
}

/// Chooses OpenBLAS kernels when OpenBLAS's own choice is measurably wrong for the processor.
///
/// Debian's OpenBLAS 0.3.21 falls back to its generic "Prescott" kernels on CPUs newer than it
/// knows (Sapphire Rapids-class Xeons among them; fixed upstream in 0.3.25): SGEMM then runs ≈5×
/// slower (32 against 150–170 GFLOP/s, shared/PLATFORM.md). On AMD Zen 4 it picks its AVX-512
/// "Cooperlake" kernels (as upstream does), but Zen 4 runs 512-bit instructions in two 256-bit halves
/// and OpenBLAS's AVX2 "Haswell" kernels are faster there. Measured on an EPYC Zen 4, one thread,
/// Cooperlake → Haswell: SGEMM n = 1536 102–105 → 106–110 GFLOP/s; the 784-256-256-10 Float
/// training step 0.92 → 0.89 ms at batch 64 and 13.2 → 12.4 ms at 1024; a Double HVP 18.3–18.6 →
/// 17.2–17.5 ms; the 5 059-parameter full spectrum 13.2–13.8 → 12.8 s; Lanczos `--top 1` on 94 503
/// parameters 0.51–0.52 → 0.49 s; two-stage eigenvalues level. Slower: DGEMM n = 1536 54 → 52
/// GFLOP/s and `dsyevd` with eigenvectors at n = 3 000 4.2 → 4.5–4.8 s. OpenBLAS reads
/// `OPENBLAS_CORETYPE` only when it loads, so the fix is to start the process again with it set.
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

    /// The AVX-512 families OpenBLAS chooses for a Zen 4 on its own.
    public static let avx512Cores: Set<String> = ["SkylakeX", "Cooperlake", "SapphireRapids"]

    /// The kernel family to force, or nil when OpenBLAS's own choice should stand: "Haswell" on a
    /// Zen 4 that got a generic or an AVX-512 family; otherwise only when the detected family is
    /// generic while the CPU has AVX-512 (→ "Cooperlake" with BF16, else "SkylakeX") or AVX2+FMA
    /// (→ "Zen" on AMD, "Haswell" otherwise).
    public static func suggestedCoreType(detectedCore: String, cpu: CPUFeatures) -> String? {
        let detected = detectedCore.lowercased()
        let generic = Set(genericCores.map { $0.lowercased() }).contains(detected)
        if cpu.isZen4 && (generic || Set(avx512Cores.map { $0.lowercased() }).contains(detected)) { return "Haswell" }
        guard generic else { return nil }
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
