import Foundation
import Testing

/// What is wrong with one rendered help page: lines over the width, a default stated twice,
/// an example command broken over lines without `\`, prose wrapped twice (a hard break where
/// the next word would have fitted: the page was wrapped at another width first).
enum HelpLint {
    static func problems(in page: String, width: Int = 80) -> [String] {
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var problems: [String] = []
        for line in lines where line.count > width {
            problems.append("over \(width) columns (\(line.count)): \(line)")
        }
        problems += duplicatedDefaults(lines)
        problems += brokenExamples(lines)
        problems += doublyWrappedProse(lines, width: width)
        return problems
    }

    /// Option entries ("  --name …" and their indented continuation lines) that state a default
    /// in their own words and again as ArgumentParser's "(default: …)".
    static func duplicatedDefaults(_ lines: [String]) -> [String] {
        var entries: [String] = []
        for line in lines {
            if line.hasPrefix("  -") || line.hasPrefix("  <") {
                entries.append(line)
            } else if line.hasPrefix("      "), !entries.isEmpty {
                entries[entries.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
            } else {
                entries.append("")
            }
        }
        return entries.filter { entry in
            entry.contains("(default: ") && entry.lowercased().components(separatedBy: "default").count > 2
        }.map { "default stated twice: \($0)" }
    }

    /// Lines of an "Examples:" block that are neither a command ("  descent …") nor the
    /// continuation of a command whose line ends with `\`.
    static func brokenExamples(_ lines: [String]) -> [String] {
        var problems: [String] = []
        var inExamples = false
        var continues = false
        for line in lines {
            if line.hasSuffix("Examples:") || line.hasSuffix("Example:") { inExamples = true; continues = false; continue }
            guard inExamples else { continue }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { inExamples = false; continue }
            // A command or comment starts two columns in; its continuation (after a `\\`) deeper.
            let isCommand = line.hasPrefix("  ") && !line.hasPrefix("   ")
            let isContinuation = continues && line.hasPrefix("    ")
            if !isCommand && !isContinuation {
                problems.append("example line is not a whole command (end the line before with \\): \(line)")
            }
            continues = line.hasSuffix("\\")
        }
        return problems
    }

    /// Unindented prose lines before USAGE after which the next line's first word would have fitted
    /// (ArgumentParser keeps wrapped lines under the width: at most `width - 1` columns).
    static func doublyWrappedProse(_ lines: [String], width: Int) -> [String] {
        guard let usage = lines.firstIndex(where: { $0.hasPrefix("USAGE:") }) else { return [] }
        var problems: [String] = []
        for index in 0..<max(usage - 1, 0) {
            let line = lines[index], next = lines[index + 1]
            guard !line.isEmpty, !next.isEmpty, !line.hasPrefix(" "), !next.hasPrefix(" "),
                  !line.hasSuffix(":"), !next.hasPrefix("-"), !next.hasPrefix("•") else { continue }
            let firstWord = next.split(separator: " ").first.map(String.init) ?? ""
            if line.count + 1 + firstWord.count <= width - 1 {
                problems.append("wrapped twice (\"\(firstWord)\" would fit on the line before): \(line)")
            }
        }
        return problems
    }
}

@Suite("Help pages at 80 columns")
struct HelpPageTests {
    /// Every command and subcommand, from the SUBCOMMANDS lists of the help pages themselves.
    static func commands() throws -> [[String]] {
        var found: [[String]] = [[]]
        var queue: [[String]] = [[]]
        while let command = queue.popLast() {
            let page = try DescentBinary.run(command + ["--help"], environment: ["COLUMNS": "80"]).stdout
            guard command.count < 2, let start = page.range(of: "SUBCOMMANDS:\n") else { continue }
            // The block's entries: "  name   abstract" up to the first blank line.
            for line in page[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
                if line.isEmpty { break }
                guard line.hasPrefix("  "), !line.hasPrefix("   "),
                      let name = line.split(separator: " ").first.map(String.init),
                      name.allSatisfy({ $0.isLowercase || $0 == "-" }), name != "help" else { continue }
                found.append(command + [name])
                queue.append(command + [name])
            }
        }
        return found
    }

    @Test("Every help page fits 80 columns, states each default once, wraps once and has whole example commands")
    func everyPage() throws {
        let commands = try Self.commands()
        #expect(commands.count >= 12, "found only \(commands)")
        for command in commands {
            let result = try DescentBinary.run(command + ["--help"], environment: ["COLUMNS": "80"])
            #expect(result.status == 0)
            let problems = HelpLint.problems(in: result.stdout)
            #expect(problems.isEmpty, "descent \(command.joined(separator: " ")) --help:\n\(problems.joined(separator: "\n"))")
        }
    }

    @Test("The checks find a long line, a default stated twice, a broken example and prose wrapped twice")
    func lintFindsEachProblem() {
        let bad = """
        OVERVIEW: A command.

        This sentence was wrapped near 100 columns and then again at eighty, so
        it
        continues on a short line.

        Examples:
          descent train data.csv --epochs 20 --batch-size 32 --optimizer adam --lr
        0.01

        USAGE: descent x

        OPTIONS:
          --patience <patience>   Epochs without improvement before stopping
                                  (default 20). (default: 20)
          --\(String(repeating: "x", count: 90))
        """
        let problems = HelpLint.problems(in: bad)
        #expect(problems.contains { $0.hasPrefix("over 80 columns") })
        #expect(problems.contains { $0.hasPrefix("default stated twice") })
        #expect(problems.contains { $0.hasPrefix("example line is not a whole command") })
        #expect(problems.contains { $0.hasPrefix("wrapped twice") })
        let good = """
        OVERVIEW: A command.

        Examples:
          descent train data.csv --epochs 20 \\
            --lr 0.01

        USAGE: descent x

        OPTIONS:
          --patience <patience>   Epochs without improvement before stopping.
                                  (default: 20)
        """
        #expect(HelpLint.problems(in: good).isEmpty, "\(HelpLint.problems(in: good))")
    }
}
