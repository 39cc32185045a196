import Descent

/// The least time one training step can take on this machine, as `descent bench` reports it: the
/// step's GEMMs alone (timed in the same samples as the step) plus the optimizer update's bytes
/// moved at the triad bandwidth measured in the same run,
///
///     limit = t_GEMMs + accesses(rule) · sizeof(Scalar) · P / B_triad,
///
/// with P the network's parameter count (Σ (inputs + 1)·outputs over the Linear layers) and
/// accesses(rule) the values the update reads and writes per parameter (Adam: 7). The update is part
/// of the work: the GEMMs alone overstate what is possible at small batches.
struct BenchLimit {
    /// Seconds of the step's GEMMs (median).
    var gemmSeconds: Double
    /// Bytes the optimizer update moves per step.
    var updateBytes: Double
    /// The triad's bandwidth in bytes per second (median), same precision, same run.
    var triadBytesPerSecond: Double

    /// Seconds the update's bytes take at the triad's bandwidth.
    var updateSeconds: Double { updateBytes / triadBytesPerSecond }
    /// The limit of one step in seconds.
    var seconds: Double { gemmSeconds + updateSeconds }

    /// Trainable parameters of a dense network of `widths` (inputs, hidden…, outputs).
    static func parameterCount(widths: [Int]) -> Int {
        zip(widths, widths.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
    }

    /// The limit of `step` for a network of `widths` updated by `rule`, with the triad `triad` of
    /// the same precision (nil: no triad measured, the update term is NaN).
    init(step: BenchStepResult, widths: [Int], rule: OptimizerKind, triad: BenchTriadResult?) {
        let scalarBytes = step.precision == "float" ? 4 : 8
        gemmSeconds = step.gemm.median
        updateBytes = Double(BenchMemory.accesses(rule) * scalarBytes * Self.parameterCount(widths: widths))
        triadBytesPerSecond = (triad?.gigabytesPerSecond ?? .nan) * 1e9
    }
}

extension BenchReport {
    /// The limit of `step` (see `BenchLimit`).
    func limit(of step: BenchStepResult) -> BenchLimit {
        BenchLimit(step: step, widths: widths, rule: OptimizerKind(rawValue: optimizer) ?? .adam,
                   triad: triads.first { $0.precision == step.precision })
    }

    /// Limit time over step time: how close the step runs to the limit (1 = at the limit).
    func fractionOfLimit(_ step: BenchStepResult) -> Double { limit(of: step).seconds / step.step.median }
}
