import Descent

/// The least time one training step can take on this machine, as `descent bench` reports it: the
/// step's GEMMs alone (timed in the same samples as the step) plus the optimizer update's bytes
/// moved at the bandwidth of a triad over exactly those bytes, timed in the same samples,
///
///     limit = t_GEMMs + U / B_triad(U),   U = accesses(rule) · sizeof(Scalar) · P,
///
/// with P the network's parameter count (Σ (inputs + 1)·outputs over the Linear layers),
/// accesses(rule) the values the update reads and writes per parameter (Adam: 7), and B_triad(U)
/// the GB/s of a ← a + s·b over ⌈U / (3·sizeof(Scalar))⌉ elements (3 accesses each): the same bytes,
/// so the same cache level as the step's update (7.5 MB for 784-256-256-10 Adam in Float, which a
/// large triad in DRAM would understate). The update is part of the work: the GEMMs alone overstate
/// what is possible at small batches.
struct BenchLimit {
    /// Seconds of the step's GEMMs (median).
    var gemmSeconds: Double
    /// Bytes the optimizer update moves per step.
    var updateBytes: Double
    /// The bandwidth of the triad over the update's bytes, in bytes per second (median), same
    /// precision, same samples as the step.
    var triadBytesPerSecond: Double

    /// Seconds the update's bytes take at the triad's bandwidth.
    var updateSeconds: Double { updateBytes / triadBytesPerSecond }
    /// The limit of one step in seconds.
    var seconds: Double { gemmSeconds + updateSeconds }

    /// Trainable parameters of a dense network of `widths` (inputs, hidden…, outputs).
    static func parameterCount(widths: [Int]) -> Int {
        zip(widths, widths.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
    }

    /// Bytes the update of `rule` moves per step for a network of `widths` in a scalar of `scalarBytes`.
    static func updateBytes(widths: [Int], rule: OptimizerKind, scalarBytes: Int) -> Int {
        BenchMemory.accesses(rule) * scalarBytes * parameterCount(widths: widths)
    }

    /// Elements per array of the triad that moves `bytes` (3 accesses per element), at least 1.
    static func triadCount(bytes: Int, scalarBytes: Int) -> Int {
        max(1, (bytes + 3 * scalarBytes - 1) / (3 * scalarBytes))
    }

    /// The limit of `step` for a network of `widths` updated by `rule` (the step's own triad).
    init(step: BenchStepResult, widths: [Int], rule: OptimizerKind) {
        gemmSeconds = step.gemm.median
        updateBytes = Double(Self.updateBytes(widths: widths, rule: rule, scalarBytes: step.precision == "float" ? 4 : 8))
        triadBytesPerSecond = step.triad.gigabytesPerSecond * 1e9
    }
}

extension BenchReport {
    /// The limit of `step` (see `BenchLimit`).
    func limit(of step: BenchStepResult) -> BenchLimit {
        BenchLimit(step: step, widths: widths, rule: OptimizerKind(rawValue: optimizer) ?? .adam)
    }

    /// Limit time over step time: how close the step runs to the limit (1 = at the limit).
    func fractionOfLimit(_ step: BenchStepResult) -> Double { limit(of: step).seconds / step.step.median }
}
