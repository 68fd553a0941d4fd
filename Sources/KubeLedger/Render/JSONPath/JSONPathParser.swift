/// Parses kubectl's JSONPathTemplate templates: text, `{PATH}`, `{"literal"}`, `{range PATH}…{end}`.
struct JSONPathParser {
    let template: String

    /// The nodes of the template.
    func parse() throws(JSONPathError) -> [JSONPathNode] {
        var stack: [(path: JSONPathNode.Path?, nodes: [JSONPathNode])] = [(nil, [])]
        var text = ""
        var i = template.startIndex
        while i < template.endIndex {
            let c = template[i]
            guard c == "{" else {
                text.append(c)
                i = template.index(after: i)
                continue
            }
            if !text.isEmpty {
                stack[stack.count - 1].nodes.append(.text(text))
                text = ""
            }
            let close = try actionEnd(after: i)
            let action = template[template.index(after: i)..<close].trimmingSpaces
            i = template.index(after: close)
            if action == "end" {
                guard stack.count > 1, let top = stack.popLast(), let path = top.path else {
                    throw fail("not in range, nothing to end")
                }
                stack[stack.count - 1].nodes.append(.range(path, top.nodes))
            } else if action.hasPrefix("range ") || action.hasPrefix("range\t") {
                stack.append((try parsePath(String(action.dropFirst(6)).trimmingSpaces), []))
            } else if action.first == "\"" || action.first == "'" {
                stack[stack.count - 1].nodes.append(.text(try unquote(action)))
            } else if action.isEmpty {
                continue
            } else {
                stack[stack.count - 1].nodes.append(.path(try parsePath(action)))
            }
        }
        if !text.isEmpty { stack[stack.count - 1].nodes.append(.text(text)) }
        // kubectl closes a range left open at the end of the template.
        while stack.count > 1, let top = stack.popLast(), let path = top.path {
            stack[stack.count - 1].nodes.append(.range(path, top.nodes))
        }
        return stack[0].nodes
    }

    func fail(_ message: String) -> JSONPathError {
        JSONPathError("error parsing jsonpath \(template), \(message)")
    }

