import Descent
import Foundation
import Linalg

/// The line mode: (1 − t)·θ_A + t·θ_B on DATA (and --validation).
extension NetworkLandscapeRun {
    func runLine(format: CSVReadOptions, threads: Int) throws {
        let data: String
        if files.count == 1 && options.line.count == 2 {
            data = files[0]
        } else if files.isEmpty && options.line.count == 3 {
            data = options.line[2]
        } else {
            throw CLIUsageError(description: "--line needs MODEL_A MODEL_B and one DATA.csv (descent landscape DATA.csv --line A.safetensors B.safetensors), got \(files.count + options.line.count) files")
        }
        let a = try Self.model(options.line[0]), b = try Self.model(options.line[1])
        try Self.checkSameArchitecture(a, b)
        let train = try Self.rows(data, for: a, format: format)
        let validation = try options.validation.map { try Self.rows($0, for: a, format: format) }
        let (low, high) = try options.bounds(plane: true)
        let t = NetworkLandscape.axis(from: low, to: high, count: options.resolution ?? 41)
        let progress = Progress(label: "interpolation")
        let points = try NetworkInterpolation.line(network: a.network, from: a.network.state(), to: b.network.state(), t: t, train: train,
                                                   validation: validation,
                                                   options: LandscapeEvaluationOptions(threads: threads, recomputesBatchNorm: options.bnRecompute),
                                                   progress: { progress.update($0, $1) })
        progress.clear()
        let report = LineReport(a: a, b: b, data: data, validation: options.validation, trainRows: train.rowCount,
                                validationRows: validation?.rowCount, points: points, recomputed: options.bnRecompute && a.hasBatchNorm,
                                threads: threads)
        try write(csv: { report.csv }, points: points.count, svg: { report.svg }, picture: "interpolation plot",
                  text: json ? report.json + "\n" : report.text)
    }
}
