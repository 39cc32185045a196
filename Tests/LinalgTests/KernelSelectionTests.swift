import Testing
@testable import Linalg

@Suite("Choosing OpenBLAS kernels")
struct KernelSelectionTests {
    let sapphireRapids = CPUFeatures(vendor: "GenuineIntel", flags: ["avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_bf16"])
    let skylake = CPUFeatures(vendor: "GenuineIntel", flags: ["avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl"])
    let haswell = CPUFeatures(vendor: "GenuineIntel", flags: ["avx", "avx2", "fma"])
    let zen = CPUFeatures(vendor: "AuthenticAMD", flags: ["avx", "avx2", "fma"])
    let old = CPUFeatures(vendor: "GenuineIntel", flags: ["sse2", "avx"])
    let zen3 = CPUFeatures(vendor: "AuthenticAMD", flags: ["avx", "avx2", "fma"], family: 25)
    let zen4 = CPUFeatures(vendor: "AuthenticAMD", flags: ["avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_bf16"],
                           family: 25)
    let zen5 = CPUFeatures(vendor: "AuthenticAMD", flags: ["avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_bf16"],
                           family: 26)

    @Test("A generic core on a modern CPU gets the matching family")
    func suggestions() {
        #expect(KernelSelection.suggestedCoreType(detectedCore: "Prescott", cpu: sapphireRapids) == "Cooperlake")
        #expect(KernelSelection.suggestedCoreType(detectedCore: "Prescott", cpu: skylake) == "SkylakeX")
        #expect(KernelSelection.suggestedCoreType(detectedCore: "Prescott", cpu: haswell) == "Haswell")
        #expect(KernelSelection.suggestedCoreType(detectedCore: "Prescott", cpu: zen) == "Zen")
        #expect(KernelSelection.suggestedCoreType(detectedCore: "Prescott", cpu: old) == nil)
    }

    @Test("A Zen 4 runs the AVX2 Haswell kernels instead of OpenBLAS's AVX-512 ones; Zen 3 and Zen 5 keep OpenBLAS's choice")
    func zen4Haswell() {
        #expect(KernelSelection.suggestedCoreType(detectedCore: "Cooperlake", cpu: zen4) == "Haswell")
        #expect(KernelSelection.suggestedCoreType(detectedCore: "SkylakeX", cpu: zen4) == "Haswell")
        #expect(KernelSelection.suggestedCoreType(detectedCore: "Prescott", cpu: zen4) == "Haswell")
        #expect(KernelSelection.suggestedCoreType(detectedCore: "Haswell", cpu: zen4) == nil)
        #expect(KernelSelection.suggestedCoreType(detectedCore: "Zen", cpu: zen3) == nil)
        #expect(KernelSelection.suggestedCoreType(detectedCore: "Cooperlake", cpu: zen5) == nil)
        #expect(KernelSelection.coreTypeToApply(environment: ["OPENBLAS_CORETYPE": "Cooperlake"], detectedCore: "Cooperlake", cpu: zen4) == nil)
        #expect(KernelSelection.coreTypeToApply(environment: [:], detectedCore: "Cooperlake", cpu: zen4) == "Haswell")
    }

    @Test("A recognised core, or a variable the user set, is never overridden (the Zen 4 exception aside)")
    func neverOverride() {
        #expect(KernelSelection.suggestedCoreType(detectedCore: "Zen", cpu: zen) == nil)
        #expect(KernelSelection.suggestedCoreType(detectedCore: "SkylakeX", cpu: sapphireRapids) == nil)
        #expect(KernelSelection.suggestedCoreType(detectedCore: "Cooperlake", cpu: sapphireRapids) == nil)
        #expect(KernelSelection.coreTypeToApply(environment: ["OPENBLAS_CORETYPE": "Prescott"], detectedCore: "Prescott", cpu: skylake) == nil)
        #expect(KernelSelection.coreTypeToApply(environment: ["DESCENT_SELECTED_CORETYPE": "SkylakeX"], detectedCore: "Prescott", cpu: skylake) == nil)
        #expect(KernelSelection.coreTypeToApply(environment: [:], detectedCore: "Prescott", cpu: skylake) == "SkylakeX")
    }

    @Test("/proc/cpuinfo text parses into vendor, family and flags")
    func parsing() {
        let text = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nflags\t\t: fpu sse2 avx2 fma avx512f\n\nprocessor\t: 1\nflags\t: other\n"
        let cpu = CPUFeatures(cpuinfo: text)
        #expect(cpu.vendor == "GenuineIntel")
        #expect(cpu.family == 6)
        #expect(CPUFeatures(cpuinfo: "vendor_id\t: AuthenticAMD\n").family == nil)
        #expect(cpu.flags == ["fpu", "sse2", "avx2", "fma", "avx512f"])
        #expect(cpu.hasAVX2 && !cpu.hasAVX512)
    }

    @Test("Thread count from the flag, then DESCENT_THREADS; bad values name their source")
    func threads() throws {
        let before = OpenBLASRuntime.threadCount
        defer { OpenBLASRuntime.setThreadCount(before) }
        #expect(try OpenBLASRuntime.configureThreads(requested: 1, environment: ["DESCENT_THREADS": "2"]) == 1)
        #expect(try OpenBLASRuntime.configureThreads(requested: nil, environment: ["DESCENT_THREADS": "2"]) == 2)
        #expect(throws: LinalgError.invalidArgument(routine: "DESCENT_THREADS", message: "needs a whole number ≥ 1, got 'two'")) {
            try OpenBLASRuntime.configureThreads(requested: nil, environment: ["DESCENT_THREADS": "two"])
        }
        #expect(throws: LinalgError.self) { try OpenBLASRuntime.configureThreads(requested: 0, environment: [:]) }
        #expect(!OpenBLASRuntime.coreName.isEmpty)
    }
}
