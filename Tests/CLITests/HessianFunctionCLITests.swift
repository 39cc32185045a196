import Foundation
import Testing

/// `descent hessian --function F --at x,y`: the value, gradient and determinant beside the spectrum.
@Suite("descent hessian --function: f, ∇f, det H")
struct HessianFunctionCLITests {
    @Test("Rosenbrock at (-1, 2) by hand: f = 104, ∇f = (396, 200), det H = −79 600")
    func rosenbrockByHand() throws {
        let run = try DescentBinary.run(["hessian", "--function", "rosenbrock", "--at", "-1,2", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try CLITestSupport.lastJSONObject(run.stdout)
        // f = (1 − x)² + 100(y − x²)² = 4 + 100 = 104; ∂f/∂x = −2(1 − x) − 400x(y − x²) = −4 + 400 = 396; ∂f/∂y = 200.
        #expect(json["value"] as? Double == 104)
        #expect(json["gradient"] as? [Double] == [396, 200])
        // H = [[2 − 400y + 1200x², −400x], [−400x, 200]] = [[402, 400], [400, 200]]: det = 80 400 − 160 000.
        #expect(json["determinant"] as? Double == Double(402 * 200 - 400 * 400))
        let text = try DescentBinary.run(["hessian", "--function", "rosenbrock", "--at", "-1,2"])
        #expect(text.stdout.contains("f = 104, ∇f = (396, 200)") && text.stdout.contains("det H = -79600"), "\(text.stdout)")
    }
}
