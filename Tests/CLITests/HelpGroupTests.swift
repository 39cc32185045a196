import Foundation
import Testing

/// The untitled "OPTIONS:" group of a help page: the flags not in a titled group.
enum HelpGroups {
    /// The flags listed in the untitled OPTIONS block of `page` (entries start two columns in with `-`).
    static func untitledOptions(in page: String) -> [String] {
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "OPTIONS:") else { return [] }
        var entries: [String] = []
        for line in lines[(start + 1)...] {
            if line.isEmpty { break }
            if line.hasPrefix("  -") { entries.append(line.trimmingCharacters(in: .whitespaces)) }
        }
        return entries
    }
}

@Suite("Help pages group options by purpose")
struct HelpGroupTests {
    @Test("train and compare list no catch-all OPTIONS group", arguments: ["train", "compare"])
    func fewUntitledOptions(command: String) throws {
        let result = try DescentBinary.run([command, "--help"], environment: ["COLUMNS": "80"])
        #expect(result.status == 0)
        let untitled = HelpGroups.untitledOptions(in: result.stdout)
        #expect(untitled.count <= 3, "descent \(command) --help: untitled OPTIONS holds \(untitled.count): \(untitled)")
        for title in ["Data:", "Model:", "Outputs:", "Splits and scaling:"] {
            #expect(result.stdout.uppercased().contains(title.uppercased()), "descent \(command) --help lacks the group \(title)")
        }
    }

    @Test("The check counts the entries of an untitled OPTIONS block only")
    func countsUntitled() {
        let page = "DATA:\n  --a <a>   A.\n\nOPTIONS:\n  --b <b>   B.\n            more B.\n  -h, --help   Help.\n\nOTHER:\n  --c\n"
        #expect(HelpGroups.untitledOptions(in: page) == ["--b <b>   B.", "-h, --help   Help."])
        #expect(HelpGroups.untitledOptions(in: "DATA:\n  --a\n").isEmpty)
    }
}
