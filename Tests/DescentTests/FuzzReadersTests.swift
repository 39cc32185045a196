import Foundation
import Linalg
import Testing
@testable import Descent

/// Mutated CSV and safetensors files through the library's readers: none may crash, every failure
/// must be a typed error with a bounded message, and every success must be consistent.
@Suite("Fuzz: mutated CSV and safetensors files give typed errors or consistent results, never a crash")
struct FuzzReadersTests {
    static let csvSeeds: [String] = [
        "sepal_length,sepal_width,species\n5.1,3.5,setosa\n4.9,3.0,setosa\n7.0,3.2,versicolor\n6.4,3.2,versicolor\n6.3,3.3,virginica\n5.8,2.7,virginica\n",
        "a;b;label\n\"5,1\";x;1\n\"4,2\";y;0\n3;x;1\n2;NA;0\n1;y;1\n",
        "id,city,price,y\n1,\"Paris, FR\",$5.10,1.5\n2,Lyon,$6.20,2.5\n3,\"Nice \"\"old\"\"\",$7.00,3.5\n4,Lyon,,4.5\n5,Paris,12%,5.5\n",
        "x,y\r\n1e200,0\r\n2,1\r\n-1e200,0\r\n4,1\r\n",
        "\u{FEFF}f0,f1,t\n0,0,a\n1,2,b\n2,4,a\n3,6,b\n\n4,8,a\n",
    ]

    @Test("2 000 mutated CSV files through CSVReader, Dataset, the standardizer and scoring")
    func csvFiles() {
        var mutator = FuzzMutator(seed: 20_261_130)
        let seeds = Self.csvSeeds.map { Array($0.utf8) }
        var outcomes: [String: Int] = [:]
        for iteration in 0..<2_000 {
            let seed = seeds[iteration % seeds.count]
            let bytes = mutator.mutate(seed, other: seeds[mutator.below(seeds.count)])
            let outcome = Self.readCSV(bytes, policy: MissingValuePolicy.allCases[mutator.below(4)], threads: 1 + mutator.below(2))
            outcomes[outcome, default: 0] += 1
        }
        #expect(outcomes["trained", default: 0] > 100, "enough inputs get through to the end: \(outcomes)")
        #expect(outcomes.count > 5, "the inputs reach many different errors: \(outcomes)")
    }

    /// Reads one CSV as train, evaluate and predict would; returns "trained" or the error's kind.
    static func readCSV(_ bytes: [UInt8], policy: MissingValuePolicy, threads: Int) -> String {
        let options = CSVReadOptions(threads: threads)
        let table: CSVTable, dataset: Dataset
        do throws(DataError) {
            table = try CSVReader.parse(bytes: bytes, source: "fuzz.csv", options: options, minimumChunkBytes: 16)
            dataset = try Dataset(table: table, options: DatasetOptions(missingValues: policy))
        } catch {
            return kind(error)
        }
        #expect(dataset.features.count == dataset.rowCount * dataset.featureCount)
        #expect(dataset.sourceLines.count == dataset.rowCount)
        let rows = Array(0..<dataset.rowCount)
        let standardizer = Standardizer(mode: .standardize, fittingRows: rows, of: dataset)
        do throws(DataError) {
            try standardizer.checkFinite(fittingRows: rows, of: dataset)
        } catch {
            return kind(error)
        }
        var standardized = dataset
        standardizer.apply(to: &standardized)
        let allFinite = standardized.features.allSatisfy { $0.isFinite }
        #expect(allFinite, "finite statistics give finite features")
        let scored: ScoringRows
        do throws(DataError) {
            scored = try dataset.encoding.scoringRows(table, useTarget: true, missing: policy == .error ? nil : policy,
                                                      standardizer: standardizer)
        } catch {
            if case .fillValueNotStored = error { return "fill value not stored" }
            Issue.record("the training file's own rows fail to score: \(error)")
            return "scoring failed"
        }
        var standardizedRows = scored
        standardizedRows.standardize(with: standardizer)
        for rows in [scored, standardizedRows] {
            #expect(rows.dataset.rowCount + rows.unscored.count == rows.totalRows)
            #expect(rows.inputRows == rows.inputRows.sorted() && rows.inputRows.count == rows.dataset.rowCount)
        }
        let scoredFinite = standardizedRows.dataset.features.allSatisfy { $0.isFinite }
        #expect(scoredFinite)
        return "trained"
    }

    /// The error's case name, after checking its message is bounded.
    static func kind(_ error: DataError) -> String {
        #expect(error.description.count < 2_000, "an unbounded message: \(error.description.prefix(200))…")
        return String(String(describing: error).prefix { $0 != "(" })
    }

    @Test("500 mutated checkpoints through SafeTensors decoding and checkpoint loading")
    func safeTensorsFiles() throws {
        let original = try Self.checkpointBytes()
        var mutator = FuzzMutator(seed: 7)
        var loaded = 0
        for _ in 0..<500 {
            let bytes = mutator.mutate(original, other: original)
            do {
                let file = try SafeTensorsFile.decode(Data(bytes), path: "fuzz.safetensors")
                let description = try ModelCheckpoint.description(of: file, path: "fuzz.safetensors")
                let network = try ModelCheckpoint.network(from: file, description: description, path: "fuzz.safetensors",
                                                          maxBatchSize: 4, as: Float.self)
                let inputs = [Float](repeating: 0.5, count: network.inputCount)
                var outputs = [Float](repeating: 0, count: network.outputCount)
                inputs.withUnsafeBufferPointer { inputs in
                    outputs.withUnsafeMutableBufferPointer { network.predict(inputs: inputs, batchSize: 1, into: $0) }
                }
                #expect(description.spec.inputCount == description.encoding.featureCount)
                loaded += 1
            } catch let error as SafeTensorsError {
                #expect(error.description.count < 2_000)
            } catch let error as CheckpointError {
                #expect(error.description.count < 2_000)
            } catch {
                Issue.record("untyped error: \(error)")
            }
        }
        #expect(loaded > 10, "some mutations keep a loadable checkpoint: \(loaded)")
    }

    /// A small classification checkpoint (3 features, one hidden layer of 4, 2 classes).
    static func checkpointBytes() throws -> [UInt8] {
        let table = try CSVReader.parse(text: "a,b,c,y\n1,2,x,p\n2,3,y,q\n3,1,x,p\n4,0,y,q\n")
        let dataset = try Dataset(table: table)
        let spec = NetworkSpec(inputCount: dataset.featureCount, hiddenSizes: [4], outputCount: 2)
        var random = RandomGenerator(seed: 1)
        let network = try Network<Float>(spec: spec, maxBatchSize: 4, random: &random)
        let standardizer = Standardizer(mode: .standardize, fittingRows: Array(0..<dataset.rowCount), of: dataset)
        let description = ModelDescription(spec: spec, precision: .float, encoding: dataset.encoding, standardizer: standardizer,
                                           optimizer: OptimizerConfiguration(kind: .adam), regularization: Regularization(),
                                           epoch: 1, step: 1, seed: 1)
        return [UInt8](try ModelCheckpoint.file(network: network, description: description).encoded())
    }
}
