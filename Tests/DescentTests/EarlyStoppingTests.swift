import Foundation
import Testing
@testable import Descent

@Suite("Early stopping and the overfitting warning")
struct EarlyStoppingTests {
    @Test("Stops after `patience` epochs without an improvement larger than minDelta")
    func patience() {
        var stopper = EarlyStopping(patience: 3, minDelta: 0.01)
        #expect(stopper.observe(validationLoss: 1.0, epoch: 1) == .improved)
        #expect(stopper.observe(validationLoss: 0.995, epoch: 2) == .wait)  // less than minDelta better
        #expect(stopper.observe(validationLoss: 0.9, epoch: 3) == .improved)
        #expect(stopper.observe(validationLoss: 0.95, epoch: 4) == .wait)
        #expect(stopper.observe(validationLoss: .nan, epoch: 5) == .wait)
        #expect(stopper.observe(validationLoss: 0.91, epoch: 6) == .stop)
        #expect(stopper.bestEpoch == 3 && stopper.bestLoss == 0.9)
    }

    @Test("Warns once when validation loss rises while training loss falls")
    func overfitting() {
        var detector = OverfittingDetector(window: 3)
        let train = [1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2]
        let validation = [1.0, 0.9, 0.85, 0.9, 0.95, 1.0, 1.1]
        let warnings = zip(train, validation).map { detector.observe(trainLoss: $0, validationLoss: $1) }
        #expect(warnings == [false, false, false, false, false, true, false])
        var quiet = OverfittingDetector(window: 3)
        #expect(zip(train, train).map { quiet.observe(trainLoss: $0, validationLoss: $1) }.allSatisfy { !$0 })
    }

    @Test("History CSV and JSON carry the required columns and keys")
    func historyFormats() throws {
        let record = EpochRecord(epoch: 2, learningRate: 0.01, trainLoss: 0.5, validationLoss: 0.25,
                                 trainAccuracy: 0.75, validationAccuracy: 1, seconds: 0.5, samplesPerSecond: 100)
        let csv = TrainingHistory(records: [record]).csv.split(separator: "\n")
        #expect(csv[0].hasPrefix("epoch,lr,train_loss,val_loss,train_accuracy,val_accuracy"))
        #expect(csv[0] == "epoch,lr,train_loss,val_loss,train_accuracy,val_accuracy,train_rmse,val_rmse,val_r2,lambda_max,lambda_min,"
            + "hessian_trace,seconds,samples_per_second")
        #expect(csv[1] == "2,0.01,0.5,0.25,0.75,1.0,,,,,,,0.5,100.0")
        // The JSON line: every key present (null where not measured), "type" among them, keys sorted (the
        // same bytes every time), and it decodes to the same record.
        let line = try JSONLine.encode(record)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "epoch" && line.hasPrefix("{\"epoch\":2,\"hessian_trace\":null,"), "\(line)")
        #expect(Set(object.keys) == Set(["type"] + TrainingHistory.csvColumns))
        #expect(object["val_rmse"] is NSNull && object["lambda_min"] is NSNull)
        #expect(try JSONDecoder().decode(EpochRecord.self, from: Data(line.utf8)) == record)
    }
}
