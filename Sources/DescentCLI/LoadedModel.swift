import ArgumentParser
import Descent
import Linalg

/// A checkpoint read back for scoring: the library's `TrainedModel`.
typealias LoadedModel = TrainedModel

/// The CSV format flags (delimiter, header, decimal comma), shared by every command that reads a table.
struct CSVFormatOptions: ParsableArguments {
    @Option(help: "The field delimiter: ',', ';', tab or '|'. Default: detected.")
    var delimiter: String?

    @Flag(help: "The file has no header row; columns are named c0, c1, … (for evaluate and predict: as in training).")
    var noHeader = false

    @Flag(help: "Read numbers written with a decimal comma (5,1 = 5.1; in a ';'-delimited file or quoted).")
    var decimalComma = false

    /// The reading options.
    func csvOptions() throws -> CSVReadOptions {
        var options = CSVReadOptions(delimiter: try delimiter.map { try CSVReadOptions.delimiter(from: $0) }, hasHeader: !noHeader)
        options.decimalComma = decimalComma
        return options
    }
}

/// Reads a checkpoint and calls `body` with the model in its own precision.
func withCheckpoint(_ path: String, _ body: (SafeTensorsFile, ModelDescription) throws -> Void) throws {
    let file = try SafeTensorsFile.read(from: path)
    let description = try ModelCheckpoint.description(of: file, path: path)
    try body(file, description)
}
