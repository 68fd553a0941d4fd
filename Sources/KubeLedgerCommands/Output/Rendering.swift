import KubeLedger

/// Prints JSON values in the `-o` formats.
enum Rendering {
    /// Pretty JSON as kubectl prints it (4-space indent).
    static func json(_ value: JSONValue) -> String {
        JSONWriter(indent: 4).string(value)
    }

    /// Pretty JSON exactly as `kubectl get -o json` prints it: 4-space indent and Go's escapes
    /// of `<`, `>` and `&`.
    static func kubectlJSON(_ value: JSONValue) -> String {
        JSONWriter(indent: 4, htmlSafe: true).string(value)
    }

    /// Compact JSON on one line.
    static func jsonLine(_ value: JSONValue) -> String {
        JSONWriter().string(value)
    }

    /// YAML as kubectl prints it.
    static func yaml(_ value: JSONValue) -> String {
        let text = KubectlYAML.render(value)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
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
