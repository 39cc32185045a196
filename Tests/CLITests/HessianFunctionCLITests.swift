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

/// `descent landscape --function`: every first-order setting, one value or per rule.
@Suite("descent landscape: optimizer settings per rule")
struct LandscapeRuleSettingsCLITests {
    @Test("--eps adagrad=1e-7 --alpha 0.9 --betas 0.8,0.99 --amsgrad reach the rules they name, and only those")
    func settingsReachTheirRules() throws {
        let run = try DescentBinary.run(["landscape", "--function", "quadratic", "--optimizers", "adagrad,rmsprop,adam,sgd", "--lr", "0.1",
                                         "--eps", "adagrad=1e-7", "--alpha", "0.9", "--betas", "0.8,0.99", "--amsgrad", "--steps", "20", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try CLITestSupport.lastJSONObject(run.stdout)
        let runs = try #require(json["runs"] as? [[String: Any]])
        func settings(_ name: String) -> [String: String] {
            (runs.first { ($0["optimizer"] as? String) == name }?["settings"] as? [String: String]) ?? [:]
        }
        #expect(settings("adagrad")["eps"] == "1e-07")
        #expect(settings("rmsprop")["eps"] == "1e-08" && settings("rmsprop")["alpha"] == "0.9")
        #expect(settings("adam")["betas"] == "[0.8, 0.99]" && settings("adam")["amsgrad"] == "true")
        #expect(settings("sgd")["momentum"] == "0.0")
    }

    @Test("Bad settings exit 64 naming the flag", arguments: [
        (["--eps", "sgd=1e-7"], "--eps"), (["--momentum", "x"], "--momentum"), (["--betas", "0.9"], "--betas"),
        (["--alpha", "adam=0.9"], "--alpha"), (["--weight-decay", "1,2"], "--weight-decay"),
    ])
    func badSettings(arguments: [String], flag: String) throws {
        let run = try DescentBinary.run(["landscape", "--function", "quadratic", "--steps", "5"] + arguments)
        #expect(run.status == 64 && run.stderr.contains(flag), "\(arguments): \(run.stderr)")
    }
}
