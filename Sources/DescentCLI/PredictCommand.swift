import ArgumentParser
import Descent
import Foundation
import Linalg

/// `descent predict`: apply a trained model to the rows of a CSV file.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict with a model: CSV on standard output with the label and each class's probability (or the value).",
        discussion: """
        The file needs the feature columns the model was trained on; the target column may be missing. \
        Output columns: classification `prediction,p_<class>…`; regression `prediction`, one row per input row.

        Examples:
          descent predict iris.safetensors new-flowers.csv > predictions.csv
          descent predict model.safetensors data.csv --out predictions.csv
        """
    )

    @Argument(help: "The model written by `descent train --out`.")
    var model: String

    @Argument(help: "The CSV file whose rows to predict.")
    var data: String

    @OptionGroup var format: CSVFormatOptions

    @Option(help: "Write the predictions to this file (atomically) instead of standard output.")
    var out: String?

    func run() throws {
        try reportingErrors {
            try OutputCheck.verify(outputs: [("--out", out)], inputs: [("MODEL", model), ("DATA", data)])
            try withCheckpoint(model) { file, description in
                if description.precision == "double" {
                    try predict(LoadedModel<Double>(path: model, file: file, description: description))
                } else {
                    try predict(LoadedModel<Float>(path: model, file: file, description: description))
                }
            }
        }
    }

    func predict<Scalar: BLASScalar>(_ loaded: LoadedModel<Scalar>) throws {
        let dataset = try loaded.dataset(csv: data, options: try format.csvOptions())
        let network = loaded.network
        let set = EvaluationSet<Scalar>(dataset: dataset)
        let classes = loaded.description.encoding.target.classNames
        let c = network.outputCount
        let outputs = AlignedBuffer<Scalar>(count: network.maxBatchSize * c)
        var text = classes.isEmpty ? "prediction\n" : "prediction," + classes.map { csvField("p_" + $0) }.joined(separator: ",") + "\n"
        var start = 0
        while start < set.rowCount {
            let count = min(network.maxBatchSize, set.rowCount - start)
            network.predict(inputs: UnsafeBufferPointer(start: set.features.baseAddress + start * set.featureCount, count: count * set.featureCount),
                            batchSize: count, into: outputs.buffer)
            for row in 0..<count {
                let values = (0..<c).map { outputs[row * c + $0] }  // printed in the model's own precision
                if classes.isEmpty {
                    text += "\(values[0])\n"
                } else {
                    var best = 0
                    for k in 1..<c where values[k] > values[best] { best = k }
                    text += csvField(classes[best]) + "," + values.map { "\($0)" }.joined(separator: ",") + "\n"
                }
            }
            start += count
        }
        if let out {
            try AtomicFile.write(text, to: out)
            Diagnostics.print("descent: wrote \(Plural.count(set.rowCount, "prediction")) to \(out)")
        } else {
            try StandardOutput.write(text)
        }
    }

    /// A CSV field, quoted when it holds a delimiter, quote or line break (RFC 4180).
    func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
