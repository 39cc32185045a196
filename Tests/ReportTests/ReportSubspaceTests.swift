import Descent
import Foundation
@testable import Report
import Testing

/// The report page's gradient-subspace section, as `train --plot` draws it.
@Suite("Report page: where the gradient lives")
struct ReportSubspaceTests {
    static func page(subspace: Bool) throws -> ReportDocument {
        var history = TrainingChartsTests.history(epochs: 6, lambda: true)
        if subspace {
            for index in [1, 3, 5] {
                history.records[index].subspaceFraction = 0.5 + Double(index) / 20
                history.records[index].saddleIndex = 5 - index
            }
        }
        var inputs = ReportInputs()
        // Through the history CSV, as descent report reads it.
        inputs.history = try ReportCSV.history(history.csv, path: "h.csv")
        return RunReport.document(inputs)
    }

    @Test("A history with subspace_fraction and saddle_index gets the two panels after Curvature; one without gets none")
    func section() throws {
        let tracked = try Self.page(subspace: true), untracked = try Self.page(subspace: false)
        let html = tracked.html()
        #expect(html.contains("<h2>Where the gradient lives</h2>") && html.contains("Saddle index") && html.contains("‖P_k g‖² / ‖g‖²"))
        let curvature = try #require(html.range(of: "<h2>Curvature</h2>")), subspace = try #require(html.range(of: "<h2>Where the gradient lives</h2>"))
        #expect(curvature.lowerBound < subspace.lowerBound)
        #expect(tracked.figureCount == untracked.figureCount + 1)
        #expect(!untracked.html().contains("Where the gradient lives") && untracked.html().contains("<h2>Curvature</h2>"))
    }
}
