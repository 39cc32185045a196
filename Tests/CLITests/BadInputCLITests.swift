import Foundation
import Testing

@Suite("Bad input: a clear message naming the place, and the right exit code")
struct BadInputCLITests {
    typealias S = CLITestSupport

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var csv: String
        var extra: [String]
        var status: Int32
        var mentions: [String]
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "ragged row", csv: "a,b,y\n1,2,0\n3,4\n5,6,1\n", extra: [], status: 65, mentions: [":3", "3", "2"]),
        Case(name: "unterminated quote", csv: "a,b,y\n1,\"2,0\n3,4,1\n", extra: [], status: 65, mentions: [":2", "quote"]),
        Case(name: "non-numeric value", csv: "a,b,y\n1,2,0\n3,4,1\n5,six,0\n7,8,1\n9,10,0\n", extra: [], status: 65, mentions: [":4", "\"b\"", "six"]),
        Case(name: "empty file", csv: "", extra: [], status: 65, mentions: ["empty"]),
        Case(name: "header only", csv: "a,b,y\n", extra: [], status: 65, mentions: ["header"]),
        Case(name: "unknown target", csv: "a,b,y\n1,2,0\n3,4,1\n", extra: ["--target", "price"], status: 64, mentions: ["price", "a", "b", "y"]),
        Case(name: "single class", csv: "a,b,y\n1,2,cat\n3,4,cat\n5,6,cat\n", extra: [], status: 65, mentions: ["cat"]),
        Case(name: "too few rows for the split", csv: "a,b,y\n1,2,x\n3,4,y\n", extra: [], status: 64, mentions: ["row"]),
        Case(name: "missing value", csv: "a,b,y\n1,2,0\n3,NA,1\n5,6,0\n7,8,1\n", extra: [], status: 65, mentions: [":3", "--missing"]),
    ]

    @Test("Each bad input", arguments: cases)
    func badInput(_ c: Case) throws {
        let directory = try S.temporaryDirectory()
        let path = try S.write(c.csv, "bad.csv", in: directory)
        let result = try DescentBinary.run(["train", path, "--epochs", "1"] + c.extra)
        #expect(result.status == c.status, "\(c.name): exit \(result.status), stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(c.name): stdout must stay clean, got \(result.stdout)")
        #expect(result.stderr.contains("bad.csv") || c.name == "unknown target", "\(c.name): the message must name the file: \(result.stderr)")
        for word in c.mentions {
            #expect(result.stderr.contains(word), "\(c.name): the message should mention \(word): \(result.stderr)")
        }
    }

    @Test("A missing file and bad flags are usage errors naming them")
    func usage() throws {
        let missing = try DescentBinary.run(["train", "/nonexistent/data.csv"])
        #expect(missing.status == 65 || missing.status == 64 || missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/data.csv"))
        let badFlag = try DescentBinary.run(["train", S.example("iris.csv"), "--val-split", "1.5"])
        #expect(badFlag.status == 64 && badFlag.stderr.contains("--val-split"))
        let badLayers = try DescentBinary.run(["train", S.example("iris.csv"), "--layers", "64,x"])
        #expect(badLayers.status == 64 && badLayers.stderr.contains("--layers"))
        let badOptimizer = try DescentBinary.run(["train", S.example("iris.csv"), "--optimizer", "adamax"])
        #expect(badOptimizer.status == 64 && badOptimizer.stderr.contains("adamax"))
    }

    @Test("A truncated safetensors file is a clear error naming it")
    func truncatedCheckpoint() throws {
        let directory = try S.temporaryDirectory()
        let model = directory.appendingPathComponent("m.safetensors").path
        #expect(try DescentBinary.run(["train", S.example("iris.csv"), "--epochs", "2", "--out", model, "--quiet"]).status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: model))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: model))
        let result = try DescentBinary.run(["evaluate", model, S.example("iris.csv")])
        #expect(result.status == 65, "stderr: \(result.stderr)")
        #expect(result.stderr.contains(model) && result.stderr.contains("truncated"), "stderr: \(result.stderr)")
        let notModel = try DescentBinary.run(["evaluate", S.example("iris.csv"), S.example("iris.csv")])
        #expect(notModel.status != 0 && notModel.stderr.contains("iris.csv"))
    }
}
