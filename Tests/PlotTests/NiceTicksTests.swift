import Foundation
import Testing
@testable import Plot

@Suite("Nice ticks and scales")
struct NiceTicksTests {
    /// Tolerant comparison of tick lists (ticks are i·step, so equal to within rounding).
    func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
    }

    @Test("Steps are 1, 2 or 5 times a power of ten, just above span / count")
    func steps() {
        #expect(abs(NiceTicks.step(span: 1, targetCount: 5) - 0.2) < 1e-15)    // 0.2 exactly: not 0.5
        #expect(NiceTicks.step(span: 7, targetCount: 5) == 2)                   // 1.4 → 2
        #expect(NiceTicks.step(span: 30, targetCount: 5) == 10)                 // 6 → 10
        #expect(NiceTicks.step(span: 100, targetCount: 5) == 20)
        #expect(abs(NiceTicks.step(span: 0.0074, targetCount: 5) - 0.002) < 1e-15)
        #expect(NiceTicks.step(span: 0, targetCount: 5) == 1)
    }

    @Test("Linear ticks for several ranges")
    func linearTicks() {
        #expect(same(NiceTicks.linear(lower: 0, upper: 1), [0, 0.2, 0.4, 0.6, 0.8, 1]))
        #expect(same(NiceTicks.linear(lower: 0, upper: 100), [0, 20, 40, 60, 80, 100]))
        // −3…7: step 2, widened outward to −4…8.
        #expect(NiceTicks.linearDomain(lower: -3, upper: 7) == -4...8)
        #expect(same(NiceTicks.linear(lower: -3, upper: 7), [-4, -2, 0, 2, 4, 6, 8]))
        #expect(same(NiceTicks.linear(lower: 0.0013, upper: 0.0087), [0, 0.002, 0.004, 0.006, 0.008, 0.01]))
        // A single value widens by a tenth of itself: 0.9…1.1 in steps of 0.05.
        #expect(same(NiceTicks.linear(lower: 1, upper: 1), [0.9, 0.95, 1, 1.05, 1.1]))
    }

    @Test("Log ticks: decades, thinned when many, 1-2-5 when few")
    func logTicks() {
        #expect(same(NiceTicks.logarithmic(lower: 1e-3, upper: 1e3), [1e-3, 1e-2, 1e-1, 1, 10, 100, 1000]))
        #expect(same(NiceTicks.logarithmic(lower: 1, upper: 10), [1, 2, 5, 10]))
        #expect(same(NiceTicks.logarithmic(lower: 1e-10, upper: 1e10),
                     [1e-10, 1e-7, 1e-4, 1e-1, 1e2, 1e5, 1e8]))
        #expect(NiceTicks.logDomain(lower: 0.03, upper: 250) == 0.01...1000)
    }

    @Test("A log scale maps each decade to the same length and skips non-positive values")
    func logScale() throws {
        let scale = AxisScale(kind: .logarithmic, domain: 1e-3...1e3, startPixel: 0, endPixel: 600)
        for exponent in -3...3 {
            let pixel = try #require(scale.pixel(pow(10, Double(exponent))))
            #expect(abs(pixel - Double(exponent + 3) * 100) < 1e-9)
        }
        #expect(abs(try #require(scale.pixel(sqrt(10))) - 350) < 1e-9)    // half a decade above 1
        #expect(scale.pixel(0) == nil)
        #expect(scale.pixel(-1) == nil)
        #expect(scale.pixel(.nan) == nil)
        #expect(scale.pixel(.infinity) == nil)
    }

    @Test("A linear y scale runs upward on screen")
    func linearScale() {
        let scale = AxisScale(kind: .linear, domain: -4...8, startPixel: 400, endPixel: 100)
        #expect(scale.pixel(-4) == 400)
        #expect(scale.pixel(8) == 100)
        #expect(scale.pixel(2) == 250)
    }

    @Test("Tick labels: decimals the step needs, superscript powers outside 0.001…10⁴")
    func labels() {
        #expect(TickFormat.linear(0.25, step: 0.05) == "0.25")
        #expect(TickFormat.linear(3, step: 1) == "3")
        #expect(TickFormat.linear(1.5, step: 0.5) == "1.5")
        #expect(TickFormat.linear(-1e-17, step: 0.1) == "0")
        #expect(TickFormat.logarithmic(1e-5) == "10⁻⁵")
        #expect(TickFormat.logarithmic(1e6) == "10⁶")
        #expect(TickFormat.logarithmic(0.01) == "0.01")
        #expect(TickFormat.logarithmic(1000) == "1000")
        #expect(TickFormat.logarithmic(2e-7) == "2×10⁻⁷")
    }
}
