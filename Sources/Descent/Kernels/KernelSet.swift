import DescentKernels

/// One build of Descent's elementwise kernels (optimizer updates, activations, losses, bias and
/// BatchNorm loops), compiled for one instruction-set level. The package needs no compiler flag: every
/// set is in the binary and the best one the CPU supports is chosen once, when the library loads
/// (like numpy's and OpenBLAS's runtime dispatch). All sets return the same bits: they run the same
/// operations in the same order, without contracting a·b + c into FMA.
public enum KernelSet: String, CaseIterable, Sendable, Codable {
    /// The architecture's baseline: SSE2 on x86-64, NEON on aarch64. Runs on every CPU.
    case generic = "generic"
    /// x86-64-v3: AVX2, FMA, BMI2 (Intel Haswell and later, AMD Zen 1–3).
    case x86_64_v3 = "x86-64-v3"
    /// x86-64-v4: AVX-512 F, BW, CD, DQ, VL (Intel Skylake-X and later, AMD Zen 4).
    case x86_64_v4 = "x86-64-v4"

    /// The set the library chose for this CPU when it loaded: the best one it supports, or the one
    /// named by the environment variable `DESCENT_KERNELS` (a raw value) when the CPU supports it.
    public static var active: KernelSet {
        KernelSet(cValue: descent_kernels_active().pointee.set)
    }

    /// The environment variable that can name the set to use, e.g. `DESCENT_KERNELS=generic`.
    public static let environmentVariable = "DESCENT_KERNELS"

    /// The best set this CPU and this build can run.
    public static var best: KernelSet { supported.last ?? .generic }

    /// The sets this CPU and this build can run, baseline first.
    public static var supported: [KernelSet] { allCases.filter(\.isSupported) }

    /// Whether this build contains the set and this CPU (with its operating system) can run it.
    public var isSupported: Bool {
        descent_kernels_supported(cValue) != 0 && descent_kernels_table(cValue) != nil
    }

    @usableFromInline var cValue: descent_kernel_set {
        switch self {
        case .generic: return DESCENT_KERNELS_GENERIC
        case .x86_64_v3: return DESCENT_KERNELS_X86_64_V3
        case .x86_64_v4: return DESCENT_KERNELS_X86_64_V4
        }
    }

    init(cValue: descent_kernel_set) {
        switch cValue {
        case DESCENT_KERNELS_X86_64_V4: self = .x86_64_v4
        case DESCENT_KERNELS_X86_64_V3: self = .x86_64_v3
        default: self = .generic
        }
    }
}
