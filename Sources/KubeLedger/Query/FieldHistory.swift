public import Ledger

/// One change of a field's value (`kubeledger audit --field PATH`).
public struct FieldChange: Sendable, Equatable {
    /// The revision of the event that changed it.
    public var revision: UInt64
    /// When it happened in the cluster.
    public var occurredAt: Timestamp
    /// Who did it.
    public var actor: String
    /// The event's verb.
    public var verb: Verb
    /// The value before (`nil`: absent, or the object did not exist).
    public var oldValue: JSONValue?
    /// The value after (`nil`: absent, or the object was deleted).
    public var newValue: JSONValue?
}

/// The history of one field of one object: every event where its value changed.
///
/// Paths use ``JSONValue/value(atPath:)`` syntax (`spec.replicas`,
/// `spec.template.spec.containers[0].image`, `metadata.annotations["a.b/c"]`) plus a selector
/// by name, `containers[name=nginx]`, which picks the element whose `name` equals the value.
/// Events without a body (Metadata-level audit records) neither show nor hide a change: they are
/// passed over. A delete makes the value absent.
public enum FieldHistory {
    /// The value at `path` in `object`, with `[name=X]` selectors.
    public static func value(in object: JSONValue, atPath path: String) -> JSONValue? {
        guard path.contains("=") else { return object.value(atPath: path) }
        var current: JSONValue? = object
        var rest = Substring(path)
        while !rest.isEmpty {
            guard let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") else {
                return current?.value(atPath: String(rest))
            }
            let inner = rest[rest.index(after: open)..<close]
            if let eq = inner.firstIndex(of: "="), !inner.hasPrefix("\"") {
                let head = String(rest[..<open])
                if !head.isEmpty { current = current?.value(atPath: head) }
                let key = String(inner[..<eq])
                let want = String(inner[inner.index(after: eq)...])
                current = current?.arrayValue?.first { $0[key]?.stringValue == want }
            } else {
                current = current?.value(atPath: String(rest[...close]))
            }
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
        }
        return current
    }

    /// Every change of the value at `path` across `events` (one object's events, oldest first).
    public static func changes(of path: String, in events: [RecordedEvent]) -> [FieldChange] {
        var result: [FieldChange] = []
        var previous: JSONValue?
        for e in events {
            let current: JSONValue?
            if e.verb == .delete {
                current = nil
            } else {
                guard let body = e.body, let object = try? JSONReader.parse(body) else { continue }
                current = value(in: object, atPath: path)
            }
            if current != previous {
                result.append(
                    FieldChange(
                        revision: e.revision, occurredAt: e.occurredAt, actor: e.actor, verb: e.verb,
                        oldValue: previous, newValue: current))
            }
            previous = current
        }
        return result
    }

    /// A value as one line for tables: strings bare, others as compact JSON, absent as `<none>`.
    public static func display(_ value: JSONValue?) -> String {
        guard let value else { return "<none>" }
        if case .string(let s) = value { return s }
        return JSONWriter().string(value)
    }
}
