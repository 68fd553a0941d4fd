public import Ledger

/// A resolved point in history: the revision whose state is shown, and the time AGE columns
/// are computed at.
public struct HistoryPoint: Sendable, Hashable {
    /// The last revision included.
    public var revision: UInt64
    /// The reference time (now for the head).
    public var time: Timestamp

    public init(revision: UInt64, time: Timestamp) {
        self.revision = revision
        self.time = time
    }
}
