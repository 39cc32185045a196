import Foundation
import Testing

/// Whether headless Chromium is installed: the browser test needs it (scripts/test installs it;
/// `scripts/browser-check --install` does alone).
enum BrowserAvailability {
    static var chromium: Bool {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

@Suite("descent report: one self-contained page for a run and what was computed beside it", .serialized)
struct ReportCLITests {
    /// A run directory with a model, history (with λmax), evaluate, hessian and spectrum outputs, a
    /// small race, a small search and a landscape picture, and the report built from it.
    static let prepared = Result { try runDirectory() }

    static func runDirectory() throws -> (directory: URL, report: String, figures: Int) {
        let dir = try CLITestSupport.temporaryDirectory()
        let iris = CLITestSupport.example("iris.csv")
        func run(_ arguments: [String], stdout file: String? = nil) throws {
            let result = try DescentBinary.run(arguments, in: dir)
            guard result.status == 0 else { throw CLITestFailure(message: "descent \(arguments.joined(separator: " ")): \(result.stderr)") }
            if let file { try result.stdout.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8) }
        }
        try run(["train", iris, "--layers", "4", "--epochs", "12", "--curvature-every", "4", "--out", "model.safetensors",
                 "--history", "history.csv", "--quiet"])
        try run(["evaluate", "model.safetensors", iris, "--json", "--bootstrap", "200"], stdout: "evaluation.json")
        try run(["train", iris, "--layers", "4", "--epochs", "3", "--folds", "3", "--json"], stdout: "folds.jsonl")
        try run(["hessian", "model.safetensors", iris, "--json", "--spectrum", "eigenvalues.csv"], stdout: "hessian.json")
        try run(["compare", iris, "--optimizers", "sgd,adam", "--seeds", "2", "--epochs", "3", "--target-loss", "0.5",
                 "--history", "race.csv", "--json"], stdout: "race.json")
        try run(["search", iris, "--trials", "3", "--epochs", "3", "--jobs", "1", "--param", "lr=log:1e-3:1e-1", "--results", "study.jsonl"])
        try run(["landscape", "--function", "rosenbrock", "--optimizers", "sgd,adam", "--lr", "sgd=0.001,adam=0.05", "--steps", "200",
                 "--plot", "rosenbrock.svg"])
        let result = try DescentBinary.run(["report", dir.path, "--out", dir.appendingPathComponent("report.html").path])
        guard result.status == 0 else { throw CLITestFailure(message: "descent report: \(result.stderr)") }
        // Training curves, calibration, curvature, spectrum, density, race, search, landscape.
        return (dir, dir.appendingPathComponent("report.html").path, 8)
    }

    @Test("Every section, the expected figures, no script, nothing from the network")
    func page() throws {
        let (_, report, figures) = try Self.prepared.get()
        let html = try String(contentsOfFile: report, encoding: .utf8)
        for heading in ["Run", "Training curves", "Curvature", "Scores", "Confusion matrix", "Calibration", "Cross-validation", "Hessian",
                        "Optimizer race", "Search", "Pictures", "Files read"] {
            #expect(html.contains("<h2>\(heading)</h2>"), "missing section \(heading)")
        }
        #expect(html.components(separatedBy: "<svg").count - 1 == figures)
        #expect(html.components(separatedBy: "<figure>").count - 1 == figures)
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"))
        #expect(html.contains("2/lr"))                           // the curvature panel's stability line
        #expect(html.contains("λmax/λ⁺min"))                     // the condition-number table
        #expect(html.contains("target loss 0.5"))                 // the race's line
        #expect(html.contains("Source: descent evaluate --json")) // where the confusion matrix came from
        #expect(html.contains("perfect calibration"))             // the reliability diagram's diagonal
        #expect(html.contains("baseline: training class frequencies"))
        #expect(html.contains("were used in training or validation"))   // evaluate scored the training file: said on the page
        #expect(html.contains("3-fold cross-validation"))
    }

    @Test("The page loads in headless Chromium: the figures are there, the screenshot is not blank, the HTML is valid",
          .enabled(if: BrowserAvailability.chromium, "Chromium is not installed: scripts/test installs it (or run scripts/browser-check --install as root)"))
    func browser() throws {
        let (dir, report, figures) = try Self.prepared.get()
        let process = Process()
        process.executableURL = CLITestSupport.repositoryRoot.appendingPathComponent("scripts/browser-check")
        process.arguments = [report, "--figures", String(figures), "--screenshot", dir.appendingPathComponent("report.png").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 77 {
            withKnownIssue("browser check skipped: \(text)") { throw CLITestFailure(message: text) }
            return
        }
        #expect(process.terminationStatus == 0, "\(text)")
    }

    @Test("The output may not be an input; a malformed file is named with its line")
    func refusals() throws {
        let dir = try CLITestSupport.temporaryDirectory()
        let history = try CLITestSupport.write("epoch,lr,train_loss\n1,0.1,0.5\n2,0.1,oops\n", "history.csv", in: dir)
        let aliased = try DescentBinary.run(["report", history, "--out", history])
        #expect(aliased.status == 64)
        #expect(aliased.stderr.contains("is one of the inputs"))
        #expect(try String(contentsOfFile: history, encoding: .utf8).contains("oops"))   // untouched
        let malformed = try DescentBinary.run(["report", history, "--out", dir.appendingPathComponent("r.html").path])
        #expect(malformed.status == 65)
        #expect(malformed.stderr.contains("history.csv, line 3"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.html").path))
    }

    @Test("train --report writes the page at the end with the validation confusion matrix; --report-every needs --report")
    func trainReport() throws {
        let dir = try CLITestSupport.temporaryDirectory()
        let report = dir.appendingPathComponent("live.html").path
        let result = try DescentBinary.run(["train", CLITestSupport.example("iris.csv"), "--layers", "4", "--epochs", "4",
                                            "--report", report, "--report-every", "2", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<h2>Confusion matrix</h2>") && html.contains("<h2>Calibration</h2>"))
        #expect(html.contains("validation rows"))
        #expect(html.contains("linear model (no hidden layer)"))
        #expect(!html.contains("http-equiv=\"refresh\""))   // the final page no longer reloads
        let refused = try DescentBinary.run(["train", CLITestSupport.example("iris.csv"), "--report-every", "2"])
        #expect(refused.status == 64)
    }
}