    /// The `}` that closes the action opened at `open` (quotes may hold braces).
    func actionEnd(after open: String.Index) throws(JSONPathError) -> String.Index {
        var quote: Character?
        var i = template.index(after: open)
        while i < template.endIndex {
            let c = template[i]
            if let q = quote {
                if c == "\\" {
                    i = template.index(after: i)
                    if i == template.endIndex { break }
                } else if c == q {
                    quote = nil
                }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "}" {
                return i
            } else if c == "{" {
                throw fail("unrecognized character in action: U+007B '{'")
            }
            i = template.index(after: i)
        }
        throw fail(quote == nil ? "unclosed action" : "unterminated quoted string")
    }

    /// A Go-quoted string (`"\n"`, `'x'`).
    func unquote(_ s: String) throws(JSONPathError) -> String {
        let chars = Array(s)
        guard chars.count >= 2, chars.last == chars.first else { throw fail("unterminated quoted string") }
        var out = ""
        var i = 1
        while i < chars.count - 1 {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count - 1 {
                i += 1
                switch chars[i] {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "\\": out.append("\\")
                case "\"": out.append("\"")
                case "'": out.append("'")
                case "0": out.append("\0")
                case "u" where i + 4 < chars.count - 1:
                    guard let code = UInt32(String(chars[(i + 1)...(i + 4)]), radix: 16),
                        let scalar = Unicode.Scalar(code)
                    else { throw fail("invalid syntax") }
                    out.unicodeScalars.append(scalar)
                    i += 4
                default: throw fail("invalid syntax")
                }
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }

    /// A path: `$`, `@`, then `.name`, `..name`, `.*`, `[…]`.
    func parsePath(_ s: String) throws(JSONPathError) -> JSONPathNode.Path {
        let chars = Array(s)
        var i = 0
        var path = JSONPathNode.Path(fromRoot: false, steps: [])
        if i < chars.count, chars[i] == "$" || chars[i] == "@" {
            path.fromRoot = chars[i] == "$"
            i += 1
        }
        func name() -> String {
            var n = ""
            while i < chars.count, chars[i] != ".", chars[i] != "[", chars[i] != " ", chars[i] != "\t" {
                if chars[i] == "\\", i + 1 < chars.count {
                    i += 1
                }
                n.append(chars[i])
                i += 1
            }
            return n
        }
        while i < chars.count {
            switch chars[i] {
            case ".":
                i += 1
                if i < chars.count, chars[i] == "." {
                    i += 1
                    if i < chars.count, chars[i] == "*" {
                        i += 1
                        path.steps.append(.recursive(nil))
                    } else if i < chars.count, chars[i] == "[" {
                        path.steps.append(.recursive(nil))
                    } else {
                        let n = name()
                        if n.isEmpty { throw fail("unrecognized identifier after ..") }
                        path.steps.append(.recursive(n))
                    }
                } else if i < chars.count, chars[i] == "*" {
                    i += 1
                    path.steps.append(.wildcard)
                } else {
                    let n = name()
                    if !n.isEmpty { path.steps.append(.fields([n])) }
                }
            case "[":
                let start = i + 1
                var depth = 0
                var quote: Character?
                var j = start
                while j < chars.count {
                    let c = chars[j]
                    if let q = quote {
                        if c == "\\" { j += 1 } else if c == q { quote = nil }
                    } else if c == "\"" || c == "'" {
                        quote = c
                    } else if c == "(" {
                        depth += 1
                    } else if c == ")" {
                        depth -= 1
                    } else if c == "]", depth == 0 {
                        break
                    }
                    j += 1
                }
                guard j < chars.count else { throw fail("unterminated array") }
                path.steps.append(try bracket(String(chars[start..<j]).trimmingSpaces))
                i = j + 1
            case " ", "\t":
                i += 1
            default:
                if path.steps.isEmpty, !path.fromRoot, chars[i].isLetter || chars[i] == "_" {
                    // `{items[0]}`: kubectl reads a leading bare name as a field.
                    path.steps.append(.fields([name()]))
                } else {
                    throw fail(
                        "unrecognized character in action: U+\(Self.hex(chars[i])) '\(chars[i])'")
                }
            }
        }
        return path
    }

    static func hex(_ c: Character) -> String {
        let v = c.unicodeScalars.first.map { String($0.value, radix: 16, uppercase: true) } ?? "0"
        return String(repeating: "0", count: max(0, 4 - v.count)) + v
    }

    /// The inside of `[…]`.
    func bracket(_ s: String) throws(JSONPathError) -> JSONPathNode.Step {
        if s == "*" { return .wildcard }
        if s.hasPrefix("?(") && s.hasSuffix(")") {
            // Each nested filter is parsed recursively: bound the depth (kubectl has no limit).
            guard zip(s, s.dropFirst()).count(where: { $0 == "?" && $1 == "(" }) <= 32 else {
                throw fail("filters nested too deeply")
            }
            return .filter(try filter(String(s.dropFirst(2).dropLast())))
        }
        if s.first == "'" || s.first == "\"" {
            var names: [String] = []
            for part in Self.splitOutsideQuotes(s, on: ",") {
                names.append(try unquote(part.trimmingSpaces))
            }
            return .fields(names)
        }
        if s.contains(":") {
            let parts = s.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            guard parts.count <= 3 else { throw fail("invalid array index \(s)") }
            var values: [Int?] = []
            for p in parts {
                if p.isEmpty {
                    values.append(nil)
                } else if let n = Int(p) {
                    values.append(n)
                } else {
                    throw fail("invalid array index \(p)")
                }
            }
            return .slice(values[0], values.count > 1 ? values[1] : nil, values.count > 2 ? values[2] : nil)
        }
        guard let n = Int(s) else { throw fail("invalid array index \(s)") }
        return .index(n)
    }

    /// `@.a`, `@.a == "x"`, `@.n > 3`, `@.a == @.b`.
    func filter(_ s: String) throws(JSONPathError) -> JSONPathNode.Filter {
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            let parts = Self.splitOutsideQuotes(s, on: op)
            guard parts.count == 2 else { continue }
            return JSONPathNode.Filter(left: try operand(parts[0].trimmingSpaces), op: op,
                right: try operand(parts[1].trimmingSpaces))
        }
        return JSONPathNode.Filter(left: try operand(s.trimmingSpaces), op: nil, right: nil)
    }

    func operand(_ s: String) throws(JSONPathError) -> JSONPathNode.Operand {
        if s.first == "\"" || s.first == "'" { return .string(try unquote(s)) }
        if let d = Double(s) { return .number(d) }
        if s == "true" || s == "false" { return .bool(s == "true") }
        guard s.first == "@" || s.first == "$" || s.first == "." else { throw fail("unrecognized filter \(s)") }
        return .path(try parsePath(s))
    }

    /// `s` split at each `separator` that is not inside quotes.
    static func splitOutsideQuotes(_ s: String, on separator: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if let q = quote {
                if c == q { quote = nil }
                current.append(c)
            } else if c == "\"" || c == "'" {
                quote = c
                current.append(c)
            } else if s[i...].hasPrefix(separator) {
                parts.append(current)
                current = ""
                i = s.index(i, offsetBy: separator.count)
                continue
            } else {
                current.append(c)
            }
            i = s.index(after: i)
        }
        parts.append(current)
        return parts
    }
}
