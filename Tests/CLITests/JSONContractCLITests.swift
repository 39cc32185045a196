import Descent
import Foundation
import Testing

/// The JSON contract of hessian, evaluate and doctor: every line has "type", keys are snake_case,
/// and a key is never left out (the same keys whatever was computed; null where nothing was).
@Suite("JSON output: type, snake_case keys, null never omitted")
struct JSONContractCLITests {
    typealias S = CLITestSupport

    static func object(_ arguments: [String]) throws -> [String: Any] {
        let result = try DescentBinary.run(arguments)
        #expect(result.status == 0, "descent \(arguments.joined(separator: " ")): \(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1, "one JSON line, got \(lines.count)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func expectSnakeCase(_ object: [String: Any], _ what: String) {
        for key in object.keys {
            #expect(key.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(what): key \(key) is not snake_case")
        }
    }

    @Test("hessian: the full and the Lanczos report have the same keys, nulls where a mode has nothing")
    func hessianKeys() throws {
        let (model, _) = try HessianCLITests.trainedModel()
        let full = try Self.object(["hessian", model, S.example("iris.csv"), "--json"])
        let lanczos = try Self.object(["hessian", model, S.example("iris.csv"), "--top", "2", "--trace", "--trace-samples", "10", "--json"])
        let function = try Self.object(["hessian", "--function", "rosenbrock", "--at", "1,1", "--json"])
        for (name, object) in [("full", full), ("lanczos", lanczos), ("function", function)] {
            #expect(object["type"] as? String == "hessian", "\(name)")
            Self.expectSnakeCase(object, name)
        }
        #expect(Set(full.keys) == Set(lanczos.keys) && Set(full.keys) == Set(function.keys),
                "keys differ: \(Set(full.keys).symmetricDifference(lanczos.keys)) \(Set(full.keys).symmetricDifference(function.keys))")
        #expect(full["largest"] is NSNull && lanczos["condition_number"] is NSNull && function["model"] is NSNull)
        #expect(full["method"] as? String == "full" && lanczos["method"] as? String == "lanczos")
        #expect((lanczos["largest"] as? [[String: Any]])?.count == 2 && lanczos["trace_samples"] as? Int == 10)
    }

    @Test("evaluate and doctor: typed, snake_case, and the other task's metrics present as null")
    func evaluateAndDoctor() throws {
        let (model, _) = try HessianCLITests.trainedModel()
        let evaluation = try Self.object(["evaluate", model, S.example("iris.csv"), "--json"])
        #expect(evaluation["type"] as? String == "evaluation")
        Self.expectSnakeCase(evaluation, "evaluate")
        for key in ["rmse", "mae", "r2"] { #expect(evaluation[key] is NSNull, "\(key) should be null for classification") }
        #expect((evaluation["classes"] as? [[String: Any]])?.first?["class"] as? String != nil)
        let doctor = try Self.object(["doctor", "--json"])
        #expect(doctor["type"] as? String == "doctor")
        Self.expectSnakeCase(doctor, "doctor")
        let check = try Self.object(["doctor", "--check-kernels"])
        #expect(check["type"] as? String == "kernel_check")
    }

    @Test("bench: typed, snake_case, csv and curvature present (null when not measured)")
    func bench() throws {
        let bench = try Self.object(["bench", "--json", "--quick", "--threads", "1", "--precision", "float", "--csv-rows", "10"])
        #expect(bench["type"] as? String == "bench")
        Self.expectSnakeCase(bench, "bench")
        #expect(bench.keys.contains("csv") && bench.keys.contains("curvature"), "\(bench.keys.sorted())")
        let step = try #require((bench["steps"] as? [[String: Any]])?.first)
        Self.expectSnakeCase(step, "bench step")
        #expect(step["step_ms"] as? Double != nil && step["fraction_of_limit"] != nil)
    }

    @Test("landscape: typed, snake_case, every run with the same keys (nulls where a run has nothing)")
    func landscape() throws {
        let object = try Self.object(["landscape", "--function", "saddle", "--start", "1,1e-6", "--optimizers", "sgd,adam",
                                      "--steps", "50", "--json"])
        #expect(object["type"] as? String == "landscape")
        Self.expectSnakeCase(object, "landscape")
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(runs.count == 2 && Set(runs[0].keys) == Set(runs[1].keys))
        #expect(runs[0]["nearest_minimum"] is NSNull && runs[0]["divergence"] is NSNull, "a saddle has no minimum; nothing diverged")
    }

    struct Probe: JSONRecord {
        let type = "probe"
        @JSONNullable var missing: Double?
        @JSONNullable var notFinite: Double?
        @JSONNullable var finite: Double?
        var camelCaseName = 1
    }

    @Test("A JSONRecord writes nil and non-finite numbers as null, keeps the key, and converts names to snake_case")
    func recordEncoding() throws {
        let line = try Probe(missing: nil, notFinite: .infinity, finite: 0.1).jsonLine()
        #expect(line == #"{"camel_case_name":1,"finite":0.1,"missing":null,"not_finite":null,"type":"probe"}"#, "\(line)")
    }
}
