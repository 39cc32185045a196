import Descent
import Foundation
import Plot
@testable import Report
import Testing

@Suite("Report page and its inputs")
struct ReportDocumentTests {
    @Test("Text is escaped, figures are inlined without the XML declaration, a live page reloads itself")
    func html() {
        let svg = LineChart(series: [LineSeries(name: "a", x: [0, 1], y: [1, 2])]).svg()
        let document = ReportDocument(title: "a < b & \"c\"", sections: [
            ReportSection(title: "One", blocks: [.paragraph("<script>x</script>"), .figure(svg: svg, caption: "fig")]),
            ReportSection(title: "Two", blocks: [.confusion(classes: ["x", "y"], counts: [[3, 1], [0, 4]], caption: "c")]),
        ], refreshSeconds: 5)
        let html = document.html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>a &lt; b &amp; &quot;c&quot;</title>"))
        #expect(html.contains("&lt;script&gt;x&lt;/script&gt;") && !html.contains("<script>"))
        #expect(!html.contains("<?xml"))
        #expect(html.contains("<figure>\n<svg"))
        #expect(html.contains("http-equiv=\"refresh\" content=\"5\""))
        #expect(document.figureCount == 1)
        // The row 3, 1: shares 0.75 and 0.25 shade the cells.
        #expect(html.contains("rgba(0, 114, 178, 0.75)") && html.contains("rgba(0, 114, 178, 0.25)"))
        #expect(!ReportDocument(title: "t", sections: []).html().contains("refresh"))
    }

    @Test("A history read back from its CSV equals the history written")
    func historyRoundTrip() throws {
        var records = (1...5).map { epoch in
            EpochRecord(epoch: epoch, learningRate: 0.01 * Double(epoch), trainLoss: 1 / Double(epoch), validationLoss: 1.1 / Double(epoch),
                        trainAccuracy: 0.5 + 0.1 * Double(epoch), validationAccuracy: nil, lambdaMax: epoch % 2 == 0 ? 3.25 : nil,
                        seconds: 0.125, samplesPerSecond: 1000)
        }
        records[1].lambdaMin = -0.5
        let history = TrainingHistory(records: records)
        #expect(try ReportCSV.history(history.csv, path: "h.csv") == history)
    }

    @Test("Race runs are grouped by optimizer and seed; a bad number names its line and column")
    func raceRuns() throws {
        let text = "optimizer,seed,epoch,lr,train_loss,seconds\nsgd,0,0,0.1,1,0\nsgd,0,1,0.1,0.5,0.1\nadam,0,0,0.1,1,0\nsgd,1,0,0.1,1,0\n"
        let runs = try ReportCSV.raceRuns(text, path: "r.csv")
        #expect(runs.map(\.contestant) == ["sgd", "adam", "sgd"])
        #expect(runs.map { $0.history.records.count } == [2, 1, 1])
        #expect(throws: ReportError.malformed(path: "r.csv", line: 3, reason: "column train_loss: 'x' is not a number")) {
            try ReportCSV.raceRuns("optimizer,seed,epoch,train_loss\nsgd,0,0,1\nsgd,0,1,x\n", path: "r.csv")
        }
    }

    @Test("The loader tells files apart by content and lists what it does not show")
    func loader() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("descent-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try write("h.csv", "epoch,lr,train_loss\n1,0.1,0.5\n")
        try write("spectrum.csv", "index,eigenvalue\n0,-1\n1,2\n")
        try write("hessian.json", "{\"lambda_max\": 2, \"lambda_min\": -1, \"method\": \"full\"}")
        try write("notes.txt", "hello")
        let inputs = try ReportLoader.load([dir.path])
        #expect(inputs.history?.records.count == 1)
        #expect(inputs.eigenvalues == [-1, 2])
        #expect(inputs.hessian?.lambdaMax == 2)
        #expect(inputs.skipped.map(\.name) == ["notes.txt"])
        #expect(throws: ReportError.self) { try ReportLoader.load([dir.appendingPathComponent("notes.txt").path]) }
        let page = RunReport.document(inputs).html()
        #expect(page.contains("<h2>Hessian</h2>") && page.contains("<h2>Training curves</h2>"))
    }
}

@Suite("Density of known eigenvalues")
struct EigenvalueDensityTests {
    @Test("Unit mass; around an eigenvalue the Gaussian of variance 10⁻⁵·max(1, range)")
    func gaussian() throws {
        let (grid, density) = EigenvalueDensity.density(eigenvalues: [-3, 1, 5], gridPoints: 8_001)
        let spacing = grid[1] - grid[0]
        #expect(abs(density.reduce(0, +) * spacing - 1) < 1e-12)
        // Near λ = 1 (far from the others) ρ(t)/ρ(t₀) = exp(−((t−1)² − (t₀−1)²)/(2σ²)), σ² = 1e-5·8.02.
        let variance = 1e-5 * 8.02
        let centre = try #require(grid.indices.min { abs(grid[$0] - 1) < abs(grid[$1] - 1) })
        for offset in [3, 9, 17] {
            let (a, b) = (grid[centre] - 1, grid[centre + offset] - 1)
            let expected = exp(-(b * b - a * a) / (2 * variance))
            #expect(abs(density[centre + offset] / density[centre] - expected) < 1e-9)
        }
        #expect(EigenvalueDensity.density(eigenvalues: [.nan]).grid.isEmpty)
    }
}
