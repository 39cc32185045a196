import ArgumentParser
import Descent

/// `descent landscape`: race optimizers on a 2-D test function and draw their paths.
struct LandscapeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landscape",
        abstract: "Run optimizers on a 2-D test function, or draw a trained network's loss on a plane or line through its weights.",
        discussion: """
        The optimizers are those that train networks: the point (x, y) is a parameter vector of two. \
        Besides the first-order rules, lbfgs runs one L-BFGS iteration per step (history 10, \
        strong-Wolfe line search; the table's evals counts its evaluations of f and ∇f) and newton \
        steps p ← p − lr·(H + δI)⁻¹∇f with the analytic Hessian and δ = --damping (default 0); a \
        singular H + δI ends its run as "stalled". --noise applies to newton's gradient as to the \
        first-order rules; lbfgs refuses it (its line search needs exact values). \
        Each run stops after --steps updates, when ‖∇f‖ < --tol, or when it diverges (a non-finite \
        value, or |x| or |y| beyond --escape-radius) — a divergence is reported, and the exit code \
        stays 0.

        Functions (--function):
          rosenbrock     (1 − x)² + 100(y − x²)², the curved banana valley;
                         minimum (1, 1)
          beale          plateaus and ridges; minimum (3, 0.5)
          himmelblau     four minima of equal height, one at (3, 2)
          saddle         x² − y², the stall at a saddle point
          monkey-saddle  x³ − 3xy², a degenerate saddle with three valleys
          taco           ½(u² + κv²) in axes rotated by --angle degrees: the
                         ill-conditioned "taco shell" with condition number
                         --kappa (default 10)
          quadratic      ½pᵀAp + bᵀp with --matrix a,b,b,d (default 0.2,0,0,4,
                         i.e. 0.1x² + 2y²) and --linear b1,b2
          valley         (x² − 1)² + 0.3x + y², a local minimum beside the global one

        Learning rates: --lr 0.01 for all, --lr sgd=0.01,adam=0.1 per optimizer, or both \
        (--lr 0.01,adam=0.1); unset ones keep PyTorch's defaults (sgd/momentum/nesterov/adagrad/\
        rmsprop 0.01, adam/adamw 0.001; lbfgs and newton 1, and a bare --lr does not apply to \
        them: name them, --lr newton=0.5). Momentum and Nesterov use momentum 0.9 unless --momentum.

        Outputs: a summary table on stdout (or --json); --csv FILE with one row per iterate \
        (optimizer, step, x, y, f, grad_norm; step 0 is the start); --plot FILE.svg with contours, \
        paths, the start and the known minima. Negative coordinates need no '=': --start -1.2,1.

        A network (MODEL DATA): the loss L(θ* + a·d₁ + b·d₂) and the accuracy of a trained model on \
        DATA's rows over an N×N grid (--resolution, --range), with --directions random (filter-\
        normalized, Li et al. 2018), hessian (the top-2 eigenvectors: the sharpest plane) or \
        MODEL2,MODEL3 (the plane through three checkpoints) or MODEL2 (through MODEL, MODEL2 and \
        MODEL's initial weights, rebuilt from its seed); --line MODEL_A MODEL_B instead draws \
        (1 − t)·θ_A + t·θ_B (Goodfellow et al. 2015) on DATA and --validation FILE. Points run in \
        parallel (--threads) with the same values for any thread count; BatchNorm statistics are \
        recomputed on DATA at each point unless --no-bn-recompute. --csv writes a,b,loss,accuracy \
        (t,train_loss,… with --line), --plot the contours (or the line chart), --json one object.

        Examples:
          descent landscape wine.safetensors examples/wine.csv \\
            --directions hessian --plot sharp.svg --csv sharp.csv
          descent landscape examples/wine.csv \\
            --line sgd.safetensors adam.safetensors --plot line.svg
          descent landscape --function taco --kappa 100 \\
            --optimizers sgd,momentum,nesterov --lr 0.012 --steps 2000 --plot taco.svg
          descent landscape --function rosenbrock --optimizers sgd,momentum,adam \\
            --lr sgd=0.001,momentum=0.001,adam=0.05 --steps 3000
          descent landscape --function saddle --start 1,1e-6 \\
            --optimizers sgd,momentum --lr 0.01 --csv saddle.csv
          descent landscape --function rosenbrock --optimizers adam,lbfgs,newton \\
            --lr adam=0.05 --damping 0.1 --steps 3000 --plot second.svg
          descent landscape --function quadratic --noise 0.5 --seed 3 \\
            --optimizers sgd,momentum --lr 0.1 --json
        """
    )

    @Argument(help: "MODEL.safetensors DATA.csv: draw a trained network's loss instead of a test function (DATA.csv alone with --line).")
    var files: [String] = []

    @OptionGroup(title: "Network landscape (MODEL DATA)") var network: NetworkLandscapeOptions

    @Option(help: "The test function: \(TestFunctions.names.joined(separator: ", ")).")
    var function = "rosenbrock"

    @Option(parsing: .unconditional, help: "The start point x,y (default: one chosen for each function).")
    var start: String?

    @Option(help: "Comma-separated optimizers: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, lbfgs, newton.")
    var optimizers = "sgd,momentum,nesterov,adagrad,rmsprop,adam"

    @Option(help: "Learning rate for all (0.01), per optimizer (sgd=0.01,adam=0.1), or both (0.01,adam=0.1).")
    var lr: String?

    @OptionGroup(title: "Optimizer settings (one value for every rule that has it, or RULE=VALUE)") var rule: LandscapeOptimizerOptions

    @OptionGroup(title: "Learning-rate schedule (first-order rules; t counts updates)") var schedule: ScheduleOptions

    @Option(help: "newton: the damping δ in (H + δI)⁻¹∇f (0: the pure Newton step).")
    var damping = 0.0

    @Option(help: "The most updates per optimizer.")
    var steps = 1000

    @Option(help: "Stop a run once the gradient norm ‖∇f‖ is below this; 0 runs every step.")
    var tol = 1e-6

    @Option(help: "Standard deviation σ of Gaussian noise added to every gradient (the noisy SGD of the lecture).")
    var noise = 0.0

    @Option(help: "Seed of the gradient noise; every optimizer sees the same draws.")
    var seed: UInt64 = 0

    @Option(help: "A run diverges when |x| or |y| exceeds this.")
    var escapeRadius = 1e6

    @OptionGroup(title: "Test function") var functionOptions: TestFunctionOptions

    @Option(help: "Write every iterate to this CSV file.")
    var csv: String?

    @Option(help: "Draw contours and paths to this SVG file.")
    var plot: String?

    @Option(parsing: .unconditional, help: "The plot's region xmin,xmax,ymin,ymax (default: the function's, grown to hold the start).")
    var box: String?

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    @OptionGroup(title: "CSV format (network mode)") var format: CSVFormatOptions

    func validate() throws {
        _ = try MethodFlags.rates(lr, listed: try MethodFlags.names(optimizers))
        guard steps >= 0 else { throw ValidationError("--steps must be at least 0, got \(steps)") }
        guard tol.isFinite, tol >= 0 else { throw ValidationError("--tol must be a finite number ≥ 0, got \(tol)") }
        guard noise.isFinite, noise >= 0 else { throw ValidationError("--noise must be a finite number ≥ 0, got \(noise)") }
        guard escapeRadius > 0 else { throw ValidationError("--escape-radius must be > 0, got \(escapeRadius)") }
        guard damping.isFinite, damping >= 0 else { throw ValidationError("--damping must be a finite number ≥ 0, got \(damping)") }
        _ = try landscapeSchedule()
        _ = try rule.apply(to: OptimizerSelection.methods(try MethodFlags.names(optimizers), rates: try MethodFlags.rates(lr, listed: try MethodFlags.names(optimizers)), damping: damping))
    }

    func run() throws {
        try reportingErrors {
            let inputs = (files + network.line + (["random", "hessian"].contains(network.directions) ? [] : network.directions.split(separator: ",").map(String.init))
                          + [network.validation].compactMap { $0 }).map { ("input", Optional($0)) }
            try OutputCheck.verify(outputs: [("--csv", csv), ("--plot", plot)], inputs: inputs)
            do {
                if !files.isEmpty || !network.line.isEmpty {
                    let ignored = rule.given + (schedule.schedule != .constant ? ["--schedule"] : [])
                    guard ignored.isEmpty else {
                        throw CLIUsageError(description: "\(ignored.joined(separator: ", ")) set(s) the optimizers of --function runs; a network's landscape trains nothing: leave \(ignored.count == 1 ? "it" : "them") out")
                    }
                    try NetworkLandscapeRun(options: network, files: files, csv: csv, plot: plot, json: json, seed: seed)
                        .run(format: try format.csvOptions())
                    return
                }
                guard !network.isUsed else {
                    throw CLIUsageError(description: "--directions, --line, --range, --resolution, --threads and the other network flags need MODEL.safetensors DATA.csv")
                }
                try runExperiment()
            } catch let error as LandscapeError {
                throw CLIUsageError(description: ErrorAdvice.message(for: error))
            } catch let error as OptimizerError {
                throw CLIUsageError(description: error.description)
            }
        }
    }

    /// The --schedule flags as a schedule over updates (cosine's T_max defaults to --steps);
    /// plateau and --schedule-unit need epochs and a validation loss, which a test function has not.
    func landscapeSchedule() throws -> LearningRateSchedule {
        guard schedule.schedule != .plateau else { throw ValidationError("--schedule plateau needs a validation loss; a test function has none (use step, cosine, …)") }
        guard schedule.scheduleUnit == .epoch else { throw ValidationError("--schedule-unit: a landscape run counts updates; leave the flag out") }
        return try schedule.make(epochs: max(1, steps)).0
    }

    private func runExperiment() throws {
        let parameters = try functionOptions.parameters()
        let testFunction = try TestFunctions.named(function, parameters: parameters)
        let startPoint = try start.map { text -> SIMD2<Double> in
            let numbers = try NumberList.parse(text, count: 2, flag: "start", meaning: "x,y")
            return SIMD2(numbers[0], numbers[1])
        } ?? testFunction.defaultStart
        let names = try MethodFlags.names(optimizers)
        let methods = try rule.apply(to: OptimizerSelection.methods(names, rates: try MethodFlags.rates(lr, listed: names), damping: damping))
        let plotBox = try box.map { text -> PlotBox in
            let v = try NumberList.parse(text, count: 4, flag: "box", meaning: "xmin,xmax,ymin,ymax")
            guard v[0] < v[1], v[2] < v[3] else {
                throw LandscapeError.invalidSetting(setting: "box", value: text, expected: "xmin < xmax and ymin < ymax")
            }
            return PlotBox(xMin: v[0], xMax: v[1], yMin: v[2], yMax: v[3])
        } ?? testFunction.plotBox.including([startPoint])

        var settings = LandscapeSettings(steps: steps, tolerance: tol, noise: noise, seed: seed, escapeRadius: escapeRadius)
        settings.schedule = try landscapeSchedule()
        let experiment = try LandscapeExperiment(function: testFunction, start: startPoint,
                                                 methods: methods, settings: settings)
        for run in experiment.runs {
            if case let .diverged(reason) = run.stop {
                Diagnostics.print("descent: \(run.name) diverged at step \(run.stepsTaken): \(reason)")
            } else if case let .stalled(reason) = run.stop {
                Diagnostics.print("descent: \(run.name) stalled after step \(run.stepsTaken): \(reason)")
            }
        }
        if let csv {
            try AtomicFile.write(LandscapeCSV.text(experiment.runs), to: csv)
            Diagnostics.print("descent: wrote \(experiment.runs.map(\.points.count).reduce(0, +)) points to \(csv)")
        }
        if let plot {
            try AtomicFile.write(LandscapePlot.svg(experiment, box: plotBox), to: plot)
            Diagnostics.print("descent: wrote the contour plot to \(plot)")
        }
        if json {
            try StandardOutput.line(LandscapeJSON.text(experiment))
        } else {
            try StandardOutput.write(LandscapeTable.text(experiment))
        }
    }
}
