import Linalg

/// Which of K folds each row belongs to: fold k validates the model trained on the other K − 1.
/// Folds are disjoint and together hold every row exactly once. Codable (snake_case keys) so the
/// assignment can be written beside a run's history and audited or replayed.
public struct FoldAssignment: Sendable, Equatable, Codable {
    /// K.
    public var foldCount: Int
    /// The fold of each row, in 0..<K, in the rows' order.
    public var folds: [Int]

    enum CodingKeys: String, CodingKey {
        case foldCount = "fold_count"
        case folds
    }

    /// An assignment from its fields.
    public init(foldCount: Int, folds: [Int]) {
        self.foldCount = foldCount
        self.folds = folds
    }

    /// Rows of fold `k`, ascending (the validation rows of split k).
    public func validationRows(fold k: Int) -> [Int] { folds.indices.filter { folds[$0] == k } }

    /// Rows of every other fold, ascending (the training rows of split k).
    public func trainingRows(fold k: Int) -> [Int] { folds.indices.filter { folds[$0] != k } }

    /// Rows per fold.
    public var foldSizes: [Int] {
        var sizes = [Int](repeating: 0, count: foldCount)
        for fold in folds { sizes[fold] += 1 }
        return sizes
    }
}

/// Deals rows into K folds, seeded.
///
/// - Classification (class indices given): stratified like scikit-learn's
///   `StratifiedKFold(shuffle=True)` — each class's rows are shuffled and dealt round-robin,
///   continuing the count from the previous class, so every fold holds ⌊nₖ/K⌋ or ⌈nₖ/K⌉ rows of
///   class k and the fold sizes differ by at most one.
/// - Regression: all rows shuffled and dealt round-robin (sizes differ by at most one), as `KFold(shuffle=True)`.
/// - Grouped (`groups` given): rows sharing a group key always land in the same fold. Groups are
///   shuffled, then taken largest first (a stable sort, so equal sizes keep the shuffled order)
///   and each goes to the fold where it grows Σ_f Σ_k (count[f][k] − nₖ/K)² least — the fold
///   minimizing Σ_k a_k·count[f][k] for a group of a_k rows of class k (one "class" for
///   regression: the smallest fold). A greedy balance of fold sizes and, for classification, of
///   class proportions (what `StratifiedGroupKFold` aims at). Ties go to the lower fold.
public struct FoldSplitter: Sendable, Equatable {
    /// K, at least 2.
    public var foldCount: Int

    /// A splitter into `foldCount` folds.
    public init(foldCount: Int) { self.foldCount = foldCount }

    /// The folds of `rowCount` rows; `classIndices` (one per row) stratifies, `groups` (one key per
    /// row) keeps groups whole. Draws from `random` only.
    public func assign(rowCount: Int, classIndices: [Int32]? = nil, groups: [String]? = nil,
                       random: inout RandomGenerator) throws(EvaluationError) -> FoldAssignment {
        if let groups {
            guard groups.count == rowCount else { throw .groupCountMismatch(groups: groups.count, rows: rowCount) }
            return try grouped(groups: groups, classIndices: classIndices, random: &random)
        }
        guard foldCount >= 2, foldCount <= rowCount else {
            throw .invalidFoldCount(folds: foldCount, units: rowCount, unitName: "rows")
        }
        var order: [Int]
        if let classIndices {
            let classCount = Int(classIndices.max() ?? 0) + 1
            var byClass = [[Int]](repeating: [], count: classCount)
            for (row, label) in classIndices.enumerated() { byClass[Int(label)].append(row) }
            order = []
            for var rows in byClass {
                random.shuffle(&rows)
                order += rows
            }
        } else {
            order = random.permutation(rowCount)
        }
        var folds = [Int](repeating: 0, count: rowCount)
        for (position, row) in order.enumerated() { folds[row] = position % foldCount }
        return FoldAssignment(foldCount: foldCount, folds: folds)
    }

    /// Greedy grouped assignment (see the type's comment).
    private func grouped(groups: [String], classIndices: [Int32]?, random: inout RandomGenerator) throws(EvaluationError) -> FoldAssignment {
        var index: [String: Int] = [:]
        var members: [[Int]] = []
        for (row, key) in groups.enumerated() {
            if let existing = index[key] {
                members[existing].append(row)
            } else {
                index[key] = members.count
                members.append([row])
            }
        }
        guard foldCount >= 2, foldCount <= members.count else {
            throw .invalidFoldCount(folds: foldCount, units: members.count, unitName: "groups")
        }
        let classCount = classIndices.map { Int($0.max() ?? 0) + 1 } ?? 1
        func label(_ row: Int) -> Int { classIndices.map { Int($0[row]) } ?? 0 }
        var order = random.permutation(members.count)
        order = order.enumerated().sorted {
            members[$0.element].count != members[$1.element].count
                ? members[$0.element].count > members[$1.element].count : $0.offset < $1.offset
        }.map(\.element)
        var counts = [[Double]](repeating: [Double](repeating: 0, count: classCount), count: foldCount)
        var folds = [Int](repeating: 0, count: groups.count)
        for group in order {
            var add = [Double](repeating: 0, count: classCount)
            for row in members[group] { add[label(row)] += 1 }
            var best = 0, bestCost = Double.infinity
            for fold in 0..<foldCount {
                var cost = 0.0  // the growth of Σ (count − ideal)², less the terms equal for every fold
                for k in 0..<classCount { cost += add[k] * counts[fold][k] }
                if cost < bestCost { best = fold; bestCost = cost }
            }
            for k in 0..<classCount { counts[best][k] += add[k] }
            for row in members[group] { folds[row] = best }
        }
        return FoldAssignment(foldCount: foldCount, folds: folds)
    }
}
