/// A unified diff of two texts, line by line, as `diff -u` prints it: `--- a` / `+++ b`
/// headers, `@@ -l,n +l,n @@` hunks with 3 lines of context (configurable), Myers' shortest edit
/// script. Identical texts give an empty string. A text that does not end with a newline gets
/// `\ No newline at end of file` after its last line, as GNU diff writes.
public enum UnifiedDiff {
    /// The diff of `old` (named `oldName`) and `new` (named `newName`), or `""` when equal.
    public static func diff(
        _ old: String, _ new: String, oldName: String = "a", newName: String = "b", context: Int = 3
    ) -> String {
        if old == new { return "" }
        let a = lines(old)
        let b = lines(new)
        let script = edits(a.map(\.text), b.map(\.text))
        var out = "--- \(oldName)\n+++ \(newName)\n"
        // Group edits into hunks separated by more than 2 * context equal lines.
        var i = 0
        while i < script.count {
            guard let firstChange = script[i...].firstIndex(where: { $0.kind != .equal }) else { break }
            var start = max(i, firstChange - context)
            if start < i { start = i }
            var end = firstChange
            var j = firstChange
            while j < script.count {
                if script[j].kind != .equal {
                    end = j
                    j += 1
                    continue
                }
                var k = j
                while k < script.count && script[k].kind == .equal { k += 1 }
                if k == script.count || k - j > 2 * context { break }
                j = k
            }
            let stop = min(script.count, end + context + 1)
            let hunk = script[start..<stop]
            let oldStart = hunk.first!.oldIndex
            let newStart = hunk.first!.newIndex
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            func range(_ s: Int, _ n: Int) -> String {
                let first = n == 0 ? s : s + 1
                return n == 1 ? "\(first)" : "\(first),\(n)"
            }
            out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            for e in hunk {
                switch e.kind {
                case .equal:
                    out += " " + a[e.oldIndex].text + "\n"
                    if !a[e.oldIndex].hasNewline || !b[e.newIndex].hasNewline {
                        out += "\\ No newline at end of file\n"
                    }
                case .delete:
                    out += "-" + a[e.oldIndex].text + "\n"
                    if !a[e.oldIndex].hasNewline { out += "\\ No newline at end of file\n" }
                case .insert:
                    out += "+" + b[e.newIndex].text + "\n"
                    if !b[e.newIndex].hasNewline { out += "\\ No newline at end of file\n" }
                }
            }
            i = stop
        }
        return out
    }

    struct Line {
        var text: String
        var hasNewline: Bool
    }

    static func lines(_ s: String) -> [Line] {
        if s.isEmpty { return [] }
        var parts = s.split(separator: "\n", omittingEmptySubsequences: false).map {
            Line(text: String($0), hasNewline: true)
        }
        if parts.last?.text == "" { parts.removeLast() } else { parts[parts.count - 1].hasNewline = false }
        return parts
    }

    enum Kind { case equal, delete, insert }

    struct Edit {
        var kind: Kind
        /// Index in the old text (for inserts: where it goes).
        var oldIndex: Int
        /// Index in the new text (for deletes: where it was).
        var newIndex: Int
    }

    /// Myers' O(ND) shortest edit script, deletions before insertions within a change.
    static func edits(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count
        let m = b.count
        let max = n + m
        var v = [Int](repeating: 0, count: 2 * max + 2)
        var trace: [[Int]] = []
        let offset = max + 1
        outer: for d in 0...max {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n && y < m && a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m { break outer }
            }
        }
        // Backtrack.
        var result: [Edit] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let prevK: Int
            if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                prevK = k + 1
            } else {
                prevK = k - 1
            }
            let prevX = d == 0 ? 0 : v[offset + prevK]
            let prevY = prevX - prevK
            while x > prevX && y > prevY {
                x -= 1
                y -= 1
                result.append(Edit(kind: .equal, oldIndex: x, newIndex: y))
            }
            if d > 0 {
                if x == prevX {
                    y -= 1
                    result.append(Edit(kind: .insert, oldIndex: x, newIndex: y))
                } else {
                    x -= 1
                    result.append(Edit(kind: .delete, oldIndex: x, newIndex: y))
                }
            }
        }
        result.reverse()
        // Within each run of changes, put deletions first (as diff -u does).
        var ordered: [Edit] = []
        var i = 0
        while i < result.count {
            if result[i].kind == .equal {
                ordered.append(result[i])
                i += 1
                continue
            }
            var j = i
            while j < result.count && result[j].kind != .equal { j += 1 }
            let run = result[i..<j]
            ordered += run.filter { $0.kind == .delete }
            ordered += run.filter { $0.kind == .insert }
            i = j
        }
        return ordered
    }
}
