import KubeLedger

/// The result line of `append` and `import`.
struct AppendSummary {
    var appended: Int
    var skipped: Int
    var rejected: Int
    var first: UInt64?
    var last: UInt64?
    var skippedByReason: [(String, Int)] = []

    func print(_ format: OutputFormat) {
        switch format {
        case .json, .jsonl, .yaml:
            var o = JSONObject()
            o["appended"] = .number(String(appended))
            o["skipped"] = .number(String(skipped))
            o["rejected"] = .number(String(rejected))
            o["firstRevision"] = first.map { .number(String($0)) } ?? .null
            o["lastRevision"] = last.map { .number(String($0)) } ?? .null
            if !skippedByReason.isEmpty {
                o["skippedByReason"] = .object(
                    JSONObject(skippedByReason.map { ($0.0, JSONValue.number(String($0.1))) }))
            }
            format == .yaml ? Rendering.print(.object(o), as: .yaml) : Terminal.print(Rendering.jsonLine(.object(o)))
        default:
            var line = "appended \(appended)"
            if let first, let last { line += first == last ? " (revision \(first))" : " (revisions \(first)-\(last))" }
            line += ", skipped \(skipped)"
            if !skippedByReason.isEmpty {
                line += " (" + skippedByReason.map { "\($0.1) \($0.0)" }.joined(separator: ", ") + ")"
            }
            line += ", rejected \(rejected)"
            Terminal.print(line)
        }
    }
}
