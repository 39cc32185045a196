import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `descent landscape` run as a process: the files it writes, its JSON, and its errors.
@Suite("descent landscape")
struct LandscapeCommandTests {
    /// Counts elements by class while parsing, and whether the parse succeeded.
    final class SVGCounter: NSObject, XMLParserDelegate {
        var classes: [String: Int] = [:]
        var trajectoryTitles: [String] = []
        private var inTrajectory = false, inTitle = false
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if let cls = attributes["class"] { classes["\(name).\(cls)", default: 0] += 1 }
            if name == "path" { inTrajectory = attributes["class"] == "trajectory" }
            if name == "title" && inTrajectory {
                inTitle = true
                trajectoryTitles.append("")
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inTitle { trajectoryTitles[trajectoryTitles.count - 1] += string }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "title" { inTitle = false }
            if name == "path" { inTrajectory = false }
        }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("landscape-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("--plot writes SVG that parses as XML, with one path and one legend entry per optimizer; --csv one row per point")
    func plotAndCSV() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try DescentBinary.run([
            "landscape", "--function", "rosenbrock", "--start", "-1.2,1", "--optimizers", "sgd,momentum,nesterov,adam",
            "--lr", "0.001,adam=0.05", "--steps", "300", "--plot", "paths.svg", "--csv", "paths.csv",
        ], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try Data(contentsOf: directory.appendingPathComponent("paths.svg"))
        let parser = XMLParser(data: svg)
        let counter = SVGCounter()
        parser.delegate = counter
        #expect(parser.parse(), "SVG is not well-formed XML: \(String(describing: parser.parserError))")
        #expect(counter.classes["path.trajectory"] == 4)
        #expect(counter.classes["g.legend-entry"] == 4)
        #expect((counter.classes["path.contour"] ?? 0) >= 10)
        #expect(counter.classes["g.point-marker"] == 2) // the start and the minimum (1, 1)
        #expect(counter.trajectoryTitles.map { String($0.prefix(while: { $0 != " " })) } == ["sgd", "momentum", "nesterov", "adam"])
        let csv = try String(contentsOf: directory.appendingPathComponent("paths.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "optimizer,step,x,y,f,grad_norm")
        let first = lines[1].split(separator: ",")
        #expect(first[0] == "sgd" && first[1] == "0" && first[2] == "-1.2" && first[3] == "1.0")
        #expect(abs(Double(first[4])! - 24.2) < 1e-12) // (1 + 1.2)² + 100·(1 − 1.44)²
        // Every run takes all 300 steps (none reaches 1e-6 that soon): 4 × 301 rows.
        #expect(lines.count == 1 + 4 * 301)
        #expect(result.stdout.contains("rosenbrock: f(x, y) = (1 − x)² + 100·(y − x²)²"))
    }

    @Test("--json prints one object; a diverging run is reported on stderr and in the JSON, with exit code 0")
    func jsonAndDivergence() throws {
        let result = try DescentBinary.run([
            "landscape", "--function", "quadratic", "--matrix", "0.2,0,0,4", "--start", "-5,-2",
            "--optimizers", "sgd,momentum", "--lr", "sgd=1,momentum=0.1", "--steps", "500", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("sgd diverged at step 12"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(runs[0]["diverged"] as? Bool == true && runs[0]["stopped"] as? String == "diverged")
        #expect(runs[1]["diverged"] as? Bool == false && runs[1]["stopped"] as? String == "tolerance")
        #expect((object["start_curvature"] as? [String: Any])?["condition_number"] as? Double == 20)
    }

    @Test("usage errors exit 64 and name the flag or list the choices")
    func usageErrors() throws {
        let unknown = try DescentBinary.run(["landscape", "--function", "banana"])
        #expect(unknown.status == 64 && unknown.stderr.contains("rosenbrock, beale, himmelblau"), "\(unknown.stderr)")
        let lr = try DescentBinary.run(["landscape", "--optimizers", "sgd", "--lr", "adam=0.1"])
        #expect(lr.status == 64 && lr.stderr.contains("--lr"), "\(lr.stderr)")
        let kappa = try DescentBinary.run(["landscape", "--function", "beale", "--kappa", "5"])
        #expect(kappa.status == 64 && kappa.stderr.contains("--kappa"), "\(kappa.stderr)")
        let matrix = try DescentBinary.run(["landscape", "--function", "quadratic", "--matrix", "1,2,3,4"])
        #expect(matrix.status == 64 && matrix.stderr.contains("symmetric"), "\(matrix.stderr)")
        let steps = try DescentBinary.run(["landscape", "--steps", "-3"])
        #expect(steps.status == 64 && steps.stderr.contains("--steps"), "\(steps.stderr)")
        #expect(unknown.stdout.isEmpty && lr.stdout.isEmpty)
    }
}
