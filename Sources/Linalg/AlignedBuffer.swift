/// A fixed-length buffer of scalars aligned to 64 bytes (one cache line, one AVX-512 vector), from
/// `pageAlignedBytes` on started a stagger of a multiple of 512 bytes past a page boundary (past a
/// 2 MiB boundary, with transparent huge pages, from `BufferPlacement.largeBytes` on), the stagger
/// differing between consecutive buffers (see `BufferPlacement`), zero-initialized, owned by
/// reference. It is the storage of `Matrix`, of flat parameter and gradient vectors and of
/// workspaces: allocate once, then work through its pointer with no further allocation. (64-byte
/// alignment ran GEMM ≈5% faster at n = 64 than Swift arrays' 16 bytes. Vectors an update streams
/// together run slowest with their starts a few cache lines apart inside a page, or page-aligned
/// at unlucky distances; 512·k bytes apart they ran at full speed at every distance measured.)
public final class AlignedBuffer<Scalar: BLASScalar>: @unchecked Sendable {
    /// The number of scalars.
    public let count: Int
    /// The first scalar. Valid for `count` elements while the buffer lives.
    public let baseAddress: UnsafeMutablePointer<Scalar>
    /// The allocation `baseAddress` lies in (at its start, or a stagger into it for a large buffer).
    private let allocation: UnsafeMutableRawPointer

    /// The size from which buffers start on a page (64 KiB: at most 6% of it is lost to the alignment).
    public static var pageAlignedBytes: Int { 65_536 }

    /// Allocates `count` scalars set to `value` (zero by default).
    public init(count: Int, repeating value: Scalar = 0) {
        precondition(count >= 0, "AlignedBuffer: negative count \(count)")
        self.count = count
        let byteCount = max(1, count) * MemoryLayout<Scalar>.stride
        let layout = BufferPlacement.next(byteCount: byteCount)
        allocation = UnsafeMutableRawPointer.allocate(byteCount: byteCount + layout.offset, alignment: layout.alignment)
        let start = allocation + layout.offset
        if layout.hugePages { BufferPlacement.adviseHugePages(start, byteCount: byteCount) }
        baseAddress = start.bindMemory(to: Scalar.self, capacity: max(1, count))
        baseAddress.initialize(repeating: value, count: count)
    }

    /// Allocates a copy of `values`.
    public convenience init<C: Collection>(_ values: C) where C.Element == Scalar {
        self.init(count: values.count)
        var index = 0
        for value in values {
            baseAddress[index] = value
            index += 1
        }
    }

    deinit {
        allocation.deallocate()
    }

    /// The elements as a mutable buffer pointer (valid while `self` lives).
    @inlinable public var buffer: UnsafeMutableBufferPointer<Scalar> {
        UnsafeMutableBufferPointer(start: baseAddress, count: count)
    }

    /// A copy of the elements as an array.
    public var array: [Scalar] { Array(buffer) }

    /// A new buffer holding the same elements.
    public func copy() -> AlignedBuffer<Scalar> {
        let result = AlignedBuffer(count: count)
        result.baseAddress.update(from: baseAddress, count: count)
        return result
    }

    /// Element access without bounds checks in release builds.
    @inlinable public subscript(index: Int) -> Scalar {
        get { baseAddress[index] }
        set { baseAddress[index] = newValue }
    }
}
