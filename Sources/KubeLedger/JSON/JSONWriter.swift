/// Writes ``JSONValue`` trees as JSON text: compact (for storage) or indented like kubectl.
public struct JSONWriter {
    /// Indentation per level; 0 writes compact JSON.
    public var indent: Int
    /// Sort object members by key (the writer otherwise keeps document order).
    public var sortKeys: Bool
    /// Escape `<`, `>`, `&`, U+2028 and U+2029 as `\u003c` … as Go's `encoding/json` (and so
    /// `kubectl get -o json`) does.
    public var htmlSafe: Bool

    /// A writer; `indent` 0 is compact.
    public init(indent: Int = 0, sortKeys: Bool = false, htmlSafe: Bool = false) {
        self.indent = indent
        self.sortKeys = sortKeys
        self.htmlSafe = htmlSafe
    }

    /// The JSON text of `value`.
    public func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, level: 0, to: &out)
        return out
    }

    /// The JSON text of `value`, as a string.
    public func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// Appends the JSON text of `value` to `out`.
    public func write(_ value: JSONValue, level: Int = 0, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): Self.writeString(s, htmlSafe: htmlSafe, to: &out)
        case .array(let a):
            if a.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, element) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1, &out)
                write(element, level: level + 1, to: &out)
            }
            newline(level, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            if o.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            var order = Array(o.keys.indices)
            if sortKeys { order.sort { o.keys[$0] < o.keys[$1] } }
            for (n, i) in order.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1, &out)
                Self.writeString(o.keys[i], htmlSafe: htmlSafe, to: &out)
                out.append(UInt8(ascii: ":"))
                if indent > 0 { out.append(UInt8(ascii: " ")) }
                write(o.values[i], level: level + 1, to: &out)
            }
            newline(level, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ level: Int, _ out: inout [UInt8]) {
        guard indent > 0 else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * indent))
    }

    /// Appends `s` as a JSON string literal, escaping as Go's encoding/json does for `<`, `>`, `&`,
    /// U+2028 and U+2029 only when asked (`htmlSafe`; KubeLedger otherwise keeps text readable).
    public static func writeString(_ s: String, htmlSafe: Bool = false, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        let bytes = Array(s.utf8)
        var index = 0
        while index < bytes.count {
            let b = bytes[index]
            index += 1
            if htmlSafe {
                if b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "&") {
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                    continue
                }
                // U+2028 and U+2029: E2 80 A8 / E2 80 A9.
                if b == 0xE2, index + 1 < bytes.count, bytes[index] == 0x80, bytes[index + 1] & 0xFE == 0xA8 {
                    out.append(contentsOf: Array("\\u202".utf8) + [bytes[index + 1] == 0xA8 ? 0x38 : 0x39])
                    index += 2
                    continue
                }
            }
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: [
                    0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0xF)],
                ])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
