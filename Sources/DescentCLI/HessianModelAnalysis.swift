import Descent
import Foundation
import Linalg

/// `descent hessian MODEL DATA`: the checkpoint in Double, the rows, the operator H·v, and the full
/// or Lanczos analysis the flags ask for.
struct HessianModelAnalysis {
    let command: HessianCommand
    /// The report being built (the Lanczos helper adds its timing).
    var report = HessianReport(parameters: 0)

    /// The default row limit when --samples is not given.
    static let defaultRowLimit = 4096

    /// The rows used: all of `count` when `limit` ≥ count, else a seeded random subset of `limit`
    /// rows, in file order (the first draws of `random.permutation`).
    static func rowSubset(count: Int, limit: Int, random: inout RandomGenerator) -> [Int] {
        guard limit < count else { return Array(0..<count) }
        return Array(random.permutation(count).prefix(limit)).sorted()
    }

    mutating func run() throws -> HessianReport {
        guard let modelPath = command.model, let dataPath = command.data else { throw CLIUsageError(description: "give MODEL.safetensors and DATA.csv") }
        let file = try SafeTensorsFile.read(from: modelPath)
        let description = try ModelCheckpoint.description(of: file, path: modelPath)
        var master = RandomGenerator(seed: command.seed)
        var subsetRandom = RandomGenerator(seed: master.next())
        var lanczosRandom = RandomGenerator(seed: master.next())
        var traceRandom = RandomGenerator(seed: master.next())

        var dataset = try InputFileError.naming(dataPath) {
            try description.encoding.encode(try CSVReader.read(contentsOf: dataPath, options: try command.format.csvOptions()))
        }
        try description.standardizer.applyChecked(to: &dataset)
        guard dataset.hasTarget else {
            throw CLIUsageError(description: "\(dataPath) has no target column '\(description.encoding.target.name)': the loss needs it")
        }
        let limit = command.samples ?? Self.defaultRowLimit
        let rows = Self.rowSubset(count: dataset.rowCount, limit: limit, random: &subsetRandom)
        let set = EvaluationSet<Double>(dataset: dataset, rows: rows)
        // Tensors are read as Double whatever their dtype on disk (F32 → F64 is exact).
        let network = try ModelCheckpoint.network(from: file, description: description, path: modelPath,
                                                  maxBatchSize: min(512, rows.count), as: Double.self)
        if let position = network.rowsWithNonFiniteOutput(set).first {
            throw DataError.valueOutOfRange(SourceLocation(file: dataPath, line: dataset.sourceLines[rows[position]]),
                                            columnName: dataset.largestFeatureName(row: rows[position]))
        }
        // A model trained with --class-weight: the Hessian of the weighted objective it minimized.
        try network.lossFunction.setClassWeights(HeldOutRecord.read(from: file)?.classWeights)
        let operatorH = try NetworkHessian(network: network, rows: set, mode: .evaluation)
        let n = operatorH.dimension
        let timed = TimedProduct { v, hv in operatorH.apply(v, into: hv) }
        let product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void = { v, hv in timed(v, hv) }
        let started = Date()

        report = HessianReport(parameters: n)
        let modelName = URL(fileURLWithPath: modelPath).lastPathComponent, dataName = URL(fileURLWithPath: dataPath).lastPathComponent
        let lossName = network.lossFunction.kind.isClassification
            ? (network.lossFunction.classWeights == nil ? "mean cross-entropy" : "class-weighted mean cross-entropy") : "mean squared error"
        var objective = lossName
        if description.regularization.l2 > 0 { objective += " + ½·\(HessianReport.number(description.regularization.l2))·Σ‖W‖² (L2)" }
        if description.regularization.l1 > 0 { objective += " + \(HessianReport.number(description.regularization.l1))·Σ|W| (L1, Hessian 0 almost everywhere)" }
        let rowText = rows.count == dataset.rowCount ? "all \(Plural.count(rows.count, "row"))" : "\(rows.count) of \(Plural.count(dataset.rowCount, "row")) (seed \(command.seed))"
        report.header = [
            "Hessian of \(modelName) on \(dataName), \(rowText): \(objective)",
            "in Double (model trained in \(description.precision.rawValue)); evaluation mode: dropout off, batch norm on running statistics",
        ]
        report.subject = .model(path: modelPath, data: dataPath, rows: rows.count, trainedPrecision: description.precision.rawValue,
                                l2: description.regularization.l2, l1: description.regularization.l1)

        if let k = command.top {
            let result = try lanczos(count: k, dimension: n, random: &lanczosRandom, timed: timed, product: product)
            report.lanczos = result
            report.method = "Lanczos with partial reorthogonalization (Simon)"
        } else {
            let guardrail = command.maxParams.map { HessianMemoryGuard(maximumParameters: $0) } ?? HessianMemoryGuard()
            try guardrail.check(parameters: n)
            try ResourceCheck.fullHessian(parameters: n, flag: command.maxParams.map { "--max-params \($0)" } ?? "the full Hessian")
            var bar = ProgressBar(enabled: true)
            let assembled = try operatorH.assemble(memoryGuard: guardrail) { done, total in
                bar.update(done: done, total: total, label: "assembling H: \(done)/\(total) columns")
            }
            bar.clear()
            let assembledAt = Date()
            report.full = try HessianSpectrum(assembled, extremeVectors: 0, singularValues: command.svd)
            let eigensolver = (report.full?.eigensolver ?? "dsyevd") + (command.svd ? " + dgesdd" : "")
            report.timing.assemblySeconds = assembledAt.timeIntervalSince(started)
            report.timing.eigensolverSeconds = Date().timeIntervalSince(assembledAt)
            report.timing.eigensolver = eigensolver
            report.method = "full Hessian assembled from H·eⱼ (block products), symmetrized; eigenvalues by \(eigensolver)"
        }
        if command.trace {
            report.traceEstimate = try HutchinsonTrace.estimate(dimension: n, samples: command.traceSamples, random: &traceRandom, product: product)
        }
        if command.density {
            try ResourceCheck.lanczos(vectors: min(90, n), dimension: n, flag: "--density", advice: "Leave out --density for this model")
            report.density = try StochasticLanczosQuadrature.density(dimension: n, runs: 1, steps: min(90, n), gridPoints: 1000,
                                                                     random: &lanczosRandom, product: product)
        }
        report.productCount = operatorH.productCount
        report.timing.productSeconds = timed.seconds
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// `--top K`: Lanczos within the step and memory limits, with a progress bar on a terminal and
    /// its seconds split into products and the rest.
    mutating func lanczos(count k: Int, dimension n: Int, random: inout RandomGenerator, timed: TimedProduct,
                 product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) throws -> LanczosResult {
        guard k <= n else { throw CLIUsageError(description: "--top \(k): the model has only \(Plural.count(n, "parameter"))") }
        let steps = try HessianCommand.lanczosSteps(requested: command.maxSteps, count: k, dimension: n)
        try ResourceCheck.lanczos(vectors: steps, dimension: n, flag: "--top \(k)", advice: "Use a smaller --top (or --max-steps)")
        var bar = ProgressBar(enabled: true)
        let productsBefore = timed.seconds, start = Date()
        let result = try Lanczos.extremeEigenpairs(dimension: n, count: k, maxSteps: steps, tolerance: command.tolerance,
                                                   ends: command.ends, random: &random, progress: { state in
            bar.update(done: state.step, total: state.maxSteps,
                       label: String(format: "Lanczos step %d/%d, residual λmax %.1e λmin %.1e (tolerance %.0e)", state.step, state.maxSteps,
                                     state.largestResidual, state.smallestResidual, state.tolerance))
        }, product: product)
        bar.clear()
        let seconds = Date().timeIntervalSince(start)
        report.timing.lanczosSeconds = seconds
        report.timing.lanczosOverheadSeconds = max(0, seconds - (timed.seconds - productsBefore))
        return result
    }
}
