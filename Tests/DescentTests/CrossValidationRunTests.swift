import Foundation
import Linalg
import Testing
import Descent

/// `CrossValidation.run(_:configuration:plan:observer:)`: the library's k-fold cross-validation —
/// the same bits for any parallelism, a result that round-trips through Codable, and fold models
/// whose stored configuration rebuilds their rows.
@Suite("Cross-validation runs in the library")
struct CrossValidationRunTests {
    /// A temporary directory of its own.
    func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-cvrun-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// 90 rows of three noisy classes in a temporary CSV file.
    func data(in directory: URL) throws -> String {
        var random = RandomGenerator(seed: 4)
        var text = "a,b,label\n"
        for row in 0..<90 {
            let label = row % 3
            text += "\(Double(label) + random.normal() * 0.6),\(random.normal()),c\(label)\n"
        }
        let path = directory.appendingPathComponent("three.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The base configuration: a small Float MLP, Adam, 12 epochs with early stopping.
    func configuration(_ folds: FoldPreparation) throws -> RunConfiguration {
        var settings = TrainingSettings()
        settings.epochs = 12
        settings.batchSize = 16
        return RunConfiguration(data: folds.preparation, spec: try folds.all().spec(hiddenSizes: [8]),
                                method: .firstOrder(.defaults(for: .adam)), settings: settings, seed: 7, precision: .float)
    }

    @Test("Two folds at a time give the same result, byte for byte in JSON, as one at a time")
    func parallelEqualsSequential() throws {
        let folds = try FoldPreparation(DataPreparation(path: try data(in: try directory())), foldCount: 5, groupColumn: nil, seed: 7)
        let configuration = try configuration(folds)
        let one = try CrossValidation.run(folds, configuration: configuration, plan: CrossValidationPlan(parallelism: 1))
        let two = try CrossValidation.run(folds, configuration: configuration, plan: CrossValidationPlan(parallelism: 2))
        #expect(one == two)
        #expect(try JSONLine.encode(one) == JSONLine.encode(two))
        #expect(one.summary.folds.map(\.fold) == [0, 1, 2, 3, 4])
        #expect(one.summary.metrics["accuracy"]?.values.count == 5)
    }

    @Test("The result round-trips through JSON; NaN statistics become null and come back NaN")
    func codableRoundTrip() throws {
        let folds = try FoldPreparation(DataPreparation(path: try data(in: try directory())), foldCount: 3, groupColumn: nil, seed: 1)
        let result = try CrossValidation.run(folds, configuration: try configuration(folds), plan: CrossValidationPlan())
        let decoded = try JSONDecoder().decode(CrossValidationResult.self, from: Data(try JSONLine.encode(result).utf8))
        #expect(decoded == result)
        #expect(decoded.lineOfRow.count == 90 && decoded.summary.assignment.folds.count == 90)
        var undefined = result
        undefined.summary.metrics["roc_auc"] = FoldStatistics([])
        undefined.summary.folds[0].metrics["log_loss"] = .infinity
        let text = try JSONLine.encode(undefined)
        #expect(text.contains("\"mean\":null"))
        let back = try JSONDecoder().decode(CrossValidationResult.self, from: Data(text.utf8))
        #expect(back.summary.metrics["roc_auc"]?.mean.isNaN == true)
        #expect(back.summary.folds[0].metrics["log_loss"] == .some(nil))
    }

    @Test("Fold models are saved together with a RunConfiguration whose prepareData() rebuilds the fold's rows")
    func foldModelsCarryTheirConfiguration() throws {
        let directory = try directory()
        let folds = try FoldPreparation(DataPreparation(path: try data(in: directory)), foldCount: 3, groupColumn: nil, seed: 2)
        let out = directory.appendingPathComponent("m.safetensors").path
        let result = try CrossValidation.run(folds, configuration: try configuration(folds),
                                             plan: CrossValidationPlan(parallelism: 2, classWeighting: .balanced, modelPath: out))
        #expect(result.models == (0..<3).map { SavedFoldModel(path: CrossValidationPlan.foldModelPath(out, fold: $0), fold: $0) })
        for fold in 0..<3 {
            let path = CrossValidationPlan.foldModelPath(out, fold: fold)
            #expect(FileManager.default.fileExists(atPath: CheckpointPair.resumePath(forModel: path)))
            let stored = try #require(try RunConfiguration.stored(in: try SafeTensorsFile.read(from: path)))
            #expect(stored.folds == FoldSelection(foldCount: 3, groupColumn: nil, fold: fold, seed: 2))
            #expect(stored.classWeights?.count == 3)
            let rebuilt = try stored.prepareData(), original = try folds.fold(fold)
            #expect(rebuilt.split == original.split)
            #expect(rebuilt.split.test == folds.assignment.validationRows(fold: fold))
            // The rebuilt run, given the saved weights, scores the held-out fold exactly as the fold did.
            let run = try TrainingRun<Float>(configuration: stored, data: rebuilt)
            let transfer = try run.initialize(from: try SafeTensorsFile.read(from: path), path: path)
            #expect(transfer.fresh.isEmpty)
            let accuracy = run.evaluate(rows: rebuilt.split.test).accuracy
            #expect(accuracy == result.summary.folds[fold].metrics["accuracy"] ?? nil)
        }
    }

    @Test("With refit one model on all rows is saved, for the folds' mean best epoch count, and no fold model")
    func refit() throws {
        let directory = try directory()
        let folds = try FoldPreparation(DataPreparation(path: try data(in: directory)), foldCount: 3, groupColumn: nil, seed: 2)
        let out = directory.appendingPathComponent("all.safetensors").path
        let result = try CrossValidation.run(folds, configuration: try configuration(folds), plan: CrossValidationPlan(modelPath: out, refit: true))
        let best = try #require(result.summary.metrics["best_epoch"])
        #expect(result.refitEpochs == max(1, Int(best.mean.rounded())))
        #expect(result.models == [SavedFoldModel(path: out, fold: nil)])
        #expect(!FileManager.default.fileExists(atPath: CrossValidationPlan.foldModelPath(out, fold: 0)))
        let stored = try #require(try RunConfiguration.stored(in: try SafeTensorsFile.read(from: out)))
        #expect(stored.folds?.fold == nil && stored.settings.epochs == result.refitEpochs && stored.settings.earlyStopping == nil)
        #expect(try stored.prepareData().split.training.count == 90)
    }
}
