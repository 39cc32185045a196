import ArgumentParser
import Descent
import Foundation
import Linalg

/// `descent hessian`: the exact Hessian of a trained model's objective (or of a 2-D test function)
/// and what its spectrum says — condition number, saddle index, trace.
struct HessianCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hessian",
        abstract: "The exact Hessian of a model's training objective (or a 2-D test function): spectrum, condition number, saddle index.",
        discussion: """
        For MODEL.safetensors (written by `descent train --out`) and a CSV with the same columns, H is the \
        Hessian of the full objective the model was trained on — mean data loss plus its L2 penalty (L1 has \
        Hessian 0 almost everywhere) — over --samples rows (a seeded subset; default all rows up to 4096), \
        with the checkpoint's encoding and standardization applied, in Double whatever precision the model \
        was trained in, and in evaluation mode (dropout off, batch norm on its running statistics). Every \
        product H·v is exact (Pearlmutter's R-operator), no finite differences.

        By default the full n×n matrix is assembled from n Hessian-vector products, symmetrized (the \
        asymmetry ‖H − Hᵀ‖F/‖H‖F is reported) and its eigenvalues computed by LAPACK's two-stage \
        dsyevd_2stage (dgesdd too with --svd); the time line splits assembly from eigensolver seconds. When \
        it would take more than --max-params allows (default: a quarter of physical memory), the command \
        refuses with the memory it would need (exit 64): use --top K, Lanczos with partial reorthogonalization \
        for the K largest and K smallest eigenvalues with their residuals ‖Hv − λv‖. Lanczos checks after \
        every step whether each end's bounds β·|s| are within --tolerance·|λ|max and reports the step at \
        which λmax and λmin converged, or which end did not within --max-steps; --ends largest (or \
        smallest) stops when that end has converged. --trace adds Hutchinson's estimate ± its standard \
        error; --density the spectral density by stochastic Lanczos quadrature. On a terminal, assembly \
        and Lanczos show a progress bar on standard error.

        Report: n, λmax, λmin, the condition numbers |λ|max/|λ|min and σmax/σmin, λmax/λ⁺min over the \
        positive part, the counts of negative (the saddle index), near-zero and positive eigenvalues with \
        the tolerance |λ|max·n·ε, the trace and ‖H‖F. Non-finite numbers print as null in --json.

        With --function NAME --at x,y, the same report for the analytic Hessian of a 2-D test function of \
        `descent landscape` (--kappa, --angle, --matrix, --linear as there).

        Exit codes (the table of `descent --help`): 1 a numerical failure; 64 also for a Hessian or Lanczos \
        basis too large for --max-params or for the memory available.

        Examples:
          descent hessian iris.safetensors examples/iris.csv
          descent hessian iris.safetensors examples/iris.csv --json \\
            | jq .condition_number
          descent hessian big.safetensors data.csv --top 5 --trace --samples 1024
          descent hessian big.safetensors data.csv --top 1 --ends largest \\
            --tolerance 1e-6
          descent hessian model.safetensors data.csv --spectrum eigenvalues.csv \\
            --plot spectrum.svg
          descent hessian model.safetensors data.csv --top 3 --density \\
            --plot density.svg
          descent hessian --function rosenbrock --at 1,1
          descent hessian --function taco --kappa 100 --angle 30 --at 0,0
        """
    )

    @Argument(help: "The model written by `descent train --out` (omit with --function).")
    var model: String?

    @Argument(help: "The CSV file to take the objective over (with the target column).")
    var data: String?

    @OptionGroup(title: "Data format") var format: CSVFormatOptions

    @Option(help: "Rows of DATA to use: a seeded random subset (default: all rows, at most 4096).")
    var samples: Int?

    @Flag(help: "Assemble and decompose the full Hessian (the default when it fits).")
    var full = false

    @Option(help: "Lanczos for the K largest and K smallest eigenvalues instead of the full matrix.")
    var top: Int?

    @Option(help: "With --top: which end must converge: both, largest, smallest (the other is still reported, flagged).")
    var ends: LanczosEnds = .both

    @Option(help: "With --top: stop when every residual bound β·|s| ≤ this × |λ|max.")
    var tolerance = 1e-10

    @Option(help: "With --top: the most Lanczos steps (default: min(n, max(300, 10·K + 100)), fewer if the basis would take over half of memory).")
    var maxSteps: Int?

    @Flag(help: "Estimate the trace by Hutchinson's method (Rademacher vectors), with its standard error.")
    var trace = false

    @Option(help: "Hutchinson samples for --trace.")
    var traceSamples = 100

    @Flag(help: "Estimate the spectral density by stochastic Lanczos quadrature (plotted with --plot).")
    var density = false

    @Flag(help: "Also compute the singular values by LAPACKE dgesdd (about 3× dsyevd's time). Without it σ = |λ|, exact for a symmetric matrix.")
    var svd = false

    @Flag(help: "Print one JSON object.")
    var json = false

    @Option(help: "Write every eigenvalue (with --top: those found, with residuals) to this CSV file.")
    var spectrum: String?

    @Option(help: "Draw the signed spectrum as a histogram (with --density: the density curve) to this SVG file.")
    var plot: String?

    @Option(help: "The most parameters for the full Hessian (default: the matrix takes at most a quarter of memory).")
    var maxParams: Int?

    @Option(help: "Seed of the row subset, the Lanczos start and the Hutchinson vectors.")
    var seed: UInt64 = 0

    @Option(help: "OpenBLAS threads (default: DESCENT_THREADS, else all cores).")
    var threads: Int?

    @Option(help: "A 2-D test function instead of a model: \(TestFunctions.names.joined(separator: ", ")).")
    var function: String?

    @Option(parsing: .unconditional, help: "With --function: the point x,y.")
    var at: String?

    @OptionGroup(title: "Test function (--function)") var functionOptions: TestFunctionOptions

    func validate() throws {
        if function != nil {
            guard model == nil && data == nil else { throw ValidationError("--function analyses a test function: give no MODEL or DATA with it") }
            guard at != nil else { throw ValidationError("--function needs --at x,y, the point where the Hessian is taken") }
            for (flag, given) in [("--top", top != nil), ("--density", density), ("--samples", samples != nil), ("--max-params", maxParams != nil)] where given {
                throw ValidationError("\(flag) applies to a model, not to --function (its Hessian is 2×2)")
            }
        } else {
            guard model != nil, data != nil else { throw ValidationError("give MODEL.safetensors and DATA.csv (or --function NAME --at x,y)") }
            for (flag, given) in [("--at", at != nil)] + functionOptions.given where given {
                throw ValidationError("\(flag) applies to --function, not to a model")
            }
        }
        if full && top != nil { throw ValidationError("--full and --top exclude each other: the full spectrum, or Lanczos for the extremes") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1, got \(top)") }
        if let maxSteps, maxSteps < 1 { throw ValidationError("--max-steps must be at least 1, got \(maxSteps)") }
        guard tolerance >= 0 && tolerance.isFinite else { throw ValidationError("--tolerance must be a finite number ≥ 0, got \(tolerance)") }
        if top == nil && (maxSteps != nil || ends != .both) { throw ValidationError("--max-steps and --ends apply to --top K (Lanczos)") }
        if let samples, samples < 1 { throw ValidationError("--samples must be at least 1, got \(samples)") }
        if let maxParams, maxParams < 1 { throw ValidationError("--max-params must be at least 1, got \(maxParams)") }
        guard traceSamples >= 2 else { throw ValidationError("--trace-samples must be at least 2 (for a standard error), got \(traceSamples)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        try reportingErrors {
            try OutputCheck.verify(outputs: [("--spectrum", spectrum), ("--plot", plot)], inputs: [("MODEL", model), ("DATA", data)])
            try OpenBLASRuntime.configureThreads(requested: threads, environment: ProcessInfo.processInfo.environment)
            let report: HessianReport
            do {
                if let function {
                    report = try functionReport(function)
                } else {
                    var analysis = HessianModelAnalysis(command: self)
                    report = try analysis.run()
                }
            } catch let error as CurvatureError {
                if case .linalg = error { throw error }
                throw CLIUsageError(description: ErrorAdvice.message(for: error))
            } catch let error as LandscapeError {
                throw CLIUsageError(description: ErrorAdvice.message(for: error))
            }
            try write(report)
        }
    }

    /// The Lanczos step limit for `count` pairs of an n-parameter operator: `requested`, else
    /// min(n, max(300, 10·count + 100)); either way no more rows than fit in half of physical
    /// memory (each basis row takes 8·n bytes, touched only when the step is taken).
    static func lanczosSteps(requested: Int?, count: Int, dimension n: Int,
                             physicalMemory: Int = HessianMemoryGuard.physicalMemoryBytes()) throws -> Int {
        let wanted = min(n, requested ?? max(300, 10 * count + 100))
        let fitting = physicalMemory / 2 / max(1, 8 * n)
        if wanted <= fitting { return wanted }
        let needed = String(format: "%.1f GB", Double(wanted) * 8 * Double(n) / 1e9)
        guard requested == nil, fitting >= min(n, 2 * count + 1) else {
            throw CLIUsageError(description: "--max-steps \(wanted): the Lanczos basis would take \(needed) (\(wanted) vectors of \(n) Double values), over half of memory; "
                                + "at most \(fitting) steps fit")
        }
        return fitting
    }

    /// The report for the analytic Hessian of a test function.
    func functionReport(_ name: String) throws -> HessianReport {
        let parameters = try functionOptions.parameters()
        let testFunction = try TestFunctions.named(name, parameters: parameters)
        let numbers = try NumberList.parse(at ?? "", count: 2, flag: "at", meaning: "x,y")
        let point = SIMD2(numbers[0], numbers[1])
        let hessian = testFunction.hessian(at: point)
        guard [hessian.xx, hessian.xy, hessian.yy].allSatisfy(\.isFinite) else {
            throw CLIUsageError(description: "--at \(at ?? ""): the Hessian of \(name) is not finite there")
        }
        let spectrum = try HessianSpectrum(hessian: hessian.matrix, extremeVectors: 1)
        let pointText = "(\(HessianReport.number(point.x)), \(HessianReport.number(point.y)))"
        var report = HessianReport(parameters: 2, full: spectrum)
        let value = testFunction.value(at: point), gradient = testFunction.gradient(at: point)
        let determinant = hessian.xx * hessian.yy - hessian.xy * hessian.xy
        report.header = ["Hessian of \(name) at \(pointText) (analytic): [[\(HessianReport.number(hessian.xx)), \(HessianReport.number(hessian.xy))], "
            + "[\(HessianReport.number(hessian.xy)), \(HessianReport.number(hessian.yy))]]",
                         "f = \(HessianReport.number(value)), ∇f = (\(HessianReport.number(gradient.x)), \(HessianReport.number(gradient.y))), "
            + "‖∇f‖ = \(HessianReport.number((gradient.x * gradient.x + gradient.y * gradient.y).squareRoot())), det H = \(HessianReport.number(determinant))"]
        report.subject = .function(name: name, at: [point.x, point.y], hessian: [[hessian.xx, hessian.xy], [hessian.xy, hessian.yy]],
                                   value: value, gradient: [gradient.x, gradient.y])
        if trace {
            var random = RandomGenerator(seed: seed)
            report.traceEstimate = try HutchinsonTrace.estimate(dimension: 2, samples: traceSamples, random: &random) { v, hv in
                let product = hessian.times(SIMD2(v[0], v[1]))
                hv[0] = product.x
                hv[1] = product.y
            }
        }
        return report
    }

    /// Prints the report and writes the files asked for.
    func write(_ report: HessianReport) throws {
        if let spectrum {
            try AtomicFile.write(report.spectrumCSV, to: spectrum)
            Diagnostics.print("descent: wrote \(Plural.count(report.spectrumCount, "eigenvalue")) to \(spectrum)")
        }
        if let plot {
            try AtomicFile.write(report.svg(title: "descent hessian " + (function ?? model.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "")), to: plot)
            Diagnostics.print("descent: wrote the \(report.density != nil ? "spectral density" : "spectrum histogram") to \(plot)")
        }
        try StandardOutput.write(json ? try report.record.jsonLine() + "\n" : report.text)
    }
}

extension LanczosEnds: ExpressibleByArgument {}
