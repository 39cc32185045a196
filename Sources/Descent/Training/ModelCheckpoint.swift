import Foundation
import Linalg

/// A trained model on disk: a safetensors file whose tensors carry the state_dict names of the
/// equivalent PyTorch `nn.Sequential` (so `model.load_state_dict(safetensors.torch.load_file(path))`
/// accepts it), and whose `__metadata__` holds the `ModelDescription` as JSON under "descent", plus
/// readable copies of its main fields ("architecture", "task", "feature_names", "class_names",
/// "standardization", "optimizer", "epoch", "step", "seed", "descent_version").
public enum ModelCheckpoint {
    /// The tensors and metadata of `network` described by `description`. Weights are stored in the
    /// precision they were trained in (F32 or F64); `num_batches_tracked` as I64, as PyTorch has it.
    /// Throws `CheckpointError.unencodableMetadata` when the description holds a value JSON cannot
    /// carry (a non-finite number): a checkpoint is never written with `null` metadata.
    public static func file<Scalar: BLASScalar>(network: Network<Scalar>, state: [NamedTensor]? = nil,
                                                description: ModelDescription) throws(CheckpointError) -> SafeTensorsFile {
        let floatType: SafeTensorsDType = Scalar.self == Float.self ? .float32 : .float64
        let tensors = (state ?? network.namedTensors()).map { tensor in
            StoredTensor(name: tensor.name, dtype: tensor.kind == .counter ? .int64 : floatType, shape: tensor.shape, values: tensor.values)
        }
        return SafeTensorsFile(tensors: tensors, metadata: try metadata(description))
    }

    /// The `__metadata__` strings for `description`; throws `CheckpointError.unencodableMetadata`
    /// naming the entry when a value cannot be written as JSON (a non-finite number).
    public static func metadata(_ description: ModelDescription) throws(CheckpointError) -> [String: String] {
        var failure: CheckpointError?
        func json<T: Encodable>(_ value: T, _ key: String) -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            do {
                return String(decoding: try encoder.encode(value), as: UTF8.self)
            } catch {
                if failure == nil { failure = .unencodableMetadata(key: key, reason: Self.reason(error)) }
                return "null"
            }
        }
        let entries = [
            "descent": json(description, "descent"),
            "format": "pt",
            "architecture": json(description.sequentialModules, "architecture"),
            "task": description.encoding.target.task.rawValue,
            "feature_names": json(description.encoding.featureNames, "feature_names"),
            "class_names": json(description.encoding.target.classNames, "class_names"),
            "standardization": json(description.standardizer, "standardization"),
            "optimizer": description.secondOrderMethod.map {
                JSONText.object([("name", JSONText.quoted($0.rawValue)), ("lr", JSONText.number(description.optimizer.learningRate))])
            } ?? json(description.optimizer, "optimizer"),
            "epoch": String(description.epoch),
            "step": String(description.step),
            "seed": String(description.seed),
            "descent_version": description.descentVersion,
            "format_version": String(ModelDescription.currentFormatVersion),
        ]
        if let failure { throw failure }
        return entries
    }

    /// What JSONEncoder found: the coding path and its reason ("0.standardizer.means.2: inf").
    static func reason(_ error: Error) -> String {
        guard case let EncodingError.invalidValue(value, context) = error else { return "\(error)" }
        let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return "\(path.isEmpty ? "value" : path) is \(value), which JSON cannot hold"
    }

    /// Reads the description of a checkpoint file.
    public static func description(of file: SafeTensorsFile, path: String) throws -> ModelDescription {
        guard let text = file.metadata["descent"] else { throw CheckpointError.notADescentCheckpoint(path: path) }
        do {
            return try JSONDecoder().decode(ModelDescription.self, from: Data(text.utf8))
        } catch let error as CheckpointError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            throw CheckpointError.badMetadata(key: "descent", value: context.debugDescription)
        } catch {
            throw CheckpointError.badMetadata(key: "descent", value: String(text.prefix(120)))
        }
    }

    /// Rebuilds the network a checkpoint describes, with its weights, holding batches up to `maxBatchSize`.
    public static func network<Scalar: BLASScalar>(from file: SafeTensorsFile, description: ModelDescription, path: String,
                                                   maxBatchSize: Int, as type: Scalar.Type = Scalar.self) throws -> Network<Scalar> {
        try description.checkConsistent(with: file, path: path)
        var random = RandomGenerator(seed: description.seed)
        let network: Network<Scalar>
        do {
            network = try Network<Scalar>(spec: description.spec, maxBatchSize: maxBatchSize, random: &random)
            try network.load(namedTensors: file.tensors.map {
                NamedTensor(name: $0.name, shape: $0.shape, values: $0.values, kind: $0.dtype == .int64 ? .counter : .trainable)
            })
        } catch {
            throw CheckpointError.incompatible(path: path, reason: error.description)
        }
        network.regularization = description.regularization
        return network
    }
}
