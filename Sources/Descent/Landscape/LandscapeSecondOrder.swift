/// The second-order methods of a landscape run, on the same loop as the first-order rules
/// (`LandscapeRunner.trace`), with the same `LBFGS` and `DampedNewton` that train networks.
enum LandscapeSecondOrder {
    /// Runs `secondOrder` on `function` from `start`. Throws `LandscapeError.invalidSetting` for
    /// L-BFGS with gradient noise, and as `LandscapeRunner.trace` does.
    static func run(_ function: any TestFunction, from start: SIMD2<Double>, settings secondOrder: SecondOrderSettings,
                    landscape settings: LandscapeSettings) throws -> LandscapeRun {
        let method = TrainingMethod.secondOrder(secondOrder)
        switch secondOrder.method {
        case .lbfgs:
            guard settings.noise == 0 else {
                throw LandscapeError.invalidSetting(
                    setting: "noise", value: "\(settings.noise)",
                    expected: "0 with lbfgs: its line search evaluates f and ∇f several times per step and needs them exact "
                        + "(newton and the first-order rules take noise); race lbfgs without noise, or leave it out")
            }
            // One iteration per recorded step; the runner's --tol decides convergence, so L-BFGS's
            // own tolerances are (almost) off: 1e-20 only rules out a zero directional derivative.
            var lbfgs = LBFGS(learningRate: secondOrder.learningRate, maxIterations: 1, toleranceGrad: 0,
                              toleranceChange: 1e-20, historySize: 10, lineSearch: true)
            let objective = objective(of: function)
            return try LandscapeRunner.trace(function, from: start, method: method, settings: settings) { parameters, _, _ in
                let result: LBFGSStepResult
                do {
                    result = try lbfgs.step(&parameters, objective: objective)
                } catch {
                    return .stalled(reason: "L-BFGS: \(error)")
                }
                if result.iterations == 0 { return .stalled(reason: "L-BFGS: ∇f is exactly 0") }
                if result.stop == .noDescent { return .stalled(reason: "L-BFGS: no descent direction left (gᵀd ≥ 0)") }
                return .moved(evaluations: result.evaluations)
            }
        case .newton:
            return try LandscapeRunner.trace(function, from: start, method: method, settings: settings) { parameters, gradient, random in
                var seen = [gradient.x, gradient.y]
                LandscapeRunner.noisy(&seen, settings: settings, random: &random)
                let hessian = function.hessian(at: SIMD2(parameters[0], parameters[1]))
                let newton: NewtonStep
                do {
                    newton = try DampedNewton.step(hessian: hessian.matrix, gradient: seen, damping: secondOrder.damping)
                } catch {
                    return .stalled(reason: "Newton: H + δI cannot be solved at (\(TermFormat.number(parameters[0])), "
                        + "\(TermFormat.number(parameters[1]))): \(error); try a damping > 0")
                }
                for index in parameters.indices { parameters[index] += secondOrder.learningRate * newton.step[index] }
                return .moved(evaluations: 1)
            }
        }
    }

    /// x ↦ (f(x), ∇f(x)) on flat two-vectors.
    static func objective(of function: any TestFunction) -> ObjectiveFunction {
        { x in
            let point = SIMD2(x[0], x[1])
            let gradient = function.gradient(at: point)
            return (function.value(at: point), [gradient.x, gradient.y])
        }
    }
}
