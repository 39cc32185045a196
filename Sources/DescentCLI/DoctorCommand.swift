import ArgumentParser
import Descent
import Foundation
import Linalg

/// `descent doctor`: what BLAS Descent runs on, and whether its kernels compute right.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Show the OpenBLAS build, kernel family, threads, Descent's kernel set and CPU features.",
        discussion: """
        OpenBLAS picks its kernels for the CPU when it loads. Debian's 0.3.21 does not know some recent \
        CPUs and falls back to generic "Prescott" kernels, about 5× slower; Descent then restarts itself \
        with OPENBLAS_CORETYPE set to the matching family (SkylakeX, Cooperlake, Haswell or Zen). On an \
        AMD Zen 4 it restarts with Haswell: OpenBLAS's AVX2 kernels beat its AVX-512 ones on Zen 4's \
        split 512-bit units. It never overrides an OPENBLAS_CORETYPE you set yourself.

        Descent's own elementwise kernels (optimizer updates, activations, losses, BatchNorm) are built \
        for several instruction-set levels and the best one this CPU runs is chosen when the program \
        loads: "kernels" names it (x86-64-v4, x86-64-v3 or generic), "kernels_supported" lists all that \
        run here. Every set gives the same bits. DESCENT_KERNELS=generic (or x86-64-v3, x86-64-v4) picks \
        a set for a run, e.g. to compare their speed; a set this CPU cannot run is ignored.

        Examples:
          descent doctor
          descent doctor --json
          # the kernel check on OpenBLAS's generic kernels:
          OPENBLAS_CORETYPE=Prescott descent doctor --check-kernels
          # the benchmark on Descent's baseline kernels:
          DESCENT_KERNELS=generic descent bench --quick
        """
    )

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "Print only the kernel family Descent selects for this machine (empty when OpenBLAS's own choice stands).")
    var suggestedCoretype = false

    @Flag(help: "Compute a fixed GEMM, symmetric eigenvalues and singular values and print them as JSON, to compare kernels.")
    var checkKernels = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let selected = environment[KernelSelection.selectedMarkerVariable]
        if suggestedCoretype {
            try StandardOutput.line(selected ?? KernelSelection.suggestedCoreTypeForThisMachine() ?? "")
            return
        }
        if checkKernels {
            try StandardOutput.line(try KernelCheck.run().jsonText)
            return
        }
        let report = DoctorReport(environment: environment)
        if json {
            try StandardOutput.line(try report.jsonLine())
        } else {
            for (key, value) in report.lines {
                try StandardOutput.line("\(key.padding(toLength: 26, withPad: " ", startingAt: 0)) \(value ?? "-")")
            }
        }
    }
}

/// What `descent doctor` reports: the build, the OpenBLAS kernels and threads in use, Descent's
/// elementwise kernel set and the CPU features they were chosen from. `--json` prints it as one
/// line of type "doctor"; a value not set is null.
struct DoctorReport: JSONRecord {
    let type = "doctor"
    var version: String
    var openblas: String
    var core: String
    @JSONNullable var coreSelectedByDescent: String?
    @JSONNullable var coreFromEnvironment: String?
    var threads: Int
    var kernels: String
    var kernelsSupported: String
    @JSONNullable var kernelsFromEnvironment: String?
    var cpuVendor: String
    var cpuAvx2: Bool
    var cpuAvx512: Bool

    /// The report for this process and its `environment`.
    init(environment: [String: String]) {
        let cpu = CPUFeatures.current()
        let selected = environment[KernelSelection.selectedMarkerVariable]
        version = DescentVersion.versionString
        openblas = OpenBLASRuntime.configuration
        core = OpenBLASRuntime.coreName
        coreSelectedByDescent = selected
        coreFromEnvironment = selected == nil ? environment[KernelSelection.coreTypeVariable] : nil
        threads = OpenBLASRuntime.threadCount
        kernels = KernelSet.active.rawValue
        kernelsSupported = KernelSet.supported.map(\.rawValue).joined(separator: ",")
        kernelsFromEnvironment = environment[KernelSet.environmentVariable]
        cpuVendor = cpu.vendor
        cpuAvx2 = cpu.hasAVX2
        cpuAvx512 = cpu.hasAVX512
    }

    /// The text form: one (key, value) line each, nil for a value not set.
    var lines: [(String, String?)] {
        [("version", version), ("openblas", openblas), ("core", core),
         ("core_selected_by_descent", coreSelectedByDescent), ("core_from_environment", coreFromEnvironment),
         ("threads", String(threads)), ("kernels", kernels), ("kernels_supported", kernelsSupported),
         ("kernels_from_environment", kernelsFromEnvironment), ("cpu_vendor", cpuVendor),
         ("cpu_avx2", String(cpuAvx2)), ("cpu_avx512", String(cpuAvx512))]
    }
}

extension DescentVersion {
    /// The version line also printed by `descent --version`.
    static var versionString: String { DescentCommand.versionText }
}
