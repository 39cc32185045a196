/// Newton's method for ∇f = 0, used to place critical points that have no short closed form to
/// full Double precision from a few-digit seed: p ← p − (∇²f(p))⁻¹ ∇f(p), the 2×2 inverse
/// written out, until the step stops shrinking the gradient (at most 50 iterations).
enum NewtonRefinement {
    static func criticalPoint(of function: some TestFunction, from seed: SIMD2<Double>) -> SIMD2<Double> {
        var point = seed
        var gradientNorm = Landscape.norm(function.gradient(at: point))
        for _ in 0..<50 {
            let g = function.gradient(at: point), h = function.hessian(at: point)
            let det = h.xx * h.yy - h.xy * h.xy
            guard det != 0, det.isFinite else { break }
            let step = SIMD2((h.yy * g.x - h.xy * g.y) / det, (h.xx * g.y - h.xy * g.x) / det)
            let next = point - step
            let nextNorm = Landscape.norm(function.gradient(at: next))
            guard nextNorm < gradientNorm else { break }
            point = next
            gradientNorm = nextNorm
        }
        return point
    }
}
