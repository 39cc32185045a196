import Foundation
@testable import Descent
import Linalg
import Testing

/// The vectorizable tanh of the activation kernels against the C library's.
@Suite("Cephes tanh against libm")
struct CephesTanhTests {
    /// Distance in units in the last place of `reference`.
    static func ulps(_ value: Double, _ reference: Double) -> Double {
        value == reference ? 0 : abs(value - reference) / reference.magnitude.ulp
    }

    @Test("Within 2 ulp of libm's tanh on 400 000 points from 1e-300 to 40, both signs")
    func accuracy() {
        var random = RandomGenerator(seed: 5)
        var worst = 0.0
        for index in 0..<400_000 {
            // Log-uniform magnitudes cover the rational branch, the switch at 0.625 and the clamp.
            let magnitude = pow(10, -6 + 7.6 * random.uniform()) * (index % 1000 == 0 ? 1e-294 : 1)
            let x = index % 2 == 0 ? magnitude : -magnitude
            worst = max(worst, Self.ulps(cephesTanh(x), tanh(x)))
        }
        #expect(worst <= 2, "worst \(worst) ulp")
    }

    @Test("Edge cases: signed zeros, subnormals, infinities, NaN, the branch point, the clamp")
    func edges() {
        #expect(cephesTanh(0).bitPattern == 0.0.bitPattern && cephesTanh(-0.0).bitPattern == (-0.0).bitPattern)
        #expect(cephesTanh(.infinity) == 1 && cephesTanh(-.infinity) == -1)
        #expect(cephesTanh(.nan).isNaN)
        for x in [Double.leastNormalMagnitude / 3, -Double.leastNonzeroMagnitude, 1e-20, 0.625, 0.625.nextDown, 0.625.nextUp, 19.06, 22, 22.5, 700, -700] {
            #expect(Self.ulps(cephesTanh(x), tanh(x)) <= 2, "x = \(x)")
        }
        #expect(abs(cephesExponential(44) - exp(44)) <= 2 * exp(44).ulp && cephesExponential(0) == 1)
    }

    @Test("Every kernel set's vectorized tanh (smooth_forward kind 3) gives cephesTanh's bits, Float and Double; libm's kind stays libm's")
    func kernelSets() {
        var random = RandomGenerator(seed: 6)
        let x0 = (0..<4099).map { index in (random.uniform() - 0.5) * (index % 3 == 0 ? 60 : 3) }
        let x = AlignedBuffer(x0), y = AlignedBuffer<Double>(count: x0.count), d1 = AlignedBuffer<Double>(count: x0.count)
        let xf = AlignedBuffer(x0.map { Float($0) }), yf = AlignedBuffer<Float>(count: x0.count), d1f = AlignedBuffer<Float>(count: x0.count)
        for (set, kernels) in KernelSetTests.sets {
            kernels.smoothForward(.tanh, x.baseAddress, y.baseAddress, d1.baseAddress, count: x0.count, vectorizedTanh: true)
            #expect(zip(y.array, x0).allSatisfy { $0.bitPattern == cephesTanh($1).bitPattern }, "\(set)")
            #expect(zip(d1.array, y.array).allSatisfy { $0.bitPattern == (1 - $1 * $1).bitPattern }, "\(set)")
            kernels.smoothForward(.tanh, xf.baseAddress, yf.baseAddress, d1f.baseAddress, count: x0.count, vectorizedTanh: true)
            #expect(zip(yf.array, xf.array).allSatisfy { $0.bitPattern == Float(cephesTanh(Double($1))).bitPattern }, "\(set)")
            kernels.smoothForward(.tanh, x.baseAddress, y.baseAddress, d1.baseAddress, count: x0.count)
            #expect(zip(y.array, x0).allSatisfy { $0.bitPattern == tanh($1).bitPattern }, "\(set)")
        }
    }
}
