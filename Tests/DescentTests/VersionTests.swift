import Testing
import Descent

@Suite("Descent module")
struct VersionTests {
    @Test("The version is a semantic version")
    func semanticVersion() {
        let parts = DescentVersion.string.split(separator: ".")
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil })
    }
}
