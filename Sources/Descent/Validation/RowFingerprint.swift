/// A 64-bit fingerprint of one encoded, scaled row — its features rounded to Float and its target
/// (class index, or value rounded to Float) — by FNV-1a over their bit patterns. Rounding to Float
/// makes the same row read by training and by scoring (each scaling in Double) hash alike.
///
/// Used to notice when a file being scored holds rows a model was trained on; a collision (two
/// different rows with one fingerprint, probability ≈ n²/2⁶⁵) can only cause a false warning.
public enum RowFingerprint {
    /// The fingerprints of `rows` of `dataset` (all rows when nil), in order.
    public static func fingerprints(of dataset: Dataset, rows: [Int]? = nil) -> [UInt64] {
        let f = dataset.featureCount
        let selected = rows ?? Array(0..<dataset.rowCount)
        let classification = dataset.task == .classification && dataset.hasTarget
        return selected.map { row in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            func mix(_ bits: UInt32) {
                for shift in stride(from: 0, to: 32, by: 8) {
                    hash ^= UInt64((bits >> UInt32(shift)) & 0xff)
                    hash = hash &* 0x0000_0100_0000_01b3
                }
            }
            for column in 0..<f { mix(Float(dataset.features[row * f + column]).bitPattern) }
            if classification {
                mix(UInt32(bitPattern: dataset.classIndices[row]))
            } else if dataset.hasTarget {
                mix(Float(dataset.targetValues[row]).bitPattern)
            }
            return hash
        }
    }
}

/// What a checkpoint remembers for honest evaluation, under its own metadata key
/// (`metadataKey`, JSON with snake_case keys): which rows of the training file were held out as
/// the test set, fingerprints of the rows used in training and validation (for files up to
/// `fingerprintLimit` such rows), the baselines fitted on the training rows (class prior or mean,
/// and the linear model's parameters), and the class weights.
public struct HeldOutRecord: Sendable, Equatable, Codable {
    /// The checkpoint metadata key.
    public static let metadataKey = "descent_evaluation"
    /// The most training + validation rows whose fingerprints are stored (16 hex digits each).
    public static let fingerprintLimit = 200_000

    /// The record's format version.
    public var version: Int = 1
    /// The training file's name as given.
    public var source: String
    /// The SHA-256 of the training file, to check that scoring the held-out rows reads the same file.
    public var sourceSHA256: String?
    /// The 1-based file lines of the test rows (empty without a test split).
    public var testLines: [Int]
    /// Fingerprints (16 hex digits) of the training and validation rows, sorted; nil above the limit.
    public var trainedRowFingerprints: [String]?
    /// The training rows' class frequencies (classification), else nil.
    public var classPrior: [Double]?
    /// The training rows' mean of each target (regression), else nil.
    public var targetMean: [Double]?
    /// The class weights of the loss, nil when unweighted.
    public var classWeights: [Double]?
    /// The flat parameters (PyTorch order: weight [out, in], then bias) of the linear baseline —
    /// the same network with no hidden layer, fitted by L-BFGS (`Baselines.fitLinear`) — nil when none was trained.
    public var linearParameters: [Double]?

    enum CodingKeys: String, CodingKey {
        case version, source, sourceSHA256 = "source_sha256", testLines = "test_lines"
        case trainedRowFingerprints = "trained_row_fingerprints", classPrior = "class_prior", targetMean = "target_mean"
        case classWeights = "class_weights", linearParameters = "linear_parameters"
    }

    /// Encodes every key, nil as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(source, forKey: .source)
        try container.encode(sourceSHA256, forKey: .sourceSHA256)
        try container.encode(testLines, forKey: .testLines)
        try container.encode(trainedRowFingerprints, forKey: .trainedRowFingerprints)
        try container.encode(classPrior, forKey: .classPrior)
        try container.encode(targetMean, forKey: .targetMean)
        try container.encode(classWeights, forKey: .classWeights)
        try container.encode(linearParameters, forKey: .linearParameters)
    }

    /// The record of prepared data: test lines, fingerprints of training + validation rows (when
    /// at most `fingerprintLimit`), the baseline of the training rows.
    public init(data: PreparedData, sourceSHA256: String?, classWeights: [Double]?) {
        let dataset = data.dataset
        source = dataset.source
        self.sourceSHA256 = sourceSHA256
        testLines = data.split.test.map { dataset.sourceLines[$0] }
        let seen = data.split.training + data.split.validation
        trainedRowFingerprints = seen.count <= Self.fingerprintLimit
            ? RowFingerprint.fingerprints(of: dataset, rows: seen).sorted().map(Self.hex) : nil
        if dataset.task == .classification {
            classPrior = Baselines.classPrior(trainingLabels: data.split.training.map { dataset.classIndices[$0] },
                                              classCount: dataset.classNames.count)
            targetMean = nil
        } else {
            classPrior = nil
            targetMean = Baselines.targetMean(trainingTargets: data.split.training.map { dataset.targetValues[$0] }, outputCount: 1)
        }
        self.classWeights = classWeights
    }

    /// A fingerprint as 16 lowercase hex digits.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The positions of `dataset`'s rows whose fingerprint is among the trained rows' (nil when
    /// the record holds no fingerprints).
    public func rowsSeenInTraining(_ dataset: Dataset) -> [Int]? {
        guard let trainedRowFingerprints else { return nil }
        let known = Set(trainedRowFingerprints)
        return RowFingerprint.fingerprints(of: dataset).enumerated().compactMap { known.contains(Self.hex($0.element)) ? $0.offset : nil }
    }
}
