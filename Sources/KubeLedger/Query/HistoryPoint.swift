public import Ledger

/// A resolved point in history: which events the view holds, and the time AGE columns are
/// computed at.
///
/// A view holds the events with revision at most ``revision`` that occurred at or before
/// ``horizon`` (when there is one); each object shows its latest version among them by position
/// (occurrence time, then revision), and is gone if that version is a delete. "The cluster at
/// time T" is `horizon = T` over every revision; "the ledger at revision R" is `revision = R`
/// with no horizon. On a log appended in occurrence order both are the log's prefix up to a
/// revision (``isRevisionPrefix``), which every query answers from its revision-ordered read
/// models; otherwise queries fold by position.
public struct HistoryPoint: Sendable, Hashable {
    /// The last revision the view knows of (a prefix view's last revision).
    public var revision: UInt64
    /// The reference time (now for the head).
    public var time: Timestamp
    /// Events that occurred after it are not in the view (`nil`: no bound).
    public var horizon: Timestamp?
    /// Whether the view is exactly revisions 1 … ``revision`` folded in revision order (true on
    /// every log appended in occurrence order).
    public var isRevisionPrefix: Bool

    /// A prefix view: revisions 1 … `revision`.
    public init(revision: UInt64, time: Timestamp) {
        self.revision = revision
        self.time = time
        self.horizon = nil
        self.isRevisionPrefix = true
    }

    /// A view bounded by revision and occurrence time, folded by position.
    public init(revision: UInt64, horizon: Timestamp?, time: Timestamp, isRevisionPrefix: Bool) {
        self.revision = revision
        self.time = time
        self.horizon = horizon
        self.isRevisionPrefix = isRevisionPrefix
    }

    /// Whether the event at revision `r` that occurred at `occurredAt` (ns) is in the view.
    public func includes(revision r: UInt64, occurredAt: Int64) -> Bool {
        r <= revision && (horizon.map { occurredAt <= $0.nanoseconds } ?? true)
    }
}
