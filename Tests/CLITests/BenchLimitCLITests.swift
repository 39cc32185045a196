import Foundation
import Testing

/// `descent bench` reports each step's limit: its GEMMs plus the optimizer update's bytes at the
/// bandwidth of a triad over those same bytes, timed with the step.
@Suite("CLI bench limit")
struct BenchLimitCLITests {
    typealias S = CLITestSupport

    @Test("limit = GEMMs + Adam's 7 values per parameter at the GB/s of a triad over those bytes, recomputed from the JSON")
    func limitFromItsParts() throws {
        let result = try DescentBinary.run(["bench", "--json", "--quick", "--threads", "1", "--precision", "float", "--csv-rows", "10"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try S.lastJSONObject(result.stdout)
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.count == 2)
        // 784-256-256-10: (784 + 1)·256 + (256 + 1)·256 + (256 + 1)·10 = 269 322 parameters.
        let updateBytes = Double(7 * 4 * 269_322)
        for step in steps {
            let gemm = try #require(step["gemm_ms"] as? Double), stepMs = try #require(step["step_ms"] as? Double)
            let batch = try #require(step["batch"] as? Int)
            #expect(step["update_bytes"] as? Double == updateBytes)
            // The triad moves the update's bytes: 3 accesses of 4 bytes per element.
            #expect(step["limit_triad_parameters"] as? Int == 7 * 269_322 / 3)
            let triad = try #require(step["limit_triad_gb_per_s"] as? Double)
            #expect(triad > 0)
            let expected = gemm + updateBytes / (triad * 1e9) * 1e3
            let limit = try #require(step["limit_ms"] as? Double)
            #expect(abs(limit - expected) <= 1e-9 * expected, "limit \(limit) ms, expected \(expected)")
            let fraction = try #require(step["fraction_of_limit"] as? Double)
            #expect(abs(fraction - limit / stepMs) <= 1e-9 * fraction)
            let rate = try #require(step["limit_samples_per_second"] as? Double)
            #expect(abs(rate - Double(batch) / (limit / 1e3)) <= 1e-9 * rate)
        }
    }
}
