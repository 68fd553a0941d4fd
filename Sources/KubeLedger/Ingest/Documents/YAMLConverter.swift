import Yams

/// Converts YAML documents to JSON as Kubernetes does (sigs.k8s.io/yaml over YAML 1.1 rules):
/// `yes`/`no`/`on`/`off` are Booleans, `0644` is octal, timestamps stay strings, keys become
/// strings, merge keys (`<<`) merge. Key order is kept.
public struct YAMLConverter {
    public var limits: InputLimits

    public init(limits: InputLimits = InputLimits()) { self.limits = limits }

    /// One converted document: its JSON and the line it starts on.
    public struct Document {
        public var json: [UInt8]
        public var line: Int
    }

    /// Converts every non-empty document of `text`.
    public func documents(_ text: String, source: String) throws(InputError) -> [Document] {
        if let depthError = Self.flowDepthError(text, limit: limits.maxDepth) {
            throw InputError(
                source: source, line: depthError, message: "YAML nested deeper than \(limits.maxDepth) levels")
        }
        var docs: [Document] = []
        do {
            let parser = try Parser(yaml: text, resolver: .default, constructor: .default, encoding: .utf8)
            var index = 0
            while let node = try parser.nextRoot() {
                index += 1
                if case .scalar(let s) = node, s.string.isEmpty, s.style == .plain { continue }  // an empty document
                var budget = limits.maxYAMLNodes
                var out: [UInt8] = []
                out.reserveCapacity(text.utf8.count / max(1, index))
                do {
                    var path = FieldPath()
                    try write(node, to: &out, budget: &budget, depth: 0, path: &path)
                } catch let e as ConversionError {
                    throw InputError(
                        source: source, line: e.line ?? ((node.mark?.line).map { $0 }), document: index,
                        field: e.field.isEmpty ? nil : e.field, message: e.message)
                }
                if out == Array("null".utf8) { continue }
                docs.append(Document(json: out, line: node.mark?.line ?? 1))
            }
        } catch let e as InputError {
            throw e
        } catch let e as YamlError {
            throw InputError(source: source, line: Self.line(of: e), message: "malformed YAML: \(Self.summary(of: e))")
        } catch {
            throw InputError(source: source, message: "malformed YAML: \(error)")
        }
        return docs
    }

    /// Where the converter is in a document, rendered (`spec.containers[0].image`) only for an
    /// error: building the text for every node made an alias bomb cost seconds before the budget
    /// stopped it.
    struct FieldPath {
        enum Part {
            case key(String)
            case index(Int)
        }
        var parts: [Part] = []

        var rendered: String {
            var s = ""
            for p in parts {
                switch p {
                case .key(let k): s += s.isEmpty ? k : "." + k
                case .index(let i): s += "[\(i)]"
                }
            }
            return s
        }
    }

    struct ConversionError: Error {
        var field: String
        var line: Int?
        var message: String
    }

