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
        with OPENBLAS_CORETYPE set to the matching family (SkylakeX, Cooperlake, Haswell or Zen). It \
        never overrides an OPENBLAS_CORETYPE you set yourself.

        Descent's own elementwise kernels (optimizer updates, activations, losses, BatchNorm) are built \
        for several instruction-set levels and the best one this CPU runs is chosen when the program \
        loads: "kernels" names it (x86-64-v4, x86-64-v3 or generic), "kernels_supported" lists all that \
        run here. Every set gives the same bits. DESCENT_KERNELS=generic (or x86-64-v3, x86-64-v4) picks \
        a set for a run, e.g. to compare their speed; a set this CPU cannot run is ignored.

        Examples:
          descent doctor
          descent doctor --json
          OPENBLAS_CORETYPE=Prescott descent doctor --check-kernels   # results on generic kernels
          DESCENT_KERNELS=generic descent bench --quick               # Descent's baseline kernels
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
            print(selected ?? KernelSelection.suggestedCoreTypeForThisMachine() ?? "")
            return
        }
        if checkKernels {
            print(try KernelCheck.run().jsonText)
            return
        }
        let cpu = CPUFeatures.current()
        let report: [(String, String)] = [
            ("version", DescentVersion.versionString),
            ("openblas", OpenBLASRuntime.configuration),
            ("core", OpenBLASRuntime.coreName),
            ("core_selected_by_descent", selected ?? ""),
            ("core_from_environment", selected == nil ? (environment[KernelSelection.coreTypeVariable] ?? "") : ""),
            ("threads", String(OpenBLASRuntime.threadCount)),
            ("kernels", KernelSet.active.rawValue),
            ("kernels_supported", KernelSet.supported.map(\.rawValue).joined(separator: ",")),
            ("kernels_from_environment", environment[KernelSet.environmentVariable] ?? ""),
            ("cpu_vendor", cpu.vendor),
            ("cpu_avx2", String(cpu.hasAVX2)),
            ("cpu_avx512", String(cpu.hasAVX512)),
        ]
        if json {
            let fields = report.map { key, value in
                let quoted = key == "threads" || key.hasPrefix("cpu_avx") ? value : JSONText.quoted(value)
                return "\(JSONText.quoted(key)): \(quoted)"
            }
            print("{" + fields.joined(separator: ", ") + "}")
        } else {
            for (key, value) in report { print("\(key.padding(toLength: 26, withPad: " ", startingAt: 0)) \(value.isEmpty ? "-" : value)") }
        }
    }
}

extension DescentVersion {
    /// The version line also printed by `descent --version`.
    static var versionString: String { DescentCommand.versionText }
}
