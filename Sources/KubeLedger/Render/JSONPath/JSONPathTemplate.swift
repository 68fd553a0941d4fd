/// A kubectl JSONPathTemplate template (`-o jsonpath=…`, custom columns, `--sort-by`): text and `{…}`
/// actions: `{.a.b}`, `{$.a}`, `{@.a}`, `{.items[*].metadata.name}`, `[n]`, `[start:end:step]`,
/// `['a','b']`, `..name`, `[?(@.x == "y")]` filters, `{"\n"}` literals and `{range …}…{end}`.
///
/// Missing keys select nothing (kubectl's `get` allows them). A selected string prints as is,
/// a number or boolean as in the JSON, `null` as `null`, an object or array as compact JSON with
/// sorted keys (Go's `json.Marshal`); several values of one action are separated by a space.
public struct JSONPathTemplate: Sendable, Hashable {
    /// The template as given.
    public let template: String
    let nodes: [JSONPathNode]

    /// Parses `template`.
    ///
    /// - Throws: ``JSONPathError`` with kubectl's message (`error parsing jsonpath …, …`).
    public init(_ template: String) throws(JSONPathError) {
        self.template = template
        self.nodes = try JSONPathParser(template: template).parse()
    }

    /// kubectl's relaxed expression (custom columns, `--sort-by`): `.a.b`, `a.b`, `{.a.b}` and
    /// `{a.b}` all mean `{.a.b}`.
    ///
    /// - Throws: ``JSONPathError`` with kubectl's words when it has braces inside.
    public init(relaxed expression: String) throws(JSONPathError) {
        var body = Substring(expression)
        if body.first == "{", body.last == "}", body.count >= 2 { body = body.dropFirst().dropLast() }
        if body.first == "." { body = body.dropFirst() }
        guard !body.isEmpty, !body.contains("{"), !body.contains("}") else {
            throw JSONPathError(
                "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or "
                    + "'{.name1.name2}'")
        }
        try self.init("{." + body + "}")
    }

    /// The text the template prints for `root`.
    public func text(_ root: JSONValue) -> String {
        var out = ""
        Self.render(nodes, root: root, current: root, into: &out)
        return out
    }

    /// The values each path action selects in `root`, in order (custom columns use the first).
    public func values(_ root: JSONValue) -> [[JSONValue]] {
        nodes.compactMap { node in
            if case .path(let p) = node { return Self.evaluate(p, root: root, current: root) }
            return nil
        }
    }

    static func render(_ nodes: [JSONPathNode], root: JSONValue, current: JSONValue, into out: inout String) {
        for node in nodes {
            switch node {
            case .text(let t): out += t
            case .path(let p):
                out += evaluate(p, root: root, current: current).map(JSONPathFormat.text).joined(separator: " ")
            case .range(let p, let body):
                // Each value the path selects (`range .items[*]`); `range .items` visits the array once.
                for item in evaluate(p, root: root, current: current) {
                    render(body, root: root, current: item, into: &out)
                }
            }
        }
    }

    static func evaluate(_ path: JSONPathNode.Path, root: JSONValue, current: JSONValue) -> [JSONValue] {
        var values = [path.fromRoot ? root : current]
        for step in path.steps {
            values = values.flatMap { apply(step, to: $0, root: root) }
        }
        return values
    }

    static func children(_ v: JSONValue) -> [JSONValue] {
        switch v {
        case .array(let a): a
        case .object(let o): o.members.sorted { $0.key < $1.key }.map(\.value)
        default: []
        }
    }

    static func apply(_ step: JSONPathNode.Step, to v: JSONValue, root: JSONValue) -> [JSONValue] {
        switch step {
        case .fields(let names):
            guard case .object(let o) = v else { return [] }
            return names.compactMap { o[$0] }
        case .wildcard:
            return children(v)
        case .recursive(let name):
            var out: [JSONValue] = []
            func walk(_ x: JSONValue) {
                if let name {
                    if case .object(let o) = x, let found = o[name] { out.append(found) }
                } else if x != v {
                    out.append(x)
                }
                children(x).forEach(walk)
            }
            walk(v)
            return out
        case .index(let n):
            guard case .array(let a) = v else { return [] }
            let i = n < 0 ? a.count + n : n
            return a.indices.contains(i) ? [a[i]] : []
        case .slice(let start, let end, let stride):
            guard case .array(let a) = v else { return [] }
            func clamp(_ x: Int) -> Int { min(max(x < 0 ? a.count + x : x, 0), a.count) }
            let from = clamp(start ?? 0)
            let to = clamp(end ?? a.count)
            let by = max(stride ?? 1, 1)
            guard from < to else { return [] }
            return Swift.stride(from: from, to: to, by: by).map { a[$0] }
        case .filter(let f):
            let items: [JSONValue] = if case .array(let a) = v { a } else { [v] }
            return items.filter { matches(f, $0, root: root) }
        }
    }

    static func matches(_ f: JSONPathNode.Filter, _ item: JSONValue, root: JSONValue) -> Bool {
        func side(_ o: JSONPathNode.Operand) -> [JSONValue] {
            switch o {
            case .path(let p): evaluate(p, root: root, current: item)
            case .string(let s): [.string(s)]
            case .number(let d): [.number(JSONPathFormat.number(d))]
            case .bool(let b): [.bool(b)]
            }
        }
        let left = side(f.left)
        guard let op = f.op, let right = f.right.map(side) else { return !left.isEmpty }
        guard let l = left.first, let r = right.first else { return false }
        if case .number(let a) = l, case .number(let b) = r, let x = Double(a), let y = Double(b) {
            switch op {
            case "==": return x == y
            case "!=": return x != y
            case "<": return x < y
            case "<=": return x <= y
            case ">": return x > y
            default: return x >= y
            }
        }
        let x = JSONPathFormat.text(l)
        let y = JSONPathFormat.text(r)
        switch op {
        case "==": return x == y
        case "!=": return x != y
        case "<": return x < y
        case "<=": return x <= y
        case ">": return x > y
        default: return x >= y
        }
    }
}