    private func write(_ node: Node, to out: inout [UInt8], budget: inout Int, depth: Int, path: inout FieldPath) throws
    {
        budget -= 1
        if budget < 0 {
            throw ConversionError(
                field: path.rendered, line: node.mark?.line,
                message: "document expands to more than \(limits.maxYAMLNodes) values (alias bomb?)")
        }
        if depth > limits.maxDepth {
            throw ConversionError(
                field: path.rendered, line: node.mark?.line, message: "nested deeper than \(limits.maxDepth) levels")
        }
        switch node {
        case .scalar(let s):
            try writeScalar(s, to: &out, path: path)
        case .sequence(let seq):
            out.append(UInt8(ascii: "["))
            for (i, child) in seq.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                path.parts.append(.index(i))
                try write(child, to: &out, budget: &budget, depth: depth + 1, path: &path)
                path.parts.removeLast()
            }
            out.append(UInt8(ascii: "]"))
        case .mapping(let map):
            out.append(UInt8(ascii: "{"))
            var seen = Set<String>()
            var first = true
            var pairs: [(String, Node)] = []
            var merged: [(String, Node)] = []
            for (k, v) in map {
                let key = try keyString(k, path: path)
                if key == "<<", case .scalar(let ks) = k,
                    Tag.Name(rawValue: Node.scalar(ks).tag.rawValue) == .merge || ks.style == .plain
                {
                    let sources: [Node] = if case .sequence(let s) = v { Array(s) } else { [v] }
                    for src in sources {
                        guard case .mapping(let m) = src else {
                            throw ConversionError(
                                field: path.rendered, line: v.mark?.line, message: "merge key '<<' needs a mapping")
                        }
                        for (mk, mv) in m { merged.append((try keyString(mk, path: path), mv)) }
                    }
                    continue
                }
                pairs.append((key, v))
            }
            for (k, v) in pairs + merged where !seen.contains(k) {
                seen.insert(k)
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONWriter.writeString(k, to: &out)
                out.append(UInt8(ascii: ":"))
                path.parts.append(.key(k))
                try write(v, to: &out, budget: &budget, depth: depth + 1, path: &path)
                path.parts.removeLast()
            }
            out.append(UInt8(ascii: "}"))
        case .alias:
            throw ConversionError(field: path.rendered, line: node.mark?.line, message: "unresolved YAML alias")
        }
    }

    private func keyString(_ k: Node, path: FieldPath) throws -> String {
        guard case .scalar(let s) = k else {
            throw ConversionError(field: path.rendered, line: k.mark?.line, message: "mapping keys must be scalars")
        }
        return s.string
    }

    private func writeScalar(_ s: Node.Scalar, to out: inout [UInt8], path: FieldPath) throws {
        let text = s.string
        guard s.style == .plain else {
            JSONWriter.writeString(text, to: &out)
            return
        }
        switch Tag.Name(rawValue: Node.scalar(s).tag.rawValue) {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool:
            let t = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"].contains(text)
            out.append(contentsOf: (t ? "true" : "false").utf8)
        case .int:
            if let n = Self.integer(text) {
                out.append(contentsOf: String(n).utf8)
            } else {
                JSONWriter.writeString(text, to: &out)
            }
        case .float:
            if Self.isJSONNumber(text) {
                out.append(contentsOf: text.utf8)
            } else if let d = Double(String(text.filter { $0 != "_" })), d.isFinite {
                out.append(contentsOf: "\(d)".utf8)
            } else {
                throw ConversionError(
                    field: path.rendered, line: s.mark?.line, message: "value '\(text)' cannot be represented in JSON")
            }
        default: JSONWriter.writeString(text, to: &out)
        }
    }

    /// Integers as Go's strconv.ParseInt(s, 0, 64): decimal, 0x, 0o/0 octal, 0b, underscores.
    static func integer(_ text: String) -> Int64? {
        var s = Substring(text)
        var negative = false
        if s.first == "+" || s.first == "-" {
            negative = s.first == "-"
            s = s.dropFirst()
        }
        var radix = 10
        let lower = s.lowercased()
        if lower.hasPrefix("0x") {
            radix = 16
            s = s.dropFirst(2)
        } else if lower.hasPrefix("0o") {
            radix = 8
            s = s.dropFirst(2)
        } else if lower.hasPrefix("0b") {
            radix = 2
            s = s.dropFirst(2)
        } else if s.count > 1 && s.first == "0" {
            radix = 8
            s = s.dropFirst()
        }
        let digits = String(s.filter { $0 != "_" })
        guard let v = Int64(digits, radix: radix) else { return nil }
        return negative ? -v : v
    }

    static func isJSONNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { b in
            var reader = JSONReader(bytes: b)
            guard (try? reader.skipNumber()) != nil else { return false }
            return reader.isAtEnd
        }
    }

    /// The first line where flow brackets or indentation nest deeper than `limit`, a cheap guard
    /// run before the recursive YAML parser sees the text.
    static func flowDepthError(_ text: String, limit: Int) -> Int? {
        var depth = 0
        var line = 1
        var inQuote: UInt8 = 0
        var lineStart = true
        var indent = 0
        for b in text.utf8 {
            if b == 0x0A {
                line += 1
                lineStart = true
                indent = 0
                if inQuote == UInt8(ascii: "'") || inQuote == UInt8(ascii: "\"") { continue }
                continue
            }
            if lineStart {
                if b == UInt8(ascii: " ") || b == UInt8(ascii: "-") {
                    indent += 1
                    if indent / 2 > limit * 2 { return line }
                    continue
                }
                lineStart = false
            }
            if inQuote != 0 {
                if b == inQuote { inQuote = 0 }
                continue
            }
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): inQuote = b
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return line }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default: return nil
        }
    }

    static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        case .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid YAML"
        }
    }
}
