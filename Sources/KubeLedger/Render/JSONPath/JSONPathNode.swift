/// The parsed parts of a kubectl JSONPathTemplate template (``JSONPathTemplate``).
indirect enum JSONPathNode: Sendable, Hashable {
    /// Text outside `{…}`, or a quoted literal inside (`{"\n"}`).
    case text(String)
    /// `{PATH}`: the values the path selects, separated by spaces.
    case path(Path)
    /// `{range PATH}…{end}`: the body once per value, with `@` (and a leading `.`) on the value.
    case range(Path, [JSONPathNode])

    /// A path: where it starts and its steps.
    struct Path: Sendable, Hashable {
        /// `$`: from the root object; otherwise from the current value (`@`, `.`).
        var fromRoot: Bool
        var steps: [Step]
    }

    /// One step of a path.
    enum Step: Sendable, Hashable {
        /// `.name` or `['name','other']`.
        case fields([String])
        /// `.*` or `[*]`.
        case wildcard
        /// `..name` (or `..*`: `nil`).
        case recursive(String?)
        /// `[n]` (negative: from the end).
        case index(Int)
        /// `[start:end:step]`.
        case slice(Int?, Int?, Int?)
        /// `[?(@.a == "x")]`, `[?(@.a)]`.
        case filter(Filter)
    }

    /// A filter: a path on each element, optionally compared with a literal or another path.
    struct Filter: Sendable, Hashable {
        var left: Operand
        /// `==`, `!=`, `<`, `<=`, `>`, `>=`; `nil`: the left side exists.
        var op: String?
        var right: Operand?
    }

    /// A side of a filter.
    enum Operand: Sendable, Hashable {
        case path(Path)
        case string(String)
        case number(Double)
        case bool(Bool)
    }
}
