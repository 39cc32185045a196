import Descent
import Foundation
import Linalg

/// The triad's bandwidth in one precision.
struct BenchTriadResult {
    /// "float" or "double".
    var precision: String
    /// Elements per array.
    var parameters: Int
    /// Seconds per triad.
    var samples: BenchSamples

    /// Gigabytes per second moved (median): three accesses per element.
    var gigabytesPerSecond: Double {
        Double(3 * parameters * (precision == "float" ? 4 : 8)) / samples.median / 1e9
    }
}

/// Everything `descent bench` measured, as a table or JSON.
struct BenchReport {
    /// The MLP's widths.
    var widths: [Int]
    /// The rule of the training step.
    var optimizer: String
    /// Steps, per precision and batch.
    var steps: [BenchStepResult] = []
    /// The triad, per precision.
    var triads: [BenchTriadResult] = []
    /// Updates, per precision and rule.
    var updates: [BenchUpdateResult] = []
    /// CSV parsing.
    var csv: BenchCSVResult?
    /// Hessian-vector products and a Lanczos run.
    var curvature: BenchCurvatureResult?

    /// The triad GB/s of `precision`.
    func triadRate(_ precision: String) -> Double { triads.first { $0.precision == precision }?.gigabytesPerSecond ?? .nan }

    /// The machine line: version, kernels, threads.
    var machine: String {
        "descent \(DescentVersion.string), OpenBLAS core \(OpenBLASRuntime.coreName), \(OpenBLASRuntime.threadCount) thread(s)"
    }

    /// The table on standard output.
    var table: String {
        var lines = [machine]
        if !steps.isEmpty { lines += ["", "Training step, MLP \(widths.map(String.init).joined(separator: "-")), ReLU, cross-entropy, \(optimizer) (median of samples)"] }
        let stepRows = steps.map { s in
            [s.precision, String(s.batch), String(format: "%.3f", s.step.median * 1e3), String(format: "%.3f", s.gemm.median * 1e3),
             String(format: "%.0f%%", 100 * s.efficiency), String(format: "%.3f", limit(of: s).seconds * 1e3),
             String(format: "%.0f%%", 100 * fractionOfLimit(s)), String(Int(s.samplesPerSecond.rounded())),
             String(format: "%.0f", Double(s.batch) / limit(of: s).seconds), String(format: "%.1f", s.stepGFlops),
             String(format: "%.3f", s.gradient.median * 1e3), String(format: "%.3f", s.hessianVectorProduct.median * 1e3),
             String(format: "%.2f", s.hvpOverTwoGradients)]
        }
        if !steps.isEmpty {
            lines += Self.format(["precision", "batch", "step ms", "GEMMs ms", "of GEMMs", "limit ms", "of limit", "samples/s", "limit/s", "GFLOP/s", "grad ms", "HVP ms", "HVP/2 grads"], stepRows)
        }
        if !triads.isEmpty { lines += ["", "Optimizer update against the triad a ← a + s·b"] }
        var updateRows = triads.map { t in [t.precision, "triad", String(t.parameters), String(3 * (t.precision == "float" ? 4 : 8)),
                                            String(format: "%.3f", t.samples.median * 1e3), String(format: "%.1f", t.gigabytesPerSecond), "100%"] }
        updateRows += updates.map { u in
            [u.precision, u.rule, String(u.parameters), String(u.bytesPerParameter), String(format: "%.3f", u.samples.median * 1e3),
             String(format: "%.1f", u.gigabytesPerSecond), String(format: "%.0f%%", 100 * u.gigabytesPerSecond / triadRate(u.precision))]
        }
        if !updateRows.isEmpty { lines += Self.format(["precision", "rule", "parameters", "bytes/param", "ms", "GB/s", "of triad"], updateRows) }
        if let csv {
            let megabytes = Double(csv.bytes) / 1e6
            lines += ["", String(format: "CSV: %d rows × %d columns, %.1f MB: read %.0f MB/s (best %.0f), to dataset %.0f MB/s (best %.0f)",
                                 csv.rows, csv.columns, megabytes, csv.parseMegabytesPerSecond, megabytes / csv.parse.minimum,
                                 csv.datasetMegabytesPerSecond, megabytes / csv.dataset.minimum)]
        }
        if let curvature { lines += curvature.lines }
        return lines.joined(separator: "\n")
    }

    /// Rows under a header, columns right-aligned but the first.
    static func format(_ header: [String], _ rows: [[String]]) -> [String] {
        let widths = header.indices.map { column in ([header[column]] + rows.map { $0[column] }).map(\.count).max()! }
        return ([header] + rows).map { cells in
            cells.enumerated().map { $0.offset == 0 ? $0.element.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                                                    : $0.element.leftPadded(to: widths[$0.offset]) }.joined(separator: "  ")
        }
    }
}
