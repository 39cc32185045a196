import Testing
import Plot

@Suite("Plot module")
struct PlotModuleTests {
    @Test("The module states the format it writes")
    func format() { #expect(PlotVersion.format == "SVG 1.1") }
}
