import Foundation

/// A one-line progress bar with ETA on standard error, drawn only when standard error is a terminal
/// and not `--quiet`; elsewhere it is silent (logs and pipes get the plain per-epoch lines instead).
struct ProgressBar {
    /// Whether it draws at all.
    let enabled: Bool
    private var lastDraw = Date.distantPast
    private let start = Date()

    /// A bar that draws when `enabled` and standard error is a terminal.
    init(enabled: Bool) {
        self.enabled = enabled && Diagnostics.isTerminal
    }

    /// Redraws (at most 10 times a second) for `done` of `total` units with a short `label`.
    mutating func update(done: Int, total: Int, label: String) {
        guard enabled, total > 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 || done == total else { return }
        lastDraw = now
        let fraction = Double(done) / Double(total)
        let width = 30
        let filled = Int(fraction * Double(width))
        let elapsed = now.timeIntervalSince(start)
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(bar) \(Int(fraction * 100))% \(label) ETA \(Self.format(seconds: eta))".utf8))
    }

    /// Clears the line so the next message starts clean.
    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    /// "1m05s" or "12.3s".
    static func format(seconds: Double) -> String {
        seconds >= 60 ? "\(Int(seconds) / 60)m\(String(format: "%02d", Int(seconds) % 60))s" : String(format: "%.1fs", seconds)
    }
}
