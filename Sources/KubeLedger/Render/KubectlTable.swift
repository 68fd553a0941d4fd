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
        // Each cell's width (its characters) once; the text written as bytes into one buffer.
        let cellWidths = lines.map { line in line.map(width) }
        var total = 0
        for (line, lineWidths) in zip(lines, cellWidths) {
            for i in line.indices where i < line.count - 1 {
                widths[i] = max(widths[i], lineWidths[i] + padding)
            }
        }
        for line in lines { total += line.count + 1 }
        var out: [UInt8] = []
        out.reserveCapacity(total * 8 + widths.reduce(0, +) * lines.count)
        for (line, lineWidths) in zip(lines, cellWidths) {
            for (i, cell) in line.enumerated() {
                out.append(contentsOf: cell.utf8)
                if i < line.count - 1 {
                    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: widths[i] - lineWidths[i]))
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A cell's width as the layout counts it: its characters (its bytes when it is ASCII
    /// without a carriage return, the one ASCII pair that makes one character, `\r\n`: the same
    /// number without walking grapheme clusters).
    private static func width(_ cell: String) -> Int {
        let utf8 = cell.utf8
        return utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) ? utf8.count : cell.count
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
