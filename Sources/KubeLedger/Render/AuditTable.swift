public import Ledger

/// The `kubeledger audit` table: `REVISION  TIME  ACTOR  VERB  OBJECT  CHANGE`, laid out like
/// kubectl's tables (columns padded to the widest cell plus 3 spaces, the last not padded).
///
/// CHANGE is `PATH: OLD -> NEW` for field histories, the subresource (`status`) or the
/// change-cause otherwise, `-` when there is nothing to say.
public enum AuditTable {
    /// One row.
    public struct Row: Sendable, Hashable {
        public var revision: UInt64
        public var time: Timestamp
        public var actor: String
        public var verb: String
        public var object: String
        public var change: String

        public init(revision: UInt64, time: Timestamp, actor: String, verb: String, object: String, change: String) {
            self.revision = revision
            self.time = time
            self.actor = actor
            self.verb = verb
            self.object = object
            self.change = change
        }
    }

    /// A row for `event`: OBJECT is `kind/name` (namespaced `kind/ns/name` via ``ObjectKey``).
    public static func row(_ event: RecordedEvent) -> Row {
        var change = event.annotation(Annotation.changeCause) ?? ""
        if !event.subresource.isEmpty {
            change = change.isEmpty ? event.subresource : "\(event.subresource): \(change)"
        }
        return Row(
            revision: event.revision, time: event.occurredAt, actor: event.actor.isEmpty ? "<unknown>" : event.actor,
            verb: event.verb.description, object: event.object.key.description, change: change.isEmpty ? "-" : change)
    }

    /// Rows for the changes of `path` of object `object`.
    public static func rows(_ changes: [FieldChange], path: String, object: String) -> [Row] {
        changes.map {
            Row(
                revision: $0.revision, time: $0.occurredAt, actor: $0.actor.isEmpty ? "<unknown>" : $0.actor,
                verb: $0.verb.description,
                object: object,
                change: "\(path): \(FieldHistory.display($0.oldValue)) -> \(FieldHistory.display($0.newValue))")
        }
    }

    /// The table text, one line per row after the header, each ending with a newline.
    public static func render(_ rows: [Row]) -> String {
        let header = ["REVISION", "TIME", "ACTOR", "VERB", "OBJECT", "CHANGE"]
        let cells =
            [header]
            + rows.map {
                [String($0.revision), $0.time.rfc3339(fractionDigits: 0), $0.actor, $0.verb, $0.object, $0.change]
            }
        var widths = [Int](repeating: 0, count: header.count)
        for r in cells { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out = ""
        for r in cells {
            var line = ""
            for (i, c) in r.enumerated() {
                line += c
                if i < r.count - 1 { line += String(repeating: " ", count: widths[i] - c.count + 3) }
            }
            out += line + "\n"
        }
        return out
    }
}
