import Descent
import Foundation
import Testing

@Suite("OpenBLAS kernels: the ones Descent selects compute what the generic ones do")
struct KernelConsistencyTests {
    struct Check: Decodable {
        var core: String
        var gemm_float: [Double]
        var gemm_double: [Double]
        var eigenvalues: [Double]
        var singular_values: [Double]
    }

    func check(environment: [String: String?]) throws -> Check {
        let result = try DescentBinary.run(["doctor", "--check-kernels"], environment: environment)
        #expect(result.status == 0, "descent doctor --check-kernels failed: \(result.stderr)")
        return try JSONDecoder().decode(Check.self, from: Data(result.stdout.utf8))
    }

    func expectClose(_ a: [Double], _ b: [Double], relative: Double, _ what: String) {
        #expect(a.count == b.count && !a.isEmpty, "\(what): \(a.count) against \(b.count) values")
        let scale = max(1, a.map(abs).max() ?? 1)
        let worst = zip(a, b).map { abs($0 - $1) / scale }.max() ?? .infinity
        #expect(worst <= relative, "\(what): largest difference \(worst) (relative to \(scale))")
    }

    @Test("GEMM, eigenvalues and singular values agree between Prescott and Descent's choice")
    func genericAgainstSelected() throws {
        let generic = try check(environment: ["OPENBLAS_CORETYPE": "Prescott", "DESCENT_SELECTED_CORETYPE": nil])
        let selected = try check(environment: ["OPENBLAS_CORETYPE": nil, "DESCENT_SELECTED_CORETYPE": nil])
        #expect(generic.core == "Prescott")
        expectClose(generic.gemm_float, selected.gemm_float, relative: 1e-5, "sgemm")
        expectClose(generic.gemm_double, selected.gemm_double, relative: 1e-13, "dgemm")
        expectClose(generic.eigenvalues, selected.eigenvalues, relative: 1e-12, "dsyevd")
        expectClose(generic.singular_values, selected.singular_values, relative: 1e-12, "dgesdd")
    }

    @Test("--version names the OpenBLAS core in use")
    func versionNamesCore() throws {
        let result = try DescentBinary.run(["--version"], environment: ["OPENBLAS_CORETYPE": "Haswell"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("core Haswell"), "got: \(result.stdout)")
    }

    @Test("--version and doctor name Descent's kernel set, one this CPU supports")
    func versionNamesKernelSet() throws {
        let version = try DescentBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.contains("kernels \(KernelSet.active.rawValue))"), "got: \(version.stdout)")
        let doctor = try DescentBinary.run(["doctor", "--json"])
        #expect(doctor.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as? [String: Any]
        #expect(report?["type"] as? String == "doctor" && report?["kernels"] as? String == KernelSet.active.rawValue,
                "got: \(doctor.stdout)")
        #expect(report?.keys.contains("kernels_from_environment") == true, "a value not set is null, not left out")
        #expect(KernelSet.active.isSupported)
    }

    @Test("Training gives the same history on every kernel set this CPU runs (DESCENT_KERNELS)",
          arguments: [["--batch-norm", "--dropout", "0.1", "--optimizer", "adam"], ["--activation", "tanh", "--optimizer", "nesterov"]])
    func trainingIdenticalAcrossKernelSets(_ flags: [String]) throws {
        let directory = try CLITestSupport.temporaryDirectory()
        var histories: [String] = []
        for set in KernelSet.supported {
            let path = directory.appendingPathComponent("\(set.rawValue).csv").path
            let result = try DescentBinary.run(["train", CLITestSupport.example("iris.csv"), "--epochs", "8", "--no-early-stopping",
                                                "--seed", "3", "--history", path, "--quiet"] + flags,
                                               environment: [KernelSet.environmentVariable: set.rawValue])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let version = try DescentBinary.run(["--version"], environment: [KernelSet.environmentVariable: set.rawValue])
            #expect(version.stdout.contains("kernels \(set.rawValue))"), "got: \(version.stdout)")
            histories.append(try CLITestSupport.historyWithoutTiming(path))
        }
        #expect(!histories.isEmpty && histories.allSatisfy { $0 == histories[0] })
    }
}
