import DescentKernels
import Linalg

/// Descent's elementwise kernels of one `KernelSet`, called from generic code: each method picks the
/// Float or Double kernel (the check folds away once the caller is specialized). The library uses
/// `Kernels.active`; tests build `Kernels(set:)` for every supported set and compare them with the
/// scalar reference. The formulas are those of the callers (SGD, Adam, Activation, BatchNorm, …);
/// the C header `DescentKernels.h` states each one. Pointers of one call must not overlap.
@usableFromInline
struct Kernels {
    @usableFromInline let table: UnsafePointer<descent_kernel_table>

    /// The set chosen for this CPU when the library loaded.
    @inlinable static var active: Kernels { Kernels(table: descent_kernels_active()) }

    @inlinable init(table: UnsafePointer<descent_kernel_table>) { self.table = table }

    /// The kernels of `set`; nil when the CPU or this build cannot run it.
    init?(set: KernelSet) {
        guard set.isSupported, let table = descent_kernels_table(set.cValue) else { return nil }
        self.table = table
    }

    /// The Float kernels, or nil when `Scalar` is Double.
    @inlinable static func isFloat<Scalar: BLASScalar>(_ type: Scalar.Type) -> Bool {
        if Scalar.self == Float.self { return true }
        precondition(Scalar.self == Double.self, "Descent's kernels serve Float and Double, not \(Scalar.self)")
        return false
    }

    @inlinable var f32: descent_kernels_f32 { table.pointee.f32 }
    @inlinable var f64: descent_kernels_f64 { table.pointee.f64 }
}

/// Reinterpretations of a pointer to a `BLASScalar` known (by `Kernels.isFloat`) to be Float or Double.
extension UnsafePointer where Pointee: BLASScalar {
    @inlinable var float: UnsafePointer<Float> { UnsafeRawPointer(self).assumingMemoryBound(to: Float.self) }
    @inlinable var double: UnsafePointer<Double> { UnsafeRawPointer(self).assumingMemoryBound(to: Double.self) }
}

extension UnsafeMutablePointer where Pointee: BLASScalar {
    @inlinable var float: UnsafeMutablePointer<Float> { UnsafeMutableRawPointer(self).assumingMemoryBound(to: Float.self) }
    @inlinable var double: UnsafeMutablePointer<Double> { UnsafeMutableRawPointer(self).assumingMemoryBound(to: Double.self) }
}

/// Whether `count` elements at `a` and at `b` overlap (the kernels require that they do not).
@inlinable
func regionsOverlap<Scalar>(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, count: Int) -> Bool {
    a < b + count && b < a + count
}
