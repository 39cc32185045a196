import Descent
import Foundation

/// How `descent hessian --top` describes a Lanczos run: steps, which end converged when, and what
/// to do when one did not.
enum LanczosSummary {
    /// "95 steps; λmax converged at step 41, λmin at step 95 (bounds ≤ 1e-10·|λ|max)", or the end that did
    /// not converge with its bound and the flags that help.
    static func text(_ result: LanczosResult) -> String {
        let scale = max(abs(result.largest.first?.value ?? 0), abs(result.smallest.first?.value ?? 0), .leastNormalMagnitude)
        func end(_ name: String, converged: Bool, step: Int?, bounds: [Double]) -> String {
            if converged, let step { return "\(name) at step \(step)" }
            if converged { return "\(name) exact (the Krylov space is the whole space)" }
            return String(format: "%@ NOT converged (bound %.1e·|λ|max)", name, (bounds.max() ?? .nan) / scale)
        }
        let parts = [end("λmax", converged: result.largestConverged, step: result.largestConvergedStep, bounds: result.largestBounds),
                     end("λmin", converged: result.smallestConverged, step: result.smallestConvergedStep, bounds: result.smallestBounds)]
        var text = "\(result.steps) steps; " + parts.joined(separator: ", ") + String(format: " (tolerance %.0e·|λ|max)", result.tolerance)
        if !result.converged {
            text += "; raise --max-steps, loosen --tolerance, or --ends largest|smallest for one end (report with care)"
        }
        return text
    }
}
