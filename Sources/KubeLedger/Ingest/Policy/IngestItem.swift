public import Ledger

/// One result of reading an input: an event to append, an observation for the store to compare,
/// a counted skip, or a reject with its file and line.
///
/// Adapters yield items in input order. The store appends `.event`s (and decides duplicates by
/// ``NewEvent/eventID``), turns `.observed` snapshots into create/update or nothing, counts
/// `.skipped`, and reports `.rejected`.
public enum IngestItem: Sendable, Hashable {
    /// A mutation to append, read from `line` (1-based) of the input.
    case event(NewEvent, line: Int)
    /// Observed state from a list snapshot: the store records it as a `create` when the object is
    /// unknown or deleted, as an `update` when its body differs from the ledger's latest state,
    /// and drops it when nothing changed. The event's ``NewEvent/verb`` is a placeholder
    /// (`.create`) the store replaces.
    case observed(NewEvent, line: Int)
    /// An exported event to restore (native event line with `recordedAt`): the store keeps its
    /// record time, and its revision when given must be the one the store assigns, so importing
    /// an export into an empty store reproduces the same records and chain head.
    case restored(NewEvent, recordedAt: Timestamp, revision: UInt64?, line: Int)
    /// A record that is valid but is not a mutation to store.
    case skipped(reason: SkipReason, line: Int)
    /// A record that could not be read.
    case rejected(IngestError)

    /// The 1-based input line the item came from.
    public var line: Int {
        switch self {
        case .event(_, let line), .observed(_, let line), .skipped(_, let line), .restored(_, _, _, let line): line
        case .rejected(let error): error.line
        }
    }

    /// The event of an `.event` or `.observed` item.
    public var newEvent: NewEvent? {
        switch self {
        case .event(let e, _), .observed(let e, _), .restored(let e, _, _, _): e
        default: nil
        }
    }
}
