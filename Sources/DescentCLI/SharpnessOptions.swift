import ArgumentParser
import Descent
import Foundation
import Linalg

/// `--sharpness` and its settings, shared by `descent train` and `descent compare`.
struct SharpnessOptions: ParsableArguments {
    @Flag(help: "After training, measure the minimum found: λmax (Lanczos), the Hessian trace (Hutchinson, ± its standard error), the ε-sharpness of Keskar et al. 2017 and the generalization gap (validation − training loss).")
    var sharpness = false

    @Option(help: "With --sharpness: ε of the box |δᵢ| ≤ ε·(|θᵢ| + 1) in which ε-sharpness searches the largest loss increase (projected gradient ascent, 20 steps).")
    var sharpnessEps: Double?

    @Option(help: "With --sharpness: the most training rows the Hessian and ε-sharpness are taken over (a seeded subset).")
    var sharpnessSamples: Int?

    @Option(help: "With --sharpness: Rademacher vectors for the trace estimate.")
    var sharpnessTraceSamples: Int?

    func validate() throws {
        if let sharpnessEps, !(sharpnessEps > 0 && sharpnessEps < 1) {
            throw ValidationError("--sharpness-eps must be in (0, 1), e.g. 1e-3, got \(sharpnessEps)")
        }
        if let sharpnessSamples, sharpnessSamples < 1 { throw ValidationError("--sharpness-samples must be at least 1, got \(sharpnessSamples)") }
        if let sharpnessTraceSamples, sharpnessTraceSamples < 2 {
            throw ValidationError("--sharpness-trace-samples must be at least 2 (for a standard error), got \(sharpnessTraceSamples)")
        }
        if !sharpness {
            for (flag, given) in [("--sharpness-eps", sharpnessEps != nil), ("--sharpness-samples", sharpnessSamples != nil),
                                  ("--sharpness-trace-samples", sharpnessTraceSamples != nil)] where given {
                throw ValidationError("\(flag) goes with --sharpness")
            }
        }
    }

    /// The library settings.
    var settings: SharpnessSettings {
        SharpnessSettings(epsilon: sharpnessEps ?? 1e-3, traceSamples: sharpnessTraceSamples ?? 100)
    }

    /// Measures `network` on the run's training and validation rows, when --sharpness was given.
    func measure<Scalar: BLASScalar>(_ network: Network<Scalar>, data: PreparedData, seed: UInt64) throws -> MinimumSharpness? {
        guard sharpness else { return nil }
        let training = EvaluationSet<Double>(dataset: data.dataset, rows: data.split.training)
        let validation = data.split.validation.isEmpty ? nil : EvaluationSet<Double>(dataset: data.dataset, rows: data.split.validation)
        return try MinimumSharpness.measure(network, training: training, validation: validation, settings: settings,
                                            hessianRowLimit: sharpnessSamples ?? 512, seed: seed)
    }
}

/// How a `MinimumSharpness` is printed.
enum SharpnessText {
    /// "λmax 12.3  tr(H) 45.6 ± 1.2  ε-sharpness 0.52% (ε 1e-3)  gap 0.0123".
    static func line(_ m: MinimumSharpness) -> String {
        let s = m.sharpness
        return "λmax \(f(s.lambdaMax))  tr(H) \(f(s.trace.estimate)) ± \(f(s.trace.standardError))  "
            + "ε-sharpness \(f(s.epsilonSharpness.keskarPercent))% (ε \(f(s.epsilonSharpness.epsilon)))"
            + (m.generalizationGap.map { "  gap \(f($0))" } ?? "  gap – (no validation rows)")
    }

    static func f(_ x: Double) -> String { String(format: "%.4g", x) }
}
