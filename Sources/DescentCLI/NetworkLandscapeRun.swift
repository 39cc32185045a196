import Descent
import Foundation
import Linalg

/// `descent landscape MODEL DATA` and `descent landscape DATA --line MODEL_A MODEL_B`: loads the
/// checkpoints in Double and DATA with the model's encoding, asks the library for the grid or the
/// line, and writes the table (or JSON), the CSV and the plot.
struct NetworkLandscapeRun {
    let options: NetworkLandscapeOptions
    let files: [String]
    let csv: String?
    let plot: String?
    let json: Bool
    let seed: UInt64

    /// A model read in Double, with its description.
    struct Model {
        let path: String
        let description: ModelDescription
        let network: Network<Double>

        /// Whether the network has BatchNorm layers (whose statistics a point may recompute).
        var hasBatchNorm: Bool { network.layerSpecs.contains(.batchNorm) }
    }

    /// Reads a checkpoint in Double (F32 → F64 is exact) for batches of up to 512 rows.
    static func model(_ path: String) throws -> Model {
        let file = try SafeTensorsFile.read(from: path)
        let description = try ModelCheckpoint.description(of: file, path: path)
        let network = try ModelCheckpoint.network(from: file, description: description, path: path, maxBatchSize: 512, as: Double.self)
        return Model(path: path, description: description, network: network)
    }

    /// The rows of `path` encoded and standardized as `model` was trained, every row finite.
    static func rows(_ path: String, for model: Model, format: CSVReadOptions) throws -> EvaluationSet<Double> {
        var dataset = try InputFileError.naming(path) {
            try model.description.encoding.encode(try CSVReader.read(contentsOf: path, options: format))
        }
        try model.description.standardizer.applyChecked(to: &dataset)
        guard dataset.hasTarget else {
            throw CLIUsageError(description: "\(path) has no target column '\(model.description.encoding.target.name)': the loss needs it")
        }
        guard dataset.rowCount > 0 else { throw CLIUsageError(description: "\(path) has no rows to evaluate the loss on") }
        let set = EvaluationSet<Double>(dataset: dataset)
        if let position = model.network.rowsWithNonFiniteOutput(set).first {
            throw DataError.valueOutOfRange(SourceLocation(file: path, line: dataset.sourceLines[position]),
                                            columnName: dataset.largestFeatureName(row: position))
        }
        return set
    }

    /// The second model must be the first's architecture.
    static func checkSameArchitecture(_ a: Model, _ b: Model) throws {
        guard a.network.layout == b.network.layout, a.network.layerSpecs == b.network.layerSpecs else {
            throw CLIUsageError(description: "\(b.path) has another architecture than \(a.path) (\(b.description.sequentialModules.joined(separator: " → ")) vs \(a.description.sequentialModules.joined(separator: " → "))): a plane or line needs the same parameters")
        }
        guard a.description.encoding == b.description.encoding else {
            throw CLIUsageError(description: "\(b.path) encodes the data differently from \(a.path) (other features, classes or categories)")
        }
    }

    /// A progress observer that redraws one bar on a terminal, from any worker thread.
    final class Progress: @unchecked Sendable {
        private var bar = ProgressBar(enabled: true)
        private let lock = NSLock()
        private let label: String
        init(label: String) { self.label = label }
        func update(_ done: Int, _ total: Int) {
            lock.lock()
            defer { lock.unlock() }
            bar.update(done: done, total: total, label: "\(label) \(done)/\(total)")
        }
        func clear() { bar.clear() }
    }

    /// Writes --csv and --plot when given (atomically, each said on standard error), then `text` to standard output.
    func write(csv csvText: () -> String, points: Int, svg: () -> String, picture: String, text: String) throws {
        if let csv {
            try AtomicFile.write(csvText(), to: csv)
            Diagnostics.print("descent: wrote \(points) points to \(csv)")
        }
        if let plot {
            try AtomicFile.write(svg(), to: plot)
            Diagnostics.print("descent: wrote the \(picture) to \(plot)")
        }
        try StandardOutput.write(text)
    }

    func run(format: CSVReadOptions) throws {
        let threads = try OpenBLASRuntime.configureThreads(requested: options.threads, environment: ProcessInfo.processInfo.environment)
        if !options.line.isEmpty {
            try runLine(format: format, threads: threads)
        } else {
            try runPlane(format: format, threads: threads)
        }
    }
}
