import Descent
import Linalg

/// What `descent bench --json` prints: one line of type "bench" (times in milliseconds, the Lanczos
/// run in seconds; `csv` and `curvature` null when not measured; a number that is not finite null).
struct BenchRecord: JSONRecord {
    let type = "bench"
    var descentVersion: String
    var openblasCore: String
    var openblasConfig: String
    var threads: Int
    var architecture: [Int]
    var optimizer: String
    var steps: [Step]
    var triad: [Triad]
    var updates: [Update]
    @JSONNullable var csv: CSV?
    @JSONNullable var curvature: Curvature?

    /// One training step's timing at one precision and batch, against its GEMMs and its limit.
    struct Step: Encodable {
        var precision: String
        var batch: Int
        @JSONNullable var stepMs: Double?
        @JSONNullable var stepMsMin: Double?
        @JSONNullable var gemmMs: Double?
        @JSONNullable var gemmMsMin: Double?
        @JSONNullable var blasEfficiency: Double?
        @JSONNullable var limitMs: Double?
        @JSONNullable var limitUpdateMs: Double?
        @JSONNullable var updateBytes: Double?
        var limitTriadParameters: Int
        @JSONNullable var limitTriadGbPerS: Double?
        @JSONNullable var fractionOfLimit: Double?
        @JSONNullable var limitSamplesPerSecond: Double?
        @JSONNullable var samplesPerSecond: Double?
        @JSONNullable var stepGflops: Double?
        @JSONNullable var gemmGflops: Double?
        @JSONNullable var gradientMs: Double?
        @JSONNullable var hvpMs: Double?
        @JSONNullable var hvpOverTwoGradients: Double?
    }

    /// The triad a ← a + s·b at one precision.
    struct Triad: Encodable {
        var precision: String
        var parameters: Int
        @JSONNullable var ms: Double?
        @JSONNullable var gbPerS: Double?
    }

    /// One optimizer update against the triad.
    struct Update: Encodable {
        var precision: String
        var rule: String
        var parameters: Int
        var bytesPerParameter: Int
        @JSONNullable var ms: Double?
        @JSONNullable var gbPerS: Double?
        @JSONNullable var fractionOfTriad: Double?
    }

    /// CSV parsing and Dataset building.
    struct CSV: Encodable {
        var rows: Int
        var columns: Int
        var bytes: Int
        @JSONNullable var parseMs: Double?
        @JSONNullable var parseMbPerS: Double?
        @JSONNullable var parseBestMbPerS: Double?
        @JSONNullable var datasetMs: Double?
        @JSONNullable var datasetMbPerS: Double?
        @JSONNullable var datasetBestMbPerS: Double?
    }

    /// Hessian-vector products, gradients and a Lanczos run in Double.
    struct Curvature: Encodable {
        var architecture: [Int]
        var rows: Int
        var parameters: Int
        @JSONNullable var hvpMs: Double?
        @JSONNullable var hvpFixedPointMs: Double?
        @JSONNullable var gradientMs: Double?
        @JSONNullable var hvpOverTwoGradients: Double?
        @JSONNullable var lanczosSeconds: Double?
        @JSONNullable var lanczosProductSeconds: Double?
        @JSONNullable var lanczosOverheadFraction: Double?
        var lanczosSteps: Int
        var lanczosProducts: Int
        var lanczosConverged: Bool
        @JSONNullable var lambdaMax: Double?
        @JSONNullable var lambdaMin: Double?
    }
}

extension BenchReport {
    /// The JSON record of everything measured.
    var record: BenchRecord {
        BenchRecord(
            descentVersion: DescentVersion.string, openblasCore: OpenBLASRuntime.coreName,
            openblasConfig: OpenBLASRuntime.configuration, threads: OpenBLASRuntime.threadCount,
            architecture: widths, optimizer: optimizer, steps: steps.map(stepRecord),
            triad: triads.map { BenchRecord.Triad(precision: $0.precision, parameters: $0.parameters,
                                                  ms: $0.samples.median * 1e3, gbPerS: $0.gigabytesPerSecond) },
            updates: updates.map { u in
                BenchRecord.Update(precision: u.precision, rule: u.rule, parameters: u.parameters,
                                   bytesPerParameter: u.bytesPerParameter, ms: u.samples.median * 1e3,
                                   gbPerS: u.gigabytesPerSecond, fractionOfTriad: u.gigabytesPerSecond / triadRate(u.precision))
            },
            csv: csv.map { c in
                BenchRecord.CSV(rows: c.rows, columns: c.columns, bytes: c.bytes, parseMs: c.parse.median * 1e3,
                                parseMbPerS: c.parseMegabytesPerSecond, parseBestMbPerS: Double(c.bytes) / c.parse.minimum / 1e6,
                                datasetMs: c.dataset.median * 1e3, datasetMbPerS: c.datasetMegabytesPerSecond,
                                datasetBestMbPerS: Double(c.bytes) / c.dataset.minimum / 1e6)
            },
            curvature: curvature?.record)
    }

    /// One step's record, with its limit.
    func stepRecord(_ s: BenchStepResult) -> BenchRecord.Step {
        let limit = limit(of: s)
        return BenchRecord.Step(
            precision: s.precision, batch: s.batch, stepMs: s.step.median * 1e3, stepMsMin: s.step.minimum * 1e3,
            gemmMs: s.gemm.median * 1e3, gemmMsMin: s.gemm.minimum * 1e3, blasEfficiency: s.efficiency,
            limitMs: limit.seconds * 1e3, limitUpdateMs: limit.updateSeconds * 1e3, updateBytes: limit.updateBytes,
            limitTriadParameters: s.triad.parameters, limitTriadGbPerS: s.triad.gigabytesPerSecond,
            fractionOfLimit: fractionOfLimit(s), limitSamplesPerSecond: Double(s.batch) / limit.seconds,
            samplesPerSecond: s.samplesPerSecond, stepGflops: s.stepGFlops, gemmGflops: s.gemmGFlops,
            gradientMs: s.gradient.median * 1e3, hvpMs: s.hessianVectorProduct.median * 1e3,
            hvpOverTwoGradients: s.hvpOverTwoGradients)
    }
}

extension BenchCurvatureResult {
    /// The JSON record (times in milliseconds, the Lanczos run in seconds).
    var record: BenchRecord.Curvature {
        BenchRecord.Curvature(
            architecture: widths, rows: rows, parameters: parameters, hvpMs: product.median * 1e3,
            hvpFixedPointMs: pointProduct.median * 1e3, gradientMs: gradient.median * 1e3,
            hvpOverTwoGradients: productOverTwoGradients, lanczosSeconds: lanczosSeconds,
            lanczosProductSeconds: lanczosProductSeconds, lanczosOverheadFraction: lanczosOverhead,
            lanczosSteps: lanczos.steps, lanczosProducts: lanczos.productCount, lanczosConverged: lanczos.converged,
            lambdaMax: lanczos.largest.first?.value, lambdaMin: lanczos.smallest.first?.value)
    }
}
