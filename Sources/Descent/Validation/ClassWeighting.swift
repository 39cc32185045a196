/// How the classes of a cross-entropy loss are weighted (`LossFunction.setClassWeights`).
///
/// `.balanced` is scikit-learn's `class_weight="balanced"`: w_k = n/(C·n_k) for n training rows in
/// C classes, n_k of class k — each class then carries the same total weight n/C. The weights enter
/// the loss as PyTorch's `CrossEntropyLoss(weight: w)` does (a weighted mean Σ w_y·ℓ / Σ w_y).
public enum ClassWeighting: Sendable, Equatable {
    /// Every class weighs 1 (the plain mean).
    case none
    /// w_k = n/(C·n_k).
    case balanced
    /// Weights by class name; unnamed classes weigh 1.
    case explicit([String: Double])

    /// Parses `balanced`, `none`, or `NAME=W,NAME=W,…` (a name may hold '=': the last '=' splits).
    public init(parsing text: String) throws(EvaluationError) {
        switch text {
        case "none": self = .none
        case "balanced": self = .balanced
        default:
            var weights: [String: Double] = [:]
            for item in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let equals = item.lastIndex(of: "=") else { throw .invalidWeight(name: String(item), value: "") }
                let name = String(item[..<equals]), value = String(item[item.index(after: equals)...])
                guard let weight = Double(value), weight > 0, weight.isFinite else { throw .invalidWeight(name: name, value: value) }
                weights[name] = weight
            }
            self = .explicit(weights)
        }
    }

    /// The weight of each class given the training rows' class indices; nil for `.none`.
    public func weights(classNames: [String], trainingLabels: [Int32]) throws(EvaluationError) -> [Double]? {
        switch self {
        case .none:
            return nil
        case .balanced:
            var counts = [Int](repeating: 0, count: classNames.count)
            for label in trainingLabels { counts[Int(label)] += 1 }
            if let empty = counts.firstIndex(of: 0) { throw .emptyClass(name: classNames[empty]) }
            let n = Double(trainingLabels.count), c = Double(classNames.count)
            return counts.map { n / (c * Double($0)) }
        case let .explicit(byName):
            for name in byName.keys.sorted() where !classNames.contains(name) {
                throw .unknownClass(name: name, known: classNames)
            }
            return classNames.map { byName[$0] ?? 1 }
        }
    }
}

/// The balance of classes in a set of rows: what a data summary warns about.
public struct ClassBalance: Sendable, Equatable, Codable {
    /// Rows per class, in class order.
    public var counts: [Int]
    /// The smallest class's share of the rows (0 for no rows).
    public var smallestFraction: Double
    /// The index of the smallest class (the first of equals).
    public var smallestClass: Int

    /// The balance of `labels` over `classCount` classes.
    public init(labels: [Int32], classCount: Int) {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[Int(label)] += 1 }
        self.counts = counts
        let smallest = counts.indices.min { counts[$0] < counts[$1] } ?? 0
        smallestClass = smallest
        smallestFraction = labels.isEmpty || counts.isEmpty ? 0 : Double(counts[smallest]) / Double(labels.count)
    }

    /// Whether the smallest class holds under `threshold` of the rows (10% by default): the point
    /// at which `ClassWeighting.balanced` is worth suggesting.
    public func isImbalanced(threshold: Double = 0.1) -> Bool { smallestFraction < threshold }
}
