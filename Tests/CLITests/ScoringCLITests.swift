import Foundation
import Testing

@Suite("predict and evaluate account for every row: empty predictions, --id, --missing, rows used and skipped")
struct ScoringCLITests {
    typealias S = CLITestSupport

    /// iris with a missing value on line 3, text in a numeric column on line 5, and an id column.
    static func irisWithHoles(in directory: URL) throws -> String {
        let lines = try String(contentsOfFile: S.example("iris.csv"), encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        var out = ["id," + lines[0]]
        for (number, line) in lines.dropFirst().enumerated() {
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if number + 2 == 3 { fields[1] = "NA" }
            if number + 2 == 5 { fields[2] = "oops" }
            out.append("r\(number + 1)," + fields.joined(separator: ","))
        }
        return try S.write(out.joined(separator: "\n") + "\n", "holes.csv", in: directory)
    }

    /// A model trained on iris with `--missing drop` (the situation of the report).
    static func model(in directory: URL) throws -> String {
        let model = directory.appendingPathComponent("m.safetensors").path
        let trained = try DescentBinary.run(["train", S.example("iris.csv"), "--missing", "drop", "--epochs", "2", "--out", model, "--quiet"])
        guard trained.status == 0 else { throw CLITestFailure(message: "train failed: \(trained.stderr)") }
        return model
    }

    @Test("predict writes one row per input row, in order: empty predictions for the rows it cannot score, counted on stderr")
    func predictKeepsEveryRow() throws {
        let directory = try S.temporaryDirectory()
        let model = try Self.model(in: directory)
        let data = try Self.irisWithHoles(in: directory)
        let result = try DescentBinary.run(["predict", model, data])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let rows = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(rows.count == 151, "one header and 150 rows, got \(rows.count)")
        #expect(rows[2] == ",,,", "line 3 (missing value) gets an empty prediction: \(rows[2])")
        #expect(rows[4] == ",,,", "line 5 (text in a numeric column) gets an empty prediction: \(rows[4])")
        #expect(rows[1].hasPrefix("setosa,") && rows[3].hasPrefix("setosa,"))
        #expect(result.stderr.contains("2 of 150 rows could not be scored") && result.stderr.contains("lines 3, 5"), "\(result.stderr)")

        let keyed = try DescentBinary.run(["predict", model, data, "--id", "id", "--missing", "mean"])
        #expect(keyed.status == 0, "stderr: \(keyed.stderr)")
        let keyedRows = keyed.stdout.split(separator: "\n").map(String.init)
        #expect(keyedRows.count == 151 && keyedRows[0].hasPrefix("id,prediction"))
        #expect(keyedRows[2].hasPrefix("r2,") && keyedRows[2].count > 10, "the missing value is filled with the training mean: \(keyedRows[2])")
        #expect(keyedRows[4] == "r4,,,,", "text in a numeric column stays unscored: \(keyedRows[4])")
        #expect(keyedRows[150].hasPrefix("r150,"))

        let dropped = try DescentBinary.run(["predict", model, data, "--missing", "drop", "--id", "id"])
        #expect(dropped.stdout.split(separator: "\n").count == 149 && !dropped.stdout.contains("\nr2,"))
        #expect(dropped.stderr.contains("left out"))

        let median = try DescentBinary.run(["predict", model, data, "--missing", "median"])
        #expect(median.status == 64 && median.stderr.contains("stores no median") && median.stderr.contains("sepal_width_cm"), "\(median.stderr)")
    }

    @Test("A value too large for the model (1e308) gives an empty prediction, counted as out of range, not nan")
    func outOfRange() throws {
        let directory = try S.temporaryDirectory()
        let model = try Self.model(in: directory)
        var lines = try String(contentsOfFile: S.example("iris.csv"), encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        lines[3] = "1e308" + lines[3].drop { $0 != "," }
        let data = try S.write(lines.joined(separator: "\n") + "\n", "huge.csv", in: directory)
        let result = try DescentBinary.run(["predict", model, data])
        let rows = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(result.status == 0 && rows.count == 151 && rows[3] == ",,,", "\(rows.prefix(5))")
        #expect(!result.stdout.contains("nan") && result.stderr.contains("1 value out of range (line 4)"), "\(result.stderr)")
    }

    @Test("evaluate says how many rows it used and skipped, and why, in words and in JSON")
    func evaluateAccountsForRows() throws {
        let directory = try S.temporaryDirectory()
        let model = try Self.model(in: directory)
        let data = try Self.irisWithHoles(in: directory)
        let human = try DescentBinary.run(["evaluate", model, data])
        #expect(human.status == 0, "stderr: \(human.stderr)")
        #expect(human.stdout.contains("148 rows used, 2 skipped: 1 missing value, 1 non-numeric value (lines 3, 5)"), "\(human.stdout)")
        let json = try DescentBinary.run(["evaluate", model, data, "--json"])
        let object = try S.lastJSONObject(json.stdout)
        #expect(object["rows_used"] as? Int == 148 && object["rows_skipped"] as? Int == 2 && object["rows_total"] as? Int == 150)
        let skipped = try #require(object["skipped"] as? [String: Any])
        #expect(skipped["missing_value"] as? Int == 1 && skipped["non_numeric_value"] as? Int == 1)
        #expect(object["skipped_lines"] as? [Int] == [3, 5])
        let filled = try S.lastJSONObject(try DescentBinary.run(["evaluate", model, data, "--json", "--missing", "mean"]).stdout)
        #expect(filled["rows_used"] as? Int == 149 && filled["rows_filled"] as? Int == 1)
    }
}
