import Descent
import Linalg
import Testing

@Suite("Curvature tracking and second-order training")
struct CurvatureTrackingTests {
    /// Blobs (3 classes, 2 features), a 2 → 6 → 3 tanh network and a trainer on the first 120 rows.
    static func trainer(seed: UInt64 = 1) throws -> (Trainer<Float>, Dataset) {
        let table = try SyntheticData.blobs(samples: 150, classes: 3, seed: 4)
        let dataset = try Dataset(table: try CSVReader.parse(text: table.csvText()))
        var settings = TrainingSettings()
        settings.epochs = 6
        settings.batchSize = 16
        settings.optimizer = .defaults(for: .sgd)
        settings.optimizer.learningRate = 0.1
        settings.earlyStopping = nil
        var random = RandomGenerator(seed: seed)
        let spec = NetworkSpec(inputCount: 2, hiddenSizes: [6], outputCount: 3, activation: .tanh)
        let network = try Network<Float>(spec: spec, maxBatchSize: 64, random: &random)
        let trainer = try Trainer(network: network, settings: settings, dataset: dataset, trainingRows: Array(0..<120),
                                  validationRows: Array(120..<150), shuffleRandom: RandomGenerator(seed: seed + 1))
        return (trainer, dataset)
    }

    @Test("Measuring λmax every epoch leaves the training trajectory bit-identical")
    func trackingDoesNotPerturb() throws {
        let (plain, _) = try Self.trainer()
        let (tracked, dataset) = try Self.trainer()
        let tracker = try CurvatureTracker(dataset: dataset, trainingRows: Array(0..<120), every: 1, samples: 50, lanczosSteps: 8,
                                           tracksMinimum: true, traceSamples: 5, seed: 3)
        while !plain.isFinished { _ = plain.runEpoch() }
        while !tracked.isFinished {
            if case let .completed(record, _) = tracked.runEpoch() {
                tracked.record(try tracker.measure(tracked.network, epoch: record.epoch))
            }
        }
        #expect(Array(plain.network.parameters.buffer) == Array(tracked.network.parameters.buffer))
        #expect(tracked.history.records.allSatisfy { $0.lambdaMax.map(\.isFinite) ?? false })
        #expect(tracked.history.records.allSatisfy { $0.lambdaMin != nil && $0.hessianTrace != nil })
        #expect(plain.history.records.allSatisfy { $0.lambdaMax == nil })
        #expect(tracker.warmStart?.count == tracked.network.layout.count)
    }

    @Test("The tracked λmax equals the top of the full dsyevd spectrum on the same rows")
    func trackedLambdaMatchesSpectrum() throws {
        let (trainer, dataset) = try Self.trainer()
        _ = trainer.runEpoch()
        let tracker = try CurvatureTracker(dataset: dataset, trainingRows: Array(0..<120), every: 1, samples: 120, lanczosSteps: 30, seed: 0)
        let measured = try tracker.measure(trainer.network, epoch: 1)
        let copy = try trainer.network.converted(to: Double.self)
        let hessian = try NetworkHessian(network: copy, rows: tracker.rows)
        let spectrum = try HessianSpectrum(try hessian.assemble(), singularValues: false)
        let exact = spectrum.summary.lambdaMax
        #expect(abs(measured.lambdaMax - exact) <= 1e-8 * exact, "tracked \(measured.lambdaMax), dsyevd \(exact)")
        // Warm-started from the converged vector, two steps already give λmax.
        let again = try CurvatureTracker(dataset: dataset, trainingRows: Array(0..<120), every: 1, samples: 120, lanczosSteps: 2, seed: 0)
        again.warmStart = tracker.warmStart
        #expect(abs(try again.measure(trainer.network, epoch: 1).lambdaMax - exact) <= 1e-6 * exact)
    }

    @Test("Second-order epochs: L-BFGS lowers the training loss; Newton refuses a Hessian above its memory limit")
    func secondOrderEpochs() throws {
        let (trainer, dataset) = try Self.trainer()
        let rows = EvaluationSet<Double>(dataset: dataset, rows: Array(0..<120))
        let stepper = try SecondOrderStepper(method: .lbfgs)
        var losses: [Double] = []
        for _ in 0..<3 {
            if case let .completed(record, _) = try trainer.runSecondOrderEpoch(stepper, rows: rows) { losses.append(record.trainLoss) }
        }
        #expect(losses.count == 3 && losses[2] < losses[0])
        let newton = try SecondOrderStepper(method: .newton, memoryGuard: HessianMemoryGuard(maximumParameters: 10))
        #expect(throws: CurvatureError.self) { try newton.step(trainer.network, rows: rows) }
    }
}
