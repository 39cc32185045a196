import Descent
import Foundation
import Linalg

/// The plane mode: L(θ* + a·d₁ + b·d₂) on an N×N grid.
extension NetworkLandscapeRun {
    /// What drew the plane, for the report.
    struct PlaneSource {
        var kind: String
        var plane: NetworkPlane
        var eigenpairs: (first: Eigenpair, second: Eigenpair)?
        var models: [String] = []
    }

    func runPlane(format: CSVReadOptions, threads: Int) throws {
        guard files.count == 2 else {
            throw CLIUsageError(description: "descent landscape needs MODEL.safetensors DATA.csv for a network (got \(files.count) files: \(files.joined(separator: " "))); without files it runs --function")
        }
        let model = try Self.model(files[0])
        let set = try Self.rows(files[1], for: model, format: format)
        let source = try planeSource(model, rows: set)
        let (low, high) = try options.bounds(plane: source.kind == "models")
        let axis = NetworkLandscape.axis(from: low, to: high, count: options.resolution ?? 21)
        let progress = Progress(label: "landscape")
        let grid = try NetworkLandscape.grid(network: model.network, plane: source.plane, a: axis, b: axis, rows: set, statisticsRows: set,
                                             options: LandscapeEvaluationOptions(threads: threads, recomputesBatchNorm: options.bnRecompute),
                                             progress: { progress.update($0, $1) })
        progress.clear()
        let evaluation = Evaluator.evaluate(model.network, on: set)
        let check = try source.eigenpairs.map {
            try NetworkLandscape.secondDifference(network: model.network, direction: $0.first.vector, step: PlaneReport.secondDifferenceStep, rows: set)
        }
        let report = PlaneReport(model: model, data: files[1], rows: set.rowCount, source: source, grid: grid,
                                 evaluation: LandscapeValue(loss: evaluation.loss, accuracy: evaluation.accuracy), secondDifference: check,
                                 options: options, seed: seed, threads: threads)
        try write(csv: { report.csv }, points: grid.values.count, svg: { report.svg }, picture: "contour plot",
                  text: json ? report.json + "\n" : report.text)
    }

    /// The plane the --directions flag asks for.
    func planeSource(_ model: Model, rows: EvaluationSet<Double>) throws -> PlaneSource {
        let theta = model.network.state().parameters
        var random = RandomGenerator(seed: seed)
        switch options.directions {
        case "random":
            let first = NetworkDirections.random(layout: model.network.layout, parameters: theta, normalization: options.normalization,
                                                 includeBias: options.includeBias, random: &random)
            let second = NetworkDirections.random(layout: model.network.layout, parameters: theta, normalization: options.normalization,
                                                  includeBias: options.includeBias, random: &random)
            return PlaneSource(kind: "random", plane: NetworkPlane(origin: theta, first: first, second: second))
        case "hessian":
            let hessian = try NetworkHessian(network: model.network, rows: rows, mode: .evaluation)
            let pairs = try NetworkDirections.hessian(hessian, random: &random)
            return PlaneSource(kind: "hessian", plane: NetworkPlane(origin: theta, first: pairs.first.vector, second: pairs.second.vector),
                               eigenpairs: pairs)
        default:
            let paths = options.directions.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard (1...2).contains(paths.count), paths.allSatisfy({ !$0.isEmpty }) else {
                throw CLIUsageError(description: "--directions \(options.directions) is invalid: expected random, hessian, MODEL2 (the plane through MODEL, MODEL2 and MODEL's initial weights) or MODEL2,MODEL3")
            }
            if let missing = paths.first(where: { !FileManager.default.fileExists(atPath: $0) }) {
                throw CLIUsageError(description: "--directions \(options.directions.prefix(200)): no file \(missing.prefix(200)); expected random, hessian, MODEL2 (the plane through MODEL, MODEL2 and MODEL's initial weights) or MODEL2,MODEL3")
            }
            let others = try paths.map { try Self.model($0) }
            for other in others { try Self.checkSameArchitecture(model, other) }
            let initial = paths.count == 1 ? try Self.initialWeights(of: model) : nil
            let third = initial?.parameters ?? others[1].network.state().parameters
            let labels = [paths[0], initial?.label ?? paths[1]]
            let plane = NetworkPlane(through: theta, others[0].network.state().parameters, third)
            guard !plane.isDegenerate else {
                throw CLIUsageError(description: "--directions \(options.directions): \(model.path), \(labels[0]) and \(labels[1]) lie on one line (or two are the same weights), so they span no plane; give three different models")
            }
            return PlaneSource(kind: "models", plane: plane, models: labels)
        }
    }
}
