import Descent
import Foundation
import Testing

/// `RunConfiguration.initialParameters()`: θ₀ rebuilt from a stored configuration, for the plane
/// through θ*, a second model and the initial weights.
@Suite("Landscape: initial weights from a run configuration")
struct LandscapeInitialWeightsTests {
    static func configuration(precision: Precision, seed: UInt64, batchNorm: Bool, initFrom: String? = nil) throws -> (RunConfiguration, PreparedData) {
        let preparation = DataPreparation(path: PipelineRunTests.iris, validationFraction: 0.25)
        let data = try preparation.prepare(seed: seed)
        let spec = data.spec(hiddenSizes: [7, 5], activation: .tanh, batchNorm: batchNorm)
        let configuration = RunConfiguration(data: preparation, spec: spec, method: .firstOrder(.defaults(for: .sgd)),
                                             settings: PipelineRunTests.settings(epochs: 2), seed: seed, precision: precision, initFrom: initFrom)
        return (configuration, data)
    }

    @Test("θ₀ equals, bit for bit, the weights a TrainingRun of the configuration holds before its first step",
          arguments: [(Precision.double, UInt64(3), false), (.float, 11, false), (.double, 5, true)])
    func equalsTheRunsStart(precision: Precision, seed: UInt64, batchNorm: Bool) throws {
        let (configuration, data) = try Self.configuration(precision: precision, seed: seed, batchNorm: batchNorm)
        let rebuilt = try #require(try configuration.initialParameters())
        let start: [Double] = switch precision {
            case .double: try TrainingRun<Double>(configuration: configuration, data: data).network.state().parameters
            case .float: try TrainingRun<Float>(configuration: configuration, data: data).network.state().parameters
        }
        #expect(rebuilt.count == start.count && !rebuilt.isEmpty)
        #expect(zip(rebuilt, start).allSatisfy { $0.bitPattern == $1.bitPattern }, "θ₀ differs from the run's start")
        let other = try Self.configuration(precision: precision, seed: seed + 1, batchNorm: batchNorm).0
        #expect(try other.initialParameters() != rebuilt, "another seed draws other weights")
    }

    @Test("A run started with --init-from has no seed-drawn θ₀: nil")
    func initFromHasNone() throws {
        let (configuration, _) = try Self.configuration(precision: .double, seed: 3, batchNorm: false, initFrom: "base.safetensors")
        #expect(try configuration.initialParameters() == nil)
    }
}
