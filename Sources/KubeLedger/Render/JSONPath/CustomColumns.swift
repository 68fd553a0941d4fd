/// kubectl's `-o custom-columns=HEADER:PATH,…` and `custom-columns-file=FILE`.
public struct CustomColumns: Sendable, Hashable {
    /// The column headers.
    public let headers: [String]
    /// One relaxed JSONPathTemplate per column.
    let paths: [JSONPathTemplate]

    /// Parses `HEADER:PATH,HEADER:PATH`.
    ///
    /// - Throws: ``JSONPathError`` in kubectl's words.
    public init(spec: String) throws(JSONPathError) {
        guard !spec.isEmpty else {
            throw JSONPathError("custom-columns format specified but no custom columns given")
        }
        var headers: [String] = []
        var paths: [JSONPathTemplate] = []
        for part in spec.split(separator: ",", omittingEmptySubsequences: false) {
            // kubectl splits at the first colon only (strings.SplitN(part, ":", 2)): a path may hold
            // colons, as slices do (`.spec.containers[-1:].name`).
            let pair = part.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else {
                throw JSONPathError(
                    "unexpected custom-columns spec: \(part), expected <header>:<json-path-expr>")
            }
            headers.append(String(pair[0]))
            paths.append(try JSONPathTemplate(relaxed: String(pair[1])))
        }
        self.headers = headers
        self.paths = paths
    }

    /// Parses a custom-columns file: a line of headers, then a line of paths, separated by
    /// whitespace.
    public init(file text: String) throws(JSONPathError) {
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        guard lines.count == 2 else {
            throw JSONPathError(
                "expected two lines (headers, then JSONPaths) in the custom-columns file, got \(lines.count)")
        }
        let headers = lines[0].split(whereSeparator: \.isWhitespace).map(String.init)
        let specs = lines[1].split(whereSeparator: \.isWhitespace).map(String.init)
        guard headers.count == specs.count else {
            throw JSONPathError(
                "number of headers (\(headers.count)) does not match number of JSONPaths (\(specs.count))")
        }
        var paths: [JSONPathTemplate] = []
        for s in specs { paths.append(try JSONPathTemplate(relaxed: s)) }
        self.headers = headers
        self.paths = paths
    }

    /// The table for `objects` (one row each): Go's `%v` of each selected value, several joined
    /// by `,`, `<none>` when nothing is selected; laid out as `kubectl get` lays tables out.
    public func table(_ objects: [JSONValue], noHeaders: Bool = false) -> String {
        let rows = objects.map { o in
            paths.map { p -> String in
                let values = p.values(o).first ?? []
                let text = values.map(JSONPathFormat.goValue)
                return text.isEmpty || text.allSatisfy(\.isEmpty) ? "<none>" : text.joined(separator: ",")
            }
        }
        let lines = noHeaders ? rows : [headers] + rows
        return lines.isEmpty ? "" : KubectlTable.layout(lines, minWidth: 6, padding: 3)
    }
}
