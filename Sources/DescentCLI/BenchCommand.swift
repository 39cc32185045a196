import ArgumentParser
import Descent
import Foundation
import Linalg

/// `descent bench`: how fast the engine is, as ratios to what the machine can do.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time a training step against its limit (GEMMs + update bytes at triad bandwidth), updates against a memory triad, CSV parsing, and HVPs.",
        discussion: """
        Everything is measured in this process on the monotonic clock: warm-up rounds, then --repeats samples \
        (each at least --min-sample seconds of back-to-back calls); the median is reported and used in ratios. \
        Step, GEMMs, gradient and HVP are interleaved sample by sample so a change in load hits them alike.

          step     forward, backward and update of a ReLU MLP with cross-entropy, as
                   train runs it (each layer's gradient checked to be finite and
                   updated right after it is computed: optimizer in backward)
          GEMMs    the step's GEMMs alone, same shapes: the BLAS bound;
                   "of GEMMs" = GEMM time / step time
          limit    the step's limit: GEMMs + the update's bytes (Adam: 7 values
                   per parameter) at the GB/s of a triad over those same bytes
                   (so the same cache level), timed with the step;
                   "of limit" = limit time / step time
          update   one optimizer update over --update-size parameters, GB/s
                   of the bytes it must move, against a triad a ← a + s·b
                   (STREAM-like) of the same size in the same run
          csv      bytes → tokens → Dataset on a generated numeric table, MB/s
          HVP      an exact Hessian-vector product against two gradients
          curvature  on a tanh MLP in Double (--curvature-architecture, 512 rows):
                   an HVP, an HVP at a fixed point (R-passes only), two
                   gradients, and a Lanczos run for λmax and λmin with its
                   share outside the products

        Results on standard output (a table, or one JSON object with --json), with the OpenBLAS kernel core and \
        thread count. Build with `swift build -c release`: a debug build measures the Swift compiler, not \
        Descent. On a 2-core machine, --threads 1 gives steadier numbers than 2.

        Examples:
          descent bench --threads 1
          descent bench --architecture 784,512,10 --batches 32,128 --precision float \\
            --json > bench.json
          descent bench --quick
        """
    )

    @Option(help: "Layer widths: inputs, hidden…, classes.")
    var architecture = "784,256,256,10"

    @Option(help: "Batch sizes, comma-separated.")
    var batches = "16,64,256,1024"

    @Option(help: "Precisions, comma-separated: float, double.")
    var precision = "float,double"

    @Option(help: "The rule the training step updates with.")
    var optimizer: OptimizerKind = .adam

    @Option(help: "Parameters per optimizer update and triad (large enough to leave the caches).")
    var updateSize = 10_000_000

    @Option(help: "Rows of the generated CSV table (20 columns).")
    var csvRows = 50_000

    @Option(help: "Time reading this CSV file from disk (instead of a generated table), e.g. the file a pandas peer reads.")
    var csvFile: String?

    @Option(help: "Widths of the curvature MLP (tanh, Double, 512 rows); 'none' skips it.")
    var curvatureArchitecture = "10,300,300,3"

    @Flag(help: "Only the CSV measurement.")
    var csvOnly = false

    @Option(help: "Timed samples per measurement.")
    var repeats = 15

    @Option(help: "Untimed rounds before timing.")
    var warmup = 3

    @Option(help: "The least seconds one sample lasts (short operations are repeated back to back).")
    var minSample = 0.01

    @Flag(help: "A short run for checks and tests: batches 16,64, 1M-parameter updates, 2,000 CSV rows, 3 samples. Numbers are rough.")
    var quick = false

    @Option(help: "OpenBLAS threads (default: DESCENT_THREADS, else all cores).")
    var threads: Int?

    @Flag(help: "One JSON object on standard output instead of the table.")
    var json = false

    @Flag(help: "No progress lines on standard error.")
    var quiet = false

    /// The widths of --architecture.
    func widths() throws -> [Int] {
        let parts = DataOptions.list(architecture)
        let values = parts.compactMap { Int($0) }.filter { $0 > 0 }
        guard values.count == parts.count, values.count >= 2, values.last! >= 2 else {
            throw ValidationError("--architecture takes positive widths, inputs first and at least 2 classes last, like 784,256,10; got '\(architecture)'")
        }
        return values
    }

    /// The widths of --curvature-architecture (nil for 'none'; --quick: 10,32,32,3).
    func curvatureWidths() throws -> [Int]? {
        if curvatureArchitecture == "none" { return nil }
        if quick { return [10, 32, 32, 3] }
        let parts = DataOptions.list(curvatureArchitecture)
        let values = parts.compactMap { Int($0) }.filter { $0 > 0 }
        guard values.count == parts.count, values.count >= 2, values.last! >= 2 else {
            throw ValidationError("--curvature-architecture takes positive widths like 10,300,300,3 (or none); got '\(curvatureArchitecture)'")
        }
        return values
    }

    /// The batch sizes of --batches (--quick: 16 and 64).
    func batchSizes() throws -> [Int] {
        if quick { return [16, 64] }
        let parts = DataOptions.list(batches)
        let values = parts.compactMap { Int($0) }.filter { $0 > 0 }
        guard values.count == parts.count, !values.isEmpty else { throw ValidationError("--batches takes positive sizes like 16,64,256; got '\(batches)'") }
        return values
    }

    /// The precisions of --precision.
    func precisions() throws -> [Precision] {
        let parts = DataOptions.list(precision)
        let values = parts.compactMap { Precision(rawValue: $0.lowercased()) }
        guard values.count == parts.count, !values.isEmpty else { throw ValidationError("--precision takes float, double or float,double; got '\(precision)'") }
        return values
    }

    /// The settings after --quick.
    var effective: (updateSize: Int, csvRows: Int, repeats: Int, warmup: Int, minSample: Double) {
        quick ? (1_000_000, 2_000, 3, 1, 0.001) : (updateSize, csvRows, repeats, warmup, minSample)
    }

    func validate() throws {
        _ = try widths()
        _ = try batchSizes()
        _ = try precisions()
        _ = try curvatureWidths()
        guard updateSize >= 1 else { throw ValidationError("--update-size must be at least 1, got \(updateSize)") }
        guard csvRows >= 1 else { throw ValidationError("--csv-rows must be at least 1, got \(csvRows)") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        guard warmup >= 0 else { throw ValidationError("--warmup must be ≥ 0, got \(warmup)") }
        guard minSample >= 0 && minSample.isFinite else { throw ValidationError("--min-sample must be a finite number ≥ 0, got \(minSample)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        try reportingErrors {
            try OpenBLASRuntime.configureThreads(requested: threads, environment: ProcessInfo.processInfo.environment)
            let widths = try widths(), settings = effective
            // The update benchmarks hold parameters, gradient and up to three state vectors in Double; the CSV ≈ 40 bytes per cell.
            try ResourceCheck.buffers(MemoryBudget.product(settings.updateSize, 8, 5), flag: "--update-size \(settings.updateSize)", what: "the update benchmarks' vectors")
            try ResourceCheck.buffers(MemoryBudget.product(settings.csvRows, 20, 40), flag: "--csv-rows \(settings.csvRows)", what: "the CSV text and its table")
            let configuration = OptimizerConfiguration.defaults(for: optimizer)
            var report = BenchReport(widths: widths, optimizer: optimizer.rawValue)
            func note(_ text: String) { if !quiet && !json { Diagnostics.print("descent bench: \(text)") } }
            for precision in try precisions() where !csvOnly {
                switch precision {
                case .float: try measure(Float.self, widths: widths, configuration: configuration, into: &report, note: note)
                case .double: try measure(Double.self, widths: widths, configuration: configuration, into: &report, note: note)
                }
            }
            if let csvFile {
                note("CSV reading, \(csvFile)")
                report.csv = try BenchCSVResult.measure(file: csvFile, warmup: settings.warmup, repeats: settings.repeats)
            } else {
                note("CSV parsing, \(settings.csvRows) rows")
                report.csv = try BenchCSVResult.measure(rows: settings.csvRows, columns: 20, warmup: settings.warmup, repeats: settings.repeats)
            }
            if let curvatureWidths = try curvatureWidths(), !csvOnly {
                note("curvature, \(curvatureWidths.map(String.init).joined(separator: "-")) tanh, Double")
                report.curvature = try BenchCurvatureResult.measure(widths: curvatureWidths, rows: 512, warmup: settings.warmup,
                                                                    repeats: settings.repeats, minimumSample: settings.minSample)
            }
            try StandardOutput.line(json ? try report.record.jsonLine() : report.table)
        }
    }

    /// The steps at every batch size, the triad and every rule's update, in one precision.
    func measure<Scalar: BLASScalar>(_ type: Scalar.Type, widths: [Int], configuration: OptimizerConfiguration,
                                     into report: inout BenchReport, note: (String) -> Void) throws {
        let settings = effective
        let name = "\(Scalar.self)".lowercased()
        for batch in try batchSizes() {
            note("\(name) step, batch \(batch)")
            report.steps.append(try BenchStep.measure(Scalar.self, widths: widths, batch: batch, optimizer: configuration,
                                                      warmup: settings.warmup, repeats: settings.repeats, minimumSample: settings.minSample))
        }
        note("\(name) triad and updates over \(settings.updateSize) parameters")
        report.triads.append(BenchTriadResult(precision: name, parameters: settings.updateSize,
                                              samples: BenchMemory.triad(Scalar.self, count: settings.updateSize,
                                                                         warmup: settings.warmup, repeats: settings.repeats)))
        for kind in OptimizerKind.allCases {
            report.updates.append(BenchMemory.update(Scalar.self, kind: kind, count: settings.updateSize,
                                                     warmup: settings.warmup, repeats: settings.repeats))
        }
    }
}
