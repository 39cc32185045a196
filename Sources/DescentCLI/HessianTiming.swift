import Descent
import Foundation

/// Where the seconds of `descent hessian` went: inside Hessian-vector products, in Lanczos's own
/// work (orthogonalization, T's eigenpairs, Ritz vectors), in assembling the dense matrix, in the
/// eigensolver.
struct HessianTiming {
    /// Seconds inside Hessian-vector products (all of them: Lanczos, residuals, trace, density).
    var productSeconds = 0.0
    /// Lanczos's seconds outside its products (`--top`).
    var lanczosOverheadSeconds: Double?
    /// Seconds of the whole Lanczos run (`--top`).
    var lanczosSeconds: Double?
    /// Seconds assembling and symmetrizing the dense Hessian (full mode).
    var assemblySeconds: Double?
    /// Seconds of the eigensolver (and dgesdd with --svd) on it (full mode).
    var eigensolverSeconds: Double?
    /// The routine(s) of `eigensolverSeconds`.
    var eigensolver: String?

    /// The text line ("products 1.21 s; Lanczos overhead 0.05 s = 4% of its 1.26 s").
    var text: String {
        var parts: [String] = []
        if let assemblySeconds { parts.append(String(format: "assembly %.2f s", assemblySeconds)) }
        if let eigensolverSeconds { parts.append(String(format: "%@ %.2f s", eigensolver ?? "eigensolver", eigensolverSeconds)) }
        if let lanczosSeconds, let lanczosOverheadSeconds {
            parts.append(String(format: "Lanczos %.2f s: Hessian-vector products %.2f s, the rest %.3f s (%.1f%%)", lanczosSeconds,
                                lanczosSeconds - lanczosOverheadSeconds, lanczosOverheadSeconds,
                                100 * lanczosOverheadSeconds / max(lanczosSeconds, 1e-12)))
        }
        return parts.joined(separator: "; ")
    }
}

/// A product closure that adds its own seconds to a running total (monotonic clock).
final class TimedProduct {
    private(set) var seconds = 0.0
    let product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void

    init(_ product: @escaping (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) {
        self.product = product
    }

    /// H·v, timed.
    func callAsFunction(_ v: UnsafeBufferPointer<Double>, _ hv: UnsafeMutableBufferPointer<Double>) {
        let start = DispatchTime.now().uptimeNanoseconds
        product(v, hv)
        seconds += Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }
}
