import Ledger

#if canImport(Glibc)
import Glibc
#endif

/// A progress bar on stderr, shown only on a terminal and only once an operation has run for a
/// second.
final class Progress {
    private let label: String
    private let start = Timestamp.now()
    private var shown = false
    private var lastDraw: Int64 = 0
    private let enabled: Bool

    init(_ label: String) {
        self.label = label
        enabled = Terminal.stderrIsTTY
    }

    /// Reports `done` of `total` units.
    func update(_ done: UInt64, of total: UInt64) {
        guard enabled, total > 0 else { return }
        let now = Timestamp.now().nanoseconds
        guard now - start.nanoseconds > 1_000_000_000, now - lastDraw > 100_000_000 else { return }
        lastDraw = now
        shown = true
        let fraction = min(1, Double(done) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        Terminal.write(2, "\r\(label) [\(bar)] \(Int(fraction * 100))% \(done)/\(total)")
    }

    /// Clears the bar.
    func finish() {
        guard shown else { return }
        Terminal.write(2, "\r\u{1B}[K")
    }
}
