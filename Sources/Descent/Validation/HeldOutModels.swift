import Foundation
import Linalg

extension HeldOutRecord {
    /// The record stored in a checkpoint's metadata, nil when the checkpoint has none (trained
    /// before it existed) or it cannot be read.
    public static func read(from file: SafeTensorsFile) -> HeldOutRecord? {
        guard let text = file.metadata[metadataKey] else { return nil }
        return try? JSONDecoder().decode(HeldOutRecord.self, from: Data(text.utf8))
    }

    /// The linear baseline of a model of `spec` rebuilt from `linearParameters` (with the class
    /// weights), nil when the record has none or they do not fit the spec's linear shape.
    public func linearNetwork<Scalar: BLASScalar>(of spec: NetworkSpec, maxBatchSize: Int = 512) -> Network<Scalar>? {
        guard let linearParameters else { return nil }
        var random = RandomGenerator(seed: 0)
        guard let network = try? Network<Scalar>(spec: Baselines.linearSpec(of: spec), maxBatchSize: maxBatchSize, random: &random),
              network.layout.count == linearParameters.count else { return nil }
        for (index, value) in linearParameters.enumerated() { network.parameters[index] = Scalar(value) }
        try? network.lossFunction.setClassWeights(classWeights)
        return network
    }

    /// The positions of `dataset`'s rows that are the recorded test rows (by file line), when the
    /// dataset was read from the training file itself.
    public func testRows(of dataset: Dataset) -> [Int] {
        let lines = Set(testLines)
        return dataset.sourceLines.indices.filter { lines.contains(dataset.sourceLines[$0]) }
    }
}
