import ArgumentParser
import Descent

/// `descent make-data`: synthetic CSV data sets for experiments and tests.
struct MakeDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-data",
        abstract: "Write a synthetic data set as CSV (features x0, x1, … and a 'label' or 'target' column).",
        usage: "descent make-data <kind> [<options>]",
        discussion: """
          spiral      CS231n's spiral: K interleaved arms (not linearly separable)
          blobs       K Gaussian clusters
          moons       two interleaving half circles (2 classes)
          circles     K concentric rings
          regression  y = w·x + noise with Gaussian features (--features of them)

        Examples:
          descent make-data spiral --samples 300 --classes 3 --seed 0 > spiral.csv
          descent make-data regression --samples 1000 --features 5 \\
            --out regression.csv
        """
    )

    /// The kinds of data set.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case spiral, blobs, moons, circles, regression
    }

    @Argument(help: "The data set: spiral, blobs, moons, circles or regression.")
    var kind: Kind

    @Option(help: "Total number of rows.")
    var samples = 300

    @Option(help: "Number of classes (spiral, blobs, circles).")
    var classes = 3

    @Option(help: "Number of features (regression).")
    var features = 5

    @Option(help: "Noise: the standard deviation added (moons, circles, regression) or of each blob.")
    var noise: Double?

    @Option(help: "Seed of the random generator; the same seed gives the same file.")
    var seed: UInt64 = 0

    @Option(help: "Write to this file (atomically) instead of standard output.")
    var out: String?

    func validate() throws {
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1, got \(samples)") }
        guard classes >= 2 else { throw ValidationError("--classes must be at least 2, got \(classes)") }
        guard features >= 1 else { throw ValidationError("--features must be at least 1, got \(features)") }
        if let noise, !(noise >= 0 && noise.isFinite) { throw ValidationError("--noise must be a finite number ≥ 0, got \(noise)") }
    }

    func run() throws {
        try reportingErrors {
            // The table in Double and its CSV text: about 40 bytes per cell.
            try ResourceCheck.buffers(MemoryBudget.product(samples, MemoryBudget.sum([features, 1]), 40), flag: "--samples \(samples)", what: "the table and its text")
            try OutputCheck.verify(outputs: [("--out", out)], inputs: [])
            let table: SyntheticTable
            switch kind {
            case .spiral: table = try SyntheticData.spiral(samples: samples, classes: classes, seed: seed)
            case .blobs: table = try SyntheticData.blobs(samples: samples, classes: classes, standardDeviation: noise ?? 1, seed: seed)
            case .moons: table = try SyntheticData.moons(samples: samples, noise: noise ?? 0.1, seed: seed)
            case .circles: table = try SyntheticData.circles(samples: samples, classes: classes, noise: noise ?? 0.05, seed: seed)
            case .regression: table = try SyntheticData.regression(samples: samples, features: features, noise: noise ?? 0.1, seed: seed)
            }
            let text = table.csvText()
            if let out {
                try AtomicFile.write(text, to: out)
                Diagnostics.print("descent: wrote \(Plural.count(table.rowCount, "row")) to \(out)")
            } else {
                try StandardOutput.write(text)
            }
        }
    }
}
