import KubeLedger
import Yams

/// Prints JSON values in the `-o` formats.
enum Rendering {
    /// Pretty JSON as kubectl prints it (4-space indent).
    static func json(_ value: JSONValue) -> String {
        JSONWriter(indent: 4).string(value)
    }

    /// Compact JSON on one line.
    static func jsonLine(_ value: JSONValue) -> String {
        JSONWriter().string(value)
    }

    /// YAML (block style, keys in document order).
    static func yaml(_ value: JSONValue) -> String {
        let node = yamlNode(value)
        let text = (try? Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true, sequenceStyle: .block, mappingStyle: .block)) ?? ""
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    private static func yamlNode(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .number(let n): return Node(n, Tag(.int))
        case .string(let s): return Node(s, Tag(.str))
        case .array(let a): return Node(a.map(yamlNode))
        case .object(let o): return Node(zip(o.keys, o.values).map { (Node($0.0, Tag(.str)), yamlNode($0.1)) })
        }
    }

    /// Prints `value` in `format` (table formats fall back to YAML).
    static func print(_ value: JSONValue, as format: OutputFormat) {
        switch format {
        case .json: Terminal.print(json(value))
        case .jsonl: Terminal.print(jsonLine(value))
        default: Terminal.print(yaml(value))
        }
    }
}
