/// How kubectl prints the values a JSONPathTemplate selects.
enum JSONPathFormat {
    /// `-o jsonpath`: strings as they are, objects and arrays as Go's `json.Marshal` writes them.
    static func text(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .array, .object: goJSON(v)
        }
    }

    /// Custom columns: Go's `fmt.Sprintf("%v", …)` of the decoded value (`map[a:b c:d]`, `[x y]`).
    static func goValue(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null: "<nil>"
        case .array(let a): "[" + a.map(goValue).joined(separator: " ") + "]"
        case .object(let o):
            "map[" + o.members.sorted { $0.key < $1.key }.map { "\($0.key):\(goValue($0.value))" }
                .joined(separator: " ") + "]"
        }
    }

    /// Compact JSON with sorted keys and Go's HTML-safe escapes.
    static func goJSON(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): quote(s)
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .array(let a): "[" + a.map(goJSON).joined(separator: ",") + "]"
        case .object(let o):
            "{" + o.members.sorted { $0.key < $1.key }.map { quote($0.key) + ":" + goJSON($0.value) }
                .joined(separator: ",") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count)
                    + String(u.value, radix: 16)
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// A filter's number literal as JSON text (`3`, `0.5`).
    static func number(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }
}
