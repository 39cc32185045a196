import Descent
import Linalg
import Testing

/// Gradient clipping (PyTorch's clip_grad_norm_ and clip_grad_value_) and Polyak averaging.
@Suite("Gradient clipping and parameter averaging")
struct OptimizerClippingTests {
    @Test("Clipping by norm scales (3, 4) to norm 1 and returns the norm before clipping")
    func clipByNorm() {
        var g: [Double] = [3, 4]
        let norm = g.withUnsafeMutableBufferPointer { clipGradientNorm($0, maxNorm: 1) }
        #expect(norm == 5)
        let c = 1 / (5 + 1e-6)
        #expect(abs(g[0] - 3 * c) < 1e-15 && abs(g[1] - 4 * c) < 1e-15)
        var small: [Float] = [0.3, -0.4]
        let smallNorm = small.withUnsafeMutableBufferPointer { clipGradientNorm($0, maxNorm: 1) }
        #expect(abs(smallNorm - 0.5) < 1e-7)
        #expect(small == [0.3, -0.4])                 // below the limit: untouched
    }

    @Test("Clipping by value clamps every entry")
    func clipByValue() {
        var g: [Float] = [-3, -0.5, 0, 0.25, 7]
        g.withUnsafeMutableBufferPointer { clipGradientValue($0, clipValue: 1) }
        #expect(g == [-1, -0.5, 0, 0.25, 1])
    }

    @Test("Polyak average: first update copies, later ones blend with 1 − decay")
    func average() {
        var average = ParameterAverage<Double>(count: 2, decay: 0.75)
        [1.0, 2.0].withUnsafeBufferPointer { average.update(with: $0) }
        #expect(average.values == [1, 2])
        [5.0, -2.0].withUnsafeBufferPointer { average.update(with: $0) }
        // 0.75·1 + 0.25·5 = 2; 0.75·2 + 0.25·(−2) = 1.
        #expect(average.values == [2, 1])
        var copy = average
        [2.0, 1.0].withUnsafeBufferPointer { copy.update(with: $0) }
        #expect(average.values == [2, 1] && copy.updateCount == 3)
        var target = [0.0, 0.0]
        target.withUnsafeMutableBufferPointer { average.copy(into: $0) }
        #expect(target == [2, 1])
    }
}
