extension JSONPathTemplate {
    /// The order `--sort-by` puts `objects` in: by the first value this (relaxed) path selects,
    /// numbers by value, anything else by its text; objects without a value first; ties keep
    /// their order.
    public func sortedIndices(_ objects: [JSONValue]) -> [Int] {
        let keys = objects.map { values($0).first?.first }
        return objects.indices.sorted { a, b in
            switch (keys[a], keys[b]) {
            case (nil, nil): return a < b
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?):
                if case .number(let p) = x, case .number(let q) = y, let m = Double(p), let n = Double(q), m != n {
                    return m < n
                }
                let s = JSONPathFormat.text(x)
                let t = JSONPathFormat.text(y)
                return s == t ? a < b : s < t
            }
        }
    }
}

extension JSONPathTemplate {
    /// Whether this (relaxed) path selects a value in at least one of `objects`: kubectl's
    /// `--sort-by` refuses a field that no object has.
    public func selectsAny(_ objects: [JSONValue]) -> Bool {
        objects.contains { values($0).first?.isEmpty == false }
    }

    /// kubectl's message for a `--sort-by` field that no object has (`sorter.go`).
    public var notFoundMessage: String {
        "couldn't find any field with path \(Self.goQuoted(template)) in the list of objects"
    }

    /// Go's `%q` for the plain text of a path: in double quotes, `"` and `\` escaped.
    static func goQuoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
