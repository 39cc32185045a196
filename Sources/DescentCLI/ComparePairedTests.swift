import Descent
import Foundation

extension CompareReport {
    /// One pair of contestants compared over the seeds both finished.
    struct PairComparison {
        var first: String
        var second: String
        /// The JSON name of the quantity compared (final_val_loss, else final_train_loss).
        var quantity: String
        var test: PairedTest
    }

    /// Every pair of contestants, paired t-test over the seeds on the final validation loss (the
    /// training loss without a validation split); pairs with fewer than 2 common finished seeds are left out.
    func pairedTests(runs: [CompareRun], names: [String]) -> [PairComparison] {
        let quantity = hasValidation ? "final_val_loss" : "final_train_loss"
        func value(_ run: CompareRun) -> Double? { hasValidation ? run.final.validationLoss : run.final.trainLoss }
        var result: [PairComparison] = []
        /// The finished run of `name` with `seed`, if any.
        func finished(_ name: String, _ seed: UInt64) -> CompareRun? {
            runs.first { run in run.contestant == name && run.seed == seed && run.divergence == nil }
        }
        for (i, a) in names.enumerated() {
            for b in names[(i + 1)...] {
                var xs: [Double] = [], ys: [Double] = []
                for seed in command.seedList {
                    guard let x = finished(a, seed).flatMap(value), let y = finished(b, seed).flatMap(value) else { continue }
                    xs.append(x)
                    ys.append(y)
                }
                if let test = PairedTest(xs, ys) { result.append(PairComparison(first: a, second: b, quantity: quantity, test: test)) }
            }
        }
        return result
    }

    /// The table's lines: each pair, its mean difference, p, and whether it is within the spread.
    func pairedLines(_ pairs: [PairComparison]) -> [String] {
        guard let first = pairs.first else { return [] }
        var lines = ["paired t-test over seeds on \(Self.heading(first.quantity, target: nil)) (within spread: p ≥ 0.05, the difference is not resolved by these seeds):"]
        for pair in pairs { lines.append(Self.pairLine(pair.first, pair.second, pair.test, over: "seed")) }
        return lines
    }

    /// "  a − b: +0.0123 [−0.0040, +0.0286], p = 0.11, 5 seeds  within seed-to-seed spread" — the
    /// mean difference, its 95% interval, p, the pairs used (`unit`s) and whether it is within the spread.
    static func pairLine(_ first: String, _ second: String, _ t: PairedTest, over unit: String) -> String {
        "  \(first) − \(second): \(String(format: "%+.4f", t.meanDifference)) "
            + "[\(String(format: "%+.4f", t.interval.lower)), \(String(format: "%+.4f", t.interval.upper))], p = \(String(format: "%.3g", t.pValue)), "
            + "\(t.count) \(unit)s" + (t.isWithinSpread() ? "  within \(unit)-to-\(unit) spread" : "")
    }

    /// The JSON records of the pairs (a result JSON cannot hold, an infinite t of equal runs, is null).
    func pairedRecords(_ pairs: [PairComparison]) -> [CompareRaceRecord.Pair] {
        pairs.map { CompareRaceRecord.Pair(first: $0.first, second: $0.second, quantity: $0.quantity,
                                           withinSpread: $0.test.isWithinSpread(),
                                           result: (try? JSONLine.encode($0.test)) == nil ? nil : $0.test) }
    }
}
