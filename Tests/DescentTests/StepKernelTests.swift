@testable import Descent
import Linalg
import Testing

/// The kernels of the training step that replaced library calls: the finite check of a gradient
/// slice (was `nrm2`) and its magnitude bound, and the bias broadcast of a Linear layer's forward
/// pass (was a copy per row).
@Suite("Step kernels: the finite check, the magnitude bound, the bias broadcast")
struct StepKernelTests {
    @Test("allFinite finds one ±∞ or NaN at any position (head, vector body, tail), Float and Double")
    func finiteCheck() {
        checkFinite(Float.self)
        checkFinite(Double.self)
    }

    /// A NaN whose only payload bit is the lowest significand bit (for Double: in the low 32-bit word).
    static func nanWithLowestPayload<S: BLASScalar>(_ type: S.Type) -> S {
        S(sign: .plus, exponentBitPattern: S.infinity.exponentBitPattern, significandBitPattern: 1)
    }

    func checkFinite<S: BLASScalar>(_ type: S.Type) {
        let n = 1037
        let values = AlignedBuffer(kernelTestValues(S.self, seed: 31, count: n).map { $0 * S(1e30) })
        for (set, kernels) in KernelSetTests.sets {
            #expect(kernels.allFinite(values.baseAddress, count: n), "\(S.self) all finite \(set)")
            #expect(kernels.allFinite(values.baseAddress, count: 0), "\(S.self) empty \(set)")
            for position in [0, 1, 15, 16, 500, n - 2, n - 1] {
                for bad in [S.infinity, -S.infinity, S.nan, -S.nan, S.signalingNaN, Self.nanWithLowestPayload(S.self)] {
                    let saved = values[position]
                    values[position] = bad
                    #expect(!kernels.allFinite(values.baseAddress, count: n), "\(S.self) \(bad) at \(position) \(set)")
                    values[position] = saved
                }
            }
            values[n - 1] = .infinity
            #expect(kernels.allFinite(values.baseAddress, count: n - 1), "\(S.self) ∞ just past the end \(set)")
            values[n - 1] = 1
        }
    }

    @Test("magnitudeBound bounds every |x| (Float: the largest exactly; Double: within 2⁻²⁰) or is nil for ±∞ and NaN")
    func magnitudeBound() {
        checkBound(Float.self, slack: 0)
        checkBound(Double.self, slack: 0x1p-20)
    }

    func checkBound<S: BLASScalar>(_ type: S.Type, slack: Double) {
        let n = 1037
        let raw = kernelTestValues(S.self, seed: 32, count: n).enumerated().map { $0.element * S(1e30) * ($0.offset % 2 == 0 ? 1 : -1) }
        let values = AlignedBuffer(raw)
        for (set, kernels) in KernelSetTests.sets {
            #expect(kernels.magnitudeBound(values.baseAddress, count: 0).map { $0 >= 0 && $0 < 1e-300 } == true, "\(S.self) empty \(set)")
            for position in [0, 15, 500, n - 1] {
                let saved = values[position]
                values[position] = -S.greatestFiniteMagnitude
                let top = kernels.magnitudeBound(values.baseAddress, count: n)
                #expect(top.map { $0 >= Double(S.greatestFiniteMagnitude) } == true, "\(S.self) largest at \(position) \(set)")
                values[position] = saved
            }
            let largest = Double(raw.map { abs($0) }.max()!)
            let bound = kernels.magnitudeBound(values.baseAddress, count: n)
            #expect(bound.map { $0 >= largest && $0 <= largest * (1 + slack) } == true, "\(S.self) \(String(describing: bound)) for \(largest) \(set)")
            let subnormal = AlignedBuffer<S>([0, -0.0, S.leastNonzeroMagnitude])
            #expect(kernels.magnitudeBound(subnormal.baseAddress, count: 3).map { $0 >= Double(S.leastNonzeroMagnitude) } == true)
            values[7] = -.infinity
            #expect(kernels.magnitudeBound(values.baseAddress, count: n) == nil, "\(S.self) −∞ \(set)")
            values[7] = .nan
            #expect(kernels.magnitudeBound(values.baseAddress, count: n) == nil, "\(S.self) NaN \(set)")
            values[7] = raw[7]
        }
    }

    @Test("broadcastRows writes the bias row into every row, Float and Double")
    func broadcast() {
        checkBroadcast(Float.self)
        checkBroadcast(Double.self)
    }

    func checkBroadcast<S: BLASScalar>(_ type: S.Type) {
        for (rows, columns) in [(1, 1), (7, 10), (33, 256)] {
            let bias = kernelTestValues(S.self, seed: UInt64(rows), count: columns)
            let b = AlignedBuffer(bias)
            for (set, kernels) in KernelSetTests.sets {
                let y = AlignedBuffer<S>(count: rows * columns + 1)
                y[rows * columns] = 42
                kernels.broadcastRows(b.baseAddress, into: y.baseAddress, rows: rows, columns: columns)
                let expected: [S] = Array([[S]](repeating: bias, count: rows).joined()) + [42]
                #expect(sameBits(y.array, expected), "\(S.self) \(rows)×\(columns) \(set)")
            }
        }
    }
}
