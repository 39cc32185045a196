import ArgumentParser
import Descent
import Linalg

/// The `descent` command: train MLPs on CSV tables, measure the curvature of their loss, and race
/// optimizers, on OpenBLAS and LAPACKE.
struct DescentCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "descent",
            abstract: "Train multi-layer perceptrons on CSV data and measure how optimizers descend.",
            discussion: """
            Descent trains MLPs with SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam and AdamW, computes \
            the exact Hessian of the training loss (its spectrum, condition number and saddle index), and \
            benchmarks how fast each optimizer descends — one native binary on OpenBLAS and LAPACKE.

            Threads: --threads where a command has it, else DESCENT_THREADS, else all cores.

            Files: an output path equal to an input, to another output or to a directory is refused before \
            any work, and every output is checked writable first; files are written to a temporary name and \
            renamed into place; a model and its resume state are written as a pair sharing a run id.

            Exit codes (every command):
            \(ExitStatus.tableText)
            """,
            version: versionText,
            subcommands: [
                TrainCommand.self, EvaluateCommand.self, PredictCommand.self, CompareCommand.self, SearchCommand.self,
                LandscapeCommand.self, HessianCommand.self, ReportCommand.self, BenchCommand.self, MakeDataCommand.self, DoctorCommand.self,
            ]
        )
    }

    /// "descent 0.2.0 (OpenBLAS 0.3.21, core Zen, kernels x86-64-v3)": the version with the kernels
    /// actually in use (OpenBLAS's core and Descent's elementwise kernel set).
    static var versionText: String {
        let config = OpenBLASRuntime.configuration.split(separator: " ").prefix(2).joined(separator: " ")
        return "descent \(DescentVersion.string) (\(config), core \(OpenBLASRuntime.coreName), kernels \(KernelSet.active.rawValue))"
    }
}
