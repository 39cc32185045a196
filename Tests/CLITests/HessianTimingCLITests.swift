import Foundation
import Testing

@Suite("descent hessian: per-end Lanczos convergence, timing, two-stage eigensolver")
struct HessianTimingCLITests {
    typealias S = CLITestSupport
    typealias H = HessianCLITests

    @Test("--top 2 reports each end's convergence step and splits its seconds; --ends largest stops no later")
    func lanczosFields() throws {
        let (model, _) = try H.trainedModel()
        let both = try H.hessianJSON([model, S.example("iris.csv"), "--top", "2"])
        #expect(both["largest_converged"] as? Bool == true && both["smallest_converged"] as? Bool == true)
        let steps = try #require(both["lanczos_steps"] as? Int)
        let topStep = try #require(both["largest_converged_step"] as? Int), bottomStep = try #require(both["smallest_converged_step"] as? Int)
        #expect(max(topStep, bottomStep) == steps || steps == 131)
        // One product per step plus one measured residual per reported pair.
        #expect(both["hessian_vector_products"] as? Int == steps + 4)
        let seconds = try #require(both["lanczos_seconds"] as? Double), overhead = try #require(both["lanczos_overhead_seconds"] as? Double)
        #expect(seconds > 0 && overhead >= 0 && overhead <= seconds)
        // Partial reorthogonalization: some passes over the basis, fewer than one per step.
        let passes = both["reorthogonalization_passes"] as? Int ?? 0
        #expect(passes > 0 && passes < steps, "\(passes) passes in \(steps) steps")
        let largest = try H.hessianJSON([model, S.example("iris.csv"), "--top", "2", "--ends", "largest"])
        let largestSteps = try #require(largest["lanczos_steps"] as? Int)
        #expect(largestSteps == topStep && largestSteps <= steps)
        let values = { (json: [String: Any]) in (json["largest"] as? [[String: Any]])?.compactMap { $0["value"] as? Double } ?? [] }
        #expect(zip(values(largest), values(both)).allSatisfy { H.relative($0, $1) < 1e-8 })
        let loose = try DescentBinary.run(["hessian", model, S.example("iris.csv"), "--top", "2", "--max-steps", "3"])
        #expect(loose.status == 0 && loose.stdout.contains("NOT converged") && loose.stdout.contains("--max-steps"), "\(loose.stdout)")
    }

    @Test("The full spectrum names dsyevd_2stage and reports assembly and eigensolver seconds")
    func fullTiming() throws {
        let (model, _) = try H.trainedModel()
        let json = try H.hessianJSON([model, S.example("iris.csv")])
        #expect(json["eigensolver"] as? String == "dsyevd_2stage")
        let assembly = try #require(json["assembly_seconds"] as? Double), eigensolver = try #require(json["eigensolver_seconds"] as? Double)
        #expect(assembly > 0 && eigensolver > 0 && assembly + eigensolver <= (json["seconds"] as? Double ?? 0) + 1e-9)
        let text = try DescentBinary.run(["hessian", model, S.example("iris.csv")])
        #expect(text.stdout.contains("time: assembly") && text.stdout.contains("dsyevd_2stage"), "\(text.stdout)")
        // No progress bar when standard error is not a terminal.
        #expect(!text.stderr.contains("assembling"))
    }

    @Test("Lanczos flags are checked: --ends lists its values, --max-steps needs --top")
    func flagErrors() throws {
        let (model, _) = try H.trainedModel()
        let badEnd = try DescentBinary.run(["hessian", model, S.example("iris.csv"), "--top", "1", "--ends", "middle"])
        #expect(badEnd.status == 64 && badEnd.stderr.contains("largest"), "\(badEnd.stderr)")
        let steps = try DescentBinary.run(["hessian", model, S.example("iris.csv"), "--max-steps", "10"])
        #expect(steps.status == 64 && steps.stderr.contains("--top"), "\(steps.stderr)")
        let tolerance = try DescentBinary.run(["hessian", model, S.example("iris.csv"), "--top", "1", "--tolerance", "-1"])
        #expect(tolerance.status == 64, "\(tolerance.stderr)")
    }
}
