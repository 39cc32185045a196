import Linalg

/// A trained model read back for inference in one call: the checkpoint's description (encoding,
/// scaling, class names) and its network, in the precision `Scalar` (a model trained in Double
/// loads as Float and back).
///
/// ```swift
/// let model = try TrainedModel<Float>(contentsOf: "iris.safetensors")
/// let predictions = try model.predict(contentsOf: "new.csv")
/// ```
public struct TrainedModel<Scalar: BLASScalar> {
    /// How the model was built and how its inputs are encoded and scaled.
    public let description: ModelDescription
    /// The network with the checkpoint's weights.
    public let network: Network<Scalar>

    /// Reads the checkpoint at `path` and rebuilds its network for batches of up to
    /// `maxBatchSize` rows. Throws `SafeTensorsError`/`CheckpointError` naming the file.
    public init(contentsOf path: String, maxBatchSize: Int = 512) throws {
        let file = try SafeTensorsFile.read(from: path)
        try self.init(path: path, file: file, description: try ModelCheckpoint.description(of: file, path: path),
                      maxBatchSize: maxBatchSize)
    }

    /// The model of `file` (read from `path`) and its `description`, for batches of up to `maxBatchSize` rows.
    public init(path: String, file: SafeTensorsFile, description: ModelDescription, maxBatchSize: Int = 512) throws {
        self.description = description
        network = try ModelCheckpoint.network(from: file, description: description, path: path, maxBatchSize: maxBatchSize)
    }

    /// The rows of `table` encoded and scaled the way training did, every row accounted for:
    /// rows that cannot be scored (missing or out-of-range values under `missing`) are listed in
    /// `ScoringRows.unscored`. With `missing` `.error` the first such row throws.
    public func scoringRows(_ table: CSVTable, useTarget: Bool, missing: MissingValuePolicy?) throws -> ScoringRows {
        var rows = try description.encoding.scoringRows(table, useTarget: useTarget, missing: missing,
                                                        standardizer: description.standardizer)
        rows.standardize(with: description.standardizer)
        rows.removeRowsWithNonFiniteOutput(network)
        if missing == .error, let first = rows.unscored.first {
            throw DataError.valueOutOfRange(first.location, columnName: first.columnName)
        }
        return rows
    }

    /// The network's outputs for every row of `dataset` (already encoded and scaled), in the
    /// model's precision: class probabilities (softmax) for classification, the value for regression.
    public func outputs(for dataset: Dataset) -> [[Scalar]] {
        let set = EvaluationSet<Scalar>(dataset: dataset)
        let c = network.outputCount
        let buffer = AlignedBuffer<Scalar>(count: network.maxBatchSize * c)
        var result: [[Scalar]] = []
        result.reserveCapacity(set.rowCount)
        var start = 0
        while start < set.rowCount {
            let count = min(network.maxBatchSize, set.rowCount - start)
            network.predict(inputs: UnsafeBufferPointer(start: set.features.baseAddress + start * set.featureCount, count: count * set.featureCount),
                            batchSize: count, into: buffer.buffer)
            for row in 0..<count { result.append((0..<c).map { buffer[row * c + $0] }) }
            start += count
        }
        return result
    }

    /// Predicts every row of the CSV file at `path` (same feature columns as training; a target
    /// column is ignored): one `Prediction` per row scored, in file order. Rows with missing
    /// values are filled (`.mean`, `.median`) or left out (nil, `.drop`) as `missing` says.
    public func predict(contentsOf path: String, csv: CSVReadOptions = CSVReadOptions(),
                        missing: MissingValuePolicy? = nil) throws -> [Prediction] {
        let rows = try scoringRows(try CSVReader.read(contentsOf: path, options: csv), useTarget: false, missing: missing)
        let classes = description.encoding.target.classNames
        return zip(rows.inputRows, outputs(for: rows.dataset)).map { row, values in
            Prediction(row: row, outputs: values.map(Double.init), label: classes.isEmpty ? nil : classes[Self.mostProbable(values)])
        }
    }

    /// The index of the largest output, the first of equals (the predicted class).
    public static func mostProbable(_ outputs: [Scalar]) -> Int {
        var best = 0
        for k in outputs.indices.dropFirst() where outputs[k] > outputs[best] { best = k }
        return best
    }
}

/// One row's prediction by a `TrainedModel`.
public struct Prediction: Sendable, Equatable {
    /// The 0-based data row of the file (header not counted).
    public var row: Int
    /// The class probabilities, or the one predicted value for regression.
    public var outputs: [Double]
    /// The most probable class (the first of equals), nil for regression.
    public var label: String?
}
