/// kubectl's table layout: Go's `text/tabwriter` as kubectl's printer configures it (minimum
/// width 6, padding 3, spaces), so columns are left-aligned, separated by at least three
/// spaces, and the last column is not padded.
public enum KubectlTable {
    /// The table text, one line per row after the header, each ending in `\n`; empty when
    /// there are no rows (kubectl then says "No resources found" on stderr).
    public static func render(header: [String], rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "" }
        return layout([header] + rows, minWidth: 6, padding: 3)
    }

    /// Go `tabwriter.NewWriter(out, minWidth, 8, padding, ' ', 0)` over lines of cells.
    static func layout(_ lines: [[String]], minWidth: Int, padding: Int) -> String {
        let columns = lines.map(\.count).max() ?? 0
        var widths = [Int](repeating: minWidth, count: columns)
        for line in lines {
            for (i, cell) in line.enumerated() where i < line.count - 1 {
                widths[i] = max(widths[i], cell.count + padding)
            }
        }
        var out = ""
        for line in lines {
            for (i, cell) in line.enumerated() {
                out += cell
                if i < line.count - 1 { out += String(repeating: " ", count: widths[i] - cell.count) }
            }
            out += "\n"
        }
        return out
    }
}

extension KubectlTable {
    /// The plain tables of KubeLedger's own commands (`log`, `audit`, `replay --at`): the same
    /// layout with no minimum width, the header even when there are no rows, trailing spaces
    /// trimmed and no final newline.
    public static func plain(header: [String], rows: [[String]]) -> String {
        var text = layout([header] + rows, minWidth: 0, padding: 3)
        text.removeLast()
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in
                var l = Substring(line)
                while l.last == " " { l = l.dropLast() }
                return String(l)
            }
            .joined(separator: "\n")
    }
}
