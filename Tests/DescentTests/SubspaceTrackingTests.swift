import Foundation
import Descent
import Linalg
import Testing

/// `CurvatureTracker` with `subspaceK`: the gradient's top-k share and the saddle index per epoch.
@Suite("Curvature tracking: the gradient's subspace")
struct SubspaceTrackingTests {
    @Test("The tracked top-k share and saddle index equal those from dsyevd's eigenvectors on the same rows")
    func trackedSubspaceMatchesDense() throws {
        let (trainer, dataset) = try CurvatureTrackingTests.trainer()
        _ = trainer.runEpoch()
        let k = 4
        let tracker = try CurvatureTracker(dataset: dataset, trainingRows: Array(0..<120), every: 1, samples: 120, lanczosSteps: 10,
                                           subspaceK: k, seed: 5)
        let measured = try #require(try tracker.measure(trainer.network, epoch: 1).subspace)
        let copy = try trainer.network.converted(to: Double.self)
        let hessian = try NetworkHessian(network: copy, rows: tracker.rows)
        let dense = try SymmetricEigen.decompose(try hessian.assemble().matrix)
        let n = hessian.dimension
        let top = Matrix(rows: k, columns: n, elements: (0..<k).flatMap { dense.vectors.row(n - 1 - $0) })
        var gradient = [Double](repeating: 0, count: n)
        gradient.withUnsafeMutableBufferPointer { _ = hessian.lossAndGradient(into: $0) }
        #expect(abs(measured.fraction - GradientSubspace.fraction(of: gradient, in: top)) <= 1e-6)
        let scale = max(abs(dense.values.first!), abs(dense.values.last!))
        #expect(measured.saddleIndex == dense.values.prefix(k).filter { $0 < -1e-6 * scale }.count)
        #expect(measured.k == k && measured.fraction > 0 && measured.fraction <= 1)
    }

    @Test("History: subspace_fraction and saddle_index filled on measured epochs (empty, null elsewhere), round trip through JSON and the resume tensor")
    func historyColumns() throws {
        let (trainer, dataset) = try CurvatureTrackingTests.trainer()
        let tracker = try CurvatureTracker(dataset: dataset, trainingRows: Array(0..<120), every: 2, samples: 60, subspaceK: 3, seed: 1)
        while !trainer.isFinished {
            if case let .completed(record, _) = trainer.runEpoch(), tracker.isDue(epoch: record.epoch) {
                trainer.record(try tracker.measure(trainer.network, epoch: record.epoch))
            }
        }
        let csv = trainer.history.csv
        #expect(csv.split(separator: "\n")[0].contains("hessian_trace,subspace_fraction,saddle_index,seconds"))
        #expect(csv.split(separator: "\n")[1].contains(",,,,"), "epoch 1 was not measured: empty cells")
        let measured = trainer.history.records.filter { $0.subspaceFraction != nil }
        #expect(measured.map(\.epoch) == [2, 4, 6] && measured.allSatisfy { $0.saddleIndex != nil })
        #expect(try JSONLine.encode(trainer.history.records[0]).contains("\"saddle_index\":null"))
        let line = try JSONLine.encode(measured[0])
        #expect(try JSONDecoder().decode(EpochRecord.self, from: Data(line.utf8)) == measured[0])
        let tensor = try #require(trainer.subspaceColumnsTensor)
        #expect(tensor.shape == [6, 2])
        #expect(tensor.values[2] == measured[0].subspaceFraction && tensor.values[3] == Double(measured[0].saddleIndex!))
        #expect(tensor.values[0].isNaN)
    }
}
