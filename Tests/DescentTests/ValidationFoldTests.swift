import Foundation
import Linalg
import Testing
import Descent

/// Fold assignment: stratified, shuffled with the seed, grouped; disjoint and covering.
@Suite("Cross-validation folds")
struct ValidationFoldTests {
    /// Every row in exactly one fold, and the folds' training/validation rows complementary.
    func checkPartition(_ assignment: FoldAssignment, rowCount: Int) {
        #expect(assignment.folds.count == rowCount)
        var seen = [Int](repeating: 0, count: rowCount)
        for k in 0..<assignment.foldCount {
            let validation = assignment.validationRows(fold: k), training = assignment.trainingRows(fold: k)
            #expect(!validation.isEmpty)
            #expect(Set(validation).isDisjoint(with: training))
            #expect((validation + training).sorted() == Array(0..<rowCount))
            for row in validation { seen[row] += 1 }
        }
        #expect(seen.allSatisfy { $0 == 1 })
    }

    @Test("Stratified folds of a class-sorted, unbalanced set: disjoint, covering, each class within ±1 per fold")
    func stratified() throws {
        // 50 / 30 / 7 rows, sorted by class (like iris): the smallest class has fewer rows than 2 per fold.
        let labels: [Int32] = Array(repeating: 0, count: 50) + Array(repeating: 1, count: 30) + Array(repeating: 2, count: 7)
        var random = RandomGenerator(seed: 5)
        let assignment = try FoldSplitter(foldCount: 5).assign(rowCount: labels.count, classIndices: labels, random: &random)
        checkPartition(assignment, rowCount: labels.count)
        for (label, total) in [(0, 50), (1, 30), (2, 7)] {
            for k in 0..<5 {
                let count = assignment.validationRows(fold: k).filter { labels[$0] == label }.count
                #expect(count == total / 5 || count == total / 5 + 1)
            }
        }
        let sizes = assignment.foldSizes
        #expect(sizes.max()! - sizes.min()! <= 1)
        // Same seed, same folds; another seed, other folds.
        var same = RandomGenerator(seed: 5), other = RandomGenerator(seed: 6)
        #expect(try FoldSplitter(foldCount: 5).assign(rowCount: 87, classIndices: labels, random: &same) == assignment)
        #expect(try FoldSplitter(foldCount: 5).assign(rowCount: 87, classIndices: labels, random: &other) != assignment)
    }

    @Test("Unstratified (regression) folds are shuffled, sizes within one, and reproducible")
    func regression() throws {
        var random = RandomGenerator(seed: 9)
        let assignment = try FoldSplitter(foldCount: 4).assign(rowCount: 23, random: &random)
        checkPartition(assignment, rowCount: 23)
        #expect(assignment.foldSizes.sorted() == [5, 6, 6, 6])
        // Shuffled: fold 0 is not the first rows.
        #expect(assignment.validationRows(fold: 0) != Array(0..<6))
    }

    @Test("Grouped folds never split a group, cover every row once, and balance sizes")
    func grouped() throws {
        var random = RandomGenerator(seed: 3)
        // 40 groups of 1…6 rows each (patients with repeated visits), labels by group parity.
        var groups: [String] = [], labels: [Int32] = []
        for group in 0..<40 {
            for _ in 0...(group % 6) {
                groups.append("patient-\(group)")
                labels.append(Int32(group % 2))
            }
        }
        for classIndices in [labels, nil] {
            let assignment = try FoldSplitter(foldCount: 5).assign(rowCount: groups.count, classIndices: classIndices,
                                                                  groups: groups, random: &random)
            checkPartition(assignment, rowCount: groups.count)
            var foldOfGroup: [String: Int] = [:]
            for (row, group) in groups.enumerated() {
                if let fold = foldOfGroup[group] { #expect(fold == assignment.folds[row]) }
                foldOfGroup[group] = assignment.folds[row]
            }
            let sizes = assignment.foldSizes
            #expect(sizes.max()! - sizes.min()! <= 6)  // at most one largest group apart
        }
    }

    @Test("Too many folds, too few groups and a wrong group count are errors that say what works")
    func errors() {
        var random = RandomGenerator(seed: 1)
        #expect(throws: EvaluationError.invalidFoldCount(folds: 6, units: 5, unitName: "rows")) {
            try FoldSplitter(foldCount: 6).assign(rowCount: 5, random: &random)
        }
        #expect(throws: EvaluationError.invalidFoldCount(folds: 1, units: 5, unitName: "rows")) {
            try FoldSplitter(foldCount: 1).assign(rowCount: 5, random: &random)
        }
        #expect(throws: EvaluationError.invalidFoldCount(folds: 3, units: 2, unitName: "groups")) {
            try FoldSplitter(foldCount: 3).assign(rowCount: 4, groups: ["a", "a", "b", "b"], random: &random)
        }
        #expect(throws: EvaluationError.groupCountMismatch(groups: 3, rows: 4)) {
            try FoldSplitter(foldCount: 2).assign(rowCount: 4, groups: ["a", "a", "b"], random: &random)
        }
        #expect(EvaluationError.invalidFoldCount(folds: 6, units: 5, unitName: "rows").description.contains("2…5"))
    }

    @Test("The assignment round-trips through JSON with snake_case keys")
    func codable() throws {
        let assignment = FoldAssignment(foldCount: 2, folds: [0, 1, 1, 0])
        let data = try JSONEncoder().encode(assignment)
        #expect(String(decoding: data, as: UTF8.self).contains("\"fold_count\":2"))
        #expect(try JSONDecoder().decode(FoldAssignment.self, from: data) == assignment)
    }
}
