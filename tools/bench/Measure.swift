import Dispatch
import Foundation
import Glibc

/// Monotonic clock in seconds.
@inline(__always)
func now() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

/// Times `body` in seconds.
@inline(__always)
func time(_ body: () throws -> Void) rethrows -> Double {
    let t0 = now()
    try body()
    return now() - t0
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// The `p`-th percentile (0…100), nearest rank.
func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return .nan }
    let rank = Int((p / 100 * Double(s.count)).rounded(.up))
    return s[min(max(rank - 1, 0), s.count - 1)]
}

/// A fresh directory under `base`, deleted by ``TempDir/remove()``.
struct TempDir {
    let path: String
    init(base: String, _ label: String) throws {
        path = base + "/kubeledger-bench-\(getpid())-\(label)-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Human-readable numbers.
enum Fmt {
    static func rate(_ r: Double) -> String {
        r >= 100 ? String(Int(r.rounded())).withThousands : String(format: "%.1f", r)
    }
    static func ratio(_ r: Double) -> String { String(format: "%.2f×", r) }
    static func ms(_ s: Double) -> String {
        s < 0.001 ? String(format: "%.1f µs", s * 1e6) : String(format: "%.2f ms", s * 1e3)
    }
    static func bytes(_ b: Double) -> String { String(format: "%.0f B", b) }
    static func mib(_ b: Int) -> String { String(format: "%.1f MiB", Double(b) / 1_048_576) }
}

extension String {
    var withThousands: String {
        var out = ""
        for (i, c) in reversed().enumerated() {
            if i > 0 && i % 3 == 0 && c != "-" { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }
}

/// The report: rows printed as they are measured, and a summary of targets at the end.
final class Report {
    struct Target {
        var name: String
        var ratio: Double
        var goal: Double
        /// `true`: the ratio must be at least `goal`; `false`: at most.
        var atLeast: Bool = true
        var met: Bool { atLeast ? ratio >= goal : ratio <= goal }
    }
    var targets: [Target] = []

    func section(_ title: String, _ header: [String]) {
        print("\n## \(title)\n")
        print("| " + header.joined(separator: " | ") + " |")
        print("|" + header.map { _ in "---" }.joined(separator: "|") + "|")
        fflush(nil)
    }

    func row(_ cells: [String]) {
        print("| " + cells.joined(separator: " | ") + " |")
        fflush(nil)
    }

    func note(_ text: String) {
        print(text)
        fflush(nil)
    }

    func target(_ name: String, ratio: Double, goal: Double, atLeast: Bool = true) {
        targets.append(Target(name: name, ratio: ratio, goal: goal, atLeast: atLeast))
    }

    func printTargets() {
        guard !targets.isEmpty else { return }
        section("Targets", ["target", "measured", "goal", "met"])
        for t in targets {
            row([
                t.name, Fmt.ratio(t.ratio), (t.atLeast ? "≥ " : "≤ ") + Fmt.ratio(t.goal),
                t.met ? "met" : "NOT met",
            ])
        }
    }
}
