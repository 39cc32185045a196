import ArgumentParser
import Descent

/// The flags of `descent landscape MODEL DATA` (a trained network's loss on a plane through its
/// weights) and `descent landscape DATA --line MODEL_A MODEL_B` (the straight line between two models).
struct NetworkLandscapeOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The plane's directions: random, hessian, MODEL2 (the plane through MODEL, MODEL2 and MODEL's initial weights) or MODEL2,MODEL3.",
        discussion: "random: Gaussian directions scaled per layer to the weights' norm (Li et al. 2018; see --normalization). hessian: the unit eigenvectors of the two largest Hessian eigenvalues (Lanczos). Checkpoints: MODEL at (0,0), MODEL2 at (1,0), MODEL3 at (0,1); with MODEL2 alone the third point is θ₀, the initial weights rebuilt from MODEL's stored configuration (seed and spec; not for a model trained with --init-from).",
        valueName: "random|hessian|MODEL2[,MODEL3]"))
    var directions = "random"

    @Option(help: ArgumentHelp("How random directions are scaled: layer (each Linear weight block to the layer's weight norm) or filter (each output unit's row to that row's norm).",
                               valueName: "layer|filter"))
    var normalization: DirectionNormalization = .layer

    @Flag(help: "Give random directions entries on biases and BatchNorm γ, β too (scaled to their norm); default 0 there.")
    var includeBias = false

    @Flag(inversion: .prefixedNo, help: "Recompute BatchNorm running statistics on DATA at every point (the weights there were never trained).")
    var bnRecompute = true

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Interpolate (1 − t)·θ_A + t·θ_B between two models instead of drawing a plane; then DATA is the training rows.",
                                                          valueName: "MODEL_A MODEL_B"))
    var line: [String] = []

    @Option(help: "With --line: a second CSV file whose loss is drawn beside DATA's (the validation rows).")
    var validation: String?

    @Option(parsing: .unconditional, help: "The range of a and b (of t with --line) as low,high. Default -1,1; -0.5,1.5 for a plane through models and for --line.")
    var range: String?

    @Option(help: "Points per axis (the grid is N×N; with --line, N points). Default 21 (41 with --line).")
    var resolution: Int?

    @Option(help: "Worker threads evaluating points in parallel (each point's values do not depend on it). Default: DESCENT_THREADS or all cores.")
    var threads: Int?

    /// Whether any flag of this mode was given (then MODEL DATA are required).
    var isUsed: Bool {
        directions != "random" || normalization != .layer || includeBias || !bnRecompute || !line.isEmpty || validation != nil
            || range != nil || resolution != nil || threads != nil
    }

    /// The checked range, or the default for the mode.
    func bounds(plane: Bool) throws -> (low: Double, high: Double) {
        guard let range else { return plane ? (-0.5, 1.5) : (-1, 1) }
        let values = try NumberList.parse(range, count: 2, flag: "range", meaning: "low,high")
        guard values[0] < values[1] else { throw CLIUsageError(description: "--range needs low < high, got \(range)") }
        return (values[0], values[1])
    }

    func validate() throws {
        if let resolution, !(2...1001).contains(resolution) {
            throw ValidationError("--resolution must be between 2 and 1001 points per axis, got \(resolution)")
        }
        if let threads, threads < 1 || threads > 1024 { throw ValidationError("--threads must be between 1 and 1024, got \(threads)") }
        if !line.isEmpty && !(2...3).contains(line.count) {
            throw ValidationError("--line takes two models, MODEL_A MODEL_B, got \(line.count): \(line.joined(separator: " "))")
        }
        if range != nil {
            do { _ = try bounds(plane: false) } catch { throw ValidationError("\(error)") }
        }
        if validation != nil && line.isEmpty { throw ValidationError("--validation goes with --line (the plane is drawn on DATA's rows)") }
    }
}

extension DirectionNormalization: ExpressibleByArgument {}
