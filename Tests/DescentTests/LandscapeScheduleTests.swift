import Descent
import Foundation
import Testing

/// Learning-rate schedules on a test function: SGD on ½·a·x² multiplies x by 1 − η_k·a each update.
@Suite("Landscape: schedules")
struct LandscapeScheduleTests {
    @Test("SGD with step(size 10, γ 0.5) on ½·0.2x² + ½·4y²: x_k = x₀·∏(1 − 0.2·η_j), η halving every 10 updates")
    func stepScheduleClosedForm() throws {
        let function = try QuadraticFunction(a: 0.2, b: 0, c: 0, d: 4)
        var settings = LandscapeSettings(steps: 25, tolerance: 0)
        settings.schedule = .step(size: 10, gamma: 0.5)
        var configuration = OptimizerConfiguration.defaults(for: .sgd)
        configuration.learningRate = 0.4
        let run = try LandscapeRunner.run(function, from: SIMD2(-5, 1), method: .firstOrder(configuration), settings: settings)
        var x = -5.0
        for k in 0..<25 {
            let rate = 0.4 * (k < 10 ? 1 : (k < 20 ? 0.5 : 0.25))
            x *= 1 - rate * 0.2
            #expect(abs(run.points[k + 1].point.x - x) <= 1e-14 * abs(x), "update \(k + 1)")
        }
        // A constant schedule is plain SGD: 1 − 0.4·0.2 per update throughout.
        let plain = try LandscapeRunner.run(function, from: SIMD2(-5, 1), method: .firstOrder(configuration),
                                            settings: LandscapeSettings(steps: 25, tolerance: 0))
        #expect(abs(plain.points[25].point.x - (-5 * pow(0.92, 25))) <= 1e-13)
    }
}

