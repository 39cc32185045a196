import Foundation
import Testing

@Suite("Data that cannot be trusted is named: search keyed by its data, overflowing statistics, huge fields, numeric-looking text")
struct DataTrustCLITests {
    typealias S = CLITestSupport
    static let search = ["--trials", "2", "--epochs", "1", "--param", "lr=log:1e-3:1e-1", "--quiet"]

    @Test("search on wine with iris' results file refuses (exit 64) and names the data; merge refuses mixed studies")
    func searchKeyedByData() throws {
        let directory = try S.temporaryDirectory()
        let first = try DescentBinary.run(["search", S.example("iris.csv")] + Self.search, in: directory)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let records = try String(contentsOf: directory.appendingPathComponent("trials.jsonl"), encoding: .utf8)
        #expect(records.contains("\"data_sha256\"") && records.contains("\"descent_version\""))
        let wine = try DescentBinary.run(["search", S.example("wine.csv")] + Self.search, in: directory)
        #expect(wine.status == 64, "stderr: \(wine.stderr)")
        #expect(!wine.stderr.contains("already in"))
        #expect(wine.stderr.contains("iris.csv") && wine.stderr.contains("wine.csv") && wine.stderr.contains("--results"), "\(wine.stderr)")
        let own = try DescentBinary.run(["search", S.example("wine.csv")] + Self.search + ["--results", "wine.jsonl"], in: directory)
        #expect(own.status == 0, "stderr: \(own.stderr)")
        let merged = try DescentBinary.run(["search", "merge", "trials.jsonl", "wine.jsonl"], in: directory)
        #expect(merged.status == 64 && merged.stderr.contains("2 different studies"), "\(merged.stderr)")
    }

    @Test("a value of 1e200 is a data error naming the column and the line, not a checkpoint with null metadata")
    func overflowingStatistic() throws {
        let directory = try S.temporaryDirectory()
        var lines = try String(contentsOfFile: S.example("iris.csv"), encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        lines[6] = "1e200" + lines[6].drop { $0 != "," }
        let data = try S.write(lines.joined(separator: "\n") + "\n", "big.csv", in: directory)
        let model = directory.appendingPathComponent("m.safetensors").path
        let result = try DescentBinary.run(["train", data, "--epochs", "1", "--out", model])
        #expect(result.status == 65, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("big.csv:7") && result.stderr.contains("sepal_length_cm"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: model))
    }

    @Test("a 3 MB field is refused naming line and column, without echoing it; a wide header over a million blank lines is refused with its size")
    func boundedInput() throws {
        let directory = try S.temporaryDirectory()
        let field = String(repeating: "x", count: 3_000_000)
        let data = try S.write("a,y\n1,0\n\"\(field)\",1\n2,1\n", "huge.csv", in: directory)
        let result = try DescentBinary.run(["train", data, "--epochs", "1"])
        #expect(result.status == 65 && result.stderr.contains("huge.csv:3:1"), "\(result.stderr.prefix(300))")
        #expect(result.stderr.utf8.count < 500, "the message is bounded: \(result.stderr.utf8.count) bytes")

        let text = try S.write("a,y\n1,0\n\(String(repeating: "y", count: 300)),1\n2,1\n3,0\n", "text.csv", in: directory)
        let excerpt = try DescentBinary.run(["train", text, "--epochs", "1"])
        #expect(excerpt.status == 65 && excerpt.stderr.contains("(300 characters)") && excerpt.stderr.utf8.count < 300, "\(excerpt.stderr)")

        let header = (0..<200_000).map { "c\($0)" }.joined(separator: ",")
        let wide = try S.write(header + "\n" + String(repeating: "\n", count: 1_000_000) + Array(repeating: "1", count: 200_000).joined(separator: ",") + "\n",
                               "wide.csv", in: directory)
        let tooWide = try DescentBinary.run(["train", wide, "--epochs", "1"])
        #expect(tooWide.status == 65 && tooWide.stderr.contains("200 000 columns") && tooWide.stderr.contains("TB"), "\(tooWide.stderr)")
    }

    @Test("decimal commas and currency signs are warned about; --decimal-comma reads 5,1 as 5.1; --drop of the target is refused")
    func numericLookingText() throws {
        let directory = try S.temporaryDirectory()
        var rows = ["width;price;label"]
        for i in 0..<40 { rows.append("\(i / 10),\(i % 10);$\(i).50;\(i % 2)") }
        let data = try S.write(rows.joined(separator: "\n") + "\n", "shop.csv", in: directory)
        let warned = try DescentBinary.run(["train", data, "--epochs", "1", "--json", "--quiet"])
        #expect(warned.status == 0, "stderr: \(warned.stderr)")
        #expect(warned.stderr.contains("\"width\"") && warned.stderr.contains("decimal comma") && warned.stderr.contains("--decimal-comma"), "\(warned.stderr)")
        #expect(warned.stderr.contains("\"price\"") && warned.stderr.contains("currency"), "\(warned.stderr)")
        let read = try DescentBinary.run(["train", data, "--epochs", "1", "--decimal-comma", "--drop", "price"])
        #expect(read.status == 0 && read.stderr.contains("1 feature"), "stderr: \(read.stderr)")
        #expect(!read.stderr.contains("decimal comma"))
        let dropTarget = try DescentBinary.run(["train", data, "--drop", "label"])
        #expect(dropTarget.status == 64 && dropTarget.stderr.contains("\"label\""), "\(dropTarget.stderr)")
    }
}
