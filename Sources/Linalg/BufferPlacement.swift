#if canImport(Glibc)
import Glibc
import Synchronization

/// The number of staggered buffers (from a page on) placed so far: each one's start slot.
private let staggeredBufferSerial = Atomic<Int>(0)
#endif

/// Where a buffer of a given size starts in its allocation. Below `AlignedBuffer.pageAlignedBytes`: at
/// the start, aligned to 64 bytes. From there on (on Linux): a stagger past a page boundary; from
/// `largeBytes` on, past a 2 MiB boundary, with transparent huge pages requested.
///
/// The stagger below `largeBytes` (measured on an AMD EPYC Zen 4, one thread, Adam over the first
/// 201 216 of four 269 322-Float vectors, as in a 784-256-256-10 step): with the four vectors
/// page-aligned and 0x108000 bytes apart — where consecutive 1 077 288-byte buffers land in glibc's
/// heap, as they did once an earlier network had been freed — 125–152 µs; one page more or less
/// between them, 59 µs; with the vectors 64·k bytes apart 79–96 µs; 512·k bytes apart 59 µs at every
/// distance tried, 0x108000 included. In `descent bench` the batch-64 step took 0.94 instead of 0.89
/// ms when measured after batch 16 for that reason.
///
/// Why: an update streams 3–7 vectors of the same length (θ, g, moments). Page-aligned, every vector
/// starts at the same offset modulo 4 KiB, so the i-th elements of all of them fall on the same
/// cache sets at the same time (4 KiB aliasing), and each 4 KiB page of each stream costs a TLB walk.
/// Measured with the C loops on an AMD EPYC Zen 4 (one thread, 10 M Float, four vectors, ten
/// alternating rounds), Adam / momentum time against page-aligned 4 KiB pages: starts 512 bytes
/// apart 0.83 / 0.84, 2 MiB huge pages 0.85 / 0.74, both 0.78 / 0.78. PyTorch's fused optimizers were
/// ahead of Descent for these reasons (the peer's parameters and gradients are NumPy arrays, which
/// NumPy advises for huge pages, and its tensors' starts differ). The stagger keeps 64-byte
/// alignment, so no loop sees a different alignment and no result changes.
public enum BufferPlacement {
    /// The size from which a buffer is placed on a 2 MiB boundary plus a stagger, with huge pages (4 MiB:
    /// at least one whole huge page inside it).
    public static var largeBytes: Int { 4 << 20 }
    /// The alignment of a large buffer's allocation: a transparent huge page.
    public static var hugePageBytes: Int { 2 << 20 }
    /// The distance between two stagger slots: 512 bytes, so the eight slots start at eight different
    /// offsets inside a 4 KiB page and stay 64-byte aligned.
    public static var staggerStep: Int { 512 }
    /// The number of stagger slots staggered buffers cycle through.
    public static var staggerSlots: Int { 8 }

    /// Alignment, byte offset of the first element from the allocation's start, and whether huge pages
    /// are requested, for a buffer of `byteCount` bytes that is the `serial`-th staggered one:
    /// offset = (serial mod `staggerSlots`) · `staggerStep` from `AlignedBuffer.pageAlignedBytes` on,
    /// 0 below.
    public static func layout(byteCount: Int, serial: Int) -> (alignment: Int, offset: Int, hugePages: Bool) {
        guard byteCount >= AlignedBuffer<Float>.pageAlignedBytes else { return (64, 0, false) }
        guard supportsLarge else { return (4096, 0, false) }
        let offset = (serial % staggerSlots) * staggerStep
        return byteCount >= largeBytes ? (hugePageBytes, offset, true) : (4096, offset, false)
    }

    /// Whether large buffers are staggered and get huge pages on this platform (Linux).
    public static var supportsLarge: Bool {
        #if canImport(Glibc)
        true
        #else
        false
        #endif
    }

    /// The layout for a new buffer of `byteCount` bytes (one from a page on takes the next stagger slot).
    static func next(byteCount: Int) -> (alignment: Int, offset: Int, hugePages: Bool) {
        var serial = 0
        #if canImport(Glibc)
        if byteCount >= AlignedBuffer<Float>.pageAlignedBytes {
            serial = staggeredBufferSerial.wrappingAdd(1, ordering: .relaxed).oldValue
        }
        #endif
        return layout(byteCount: byteCount, serial: serial)
    }

    /// Asks the kernel for transparent huge pages over the whole pages of `[start, start + byteCount)`
    /// before they are first touched (a hint: where it is refused, the buffer keeps 4 KiB pages).
    static func adviseHugePages(_ start: UnsafeMutableRawPointer, byteCount: Int) {
        #if canImport(Glibc)
        let page = UInt(4096)
        let first = (UInt(bitPattern: start) + page - 1) & ~(page - 1)
        let end = (UInt(bitPattern: start) + UInt(byteCount)) & ~(page - 1)
        guard end > first, let address = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(address, Int(end - first), MADV_HUGEPAGE)
        #endif
    }
}
