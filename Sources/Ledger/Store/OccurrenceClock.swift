/// How the log's two clocks relate: whether events were appended in the order they occurred.
///
/// Every event has a revision (its position in the log: when the ledger learned of it) and an
/// occurrence time (when it happened in the cluster). Events are ordered for every read by their
/// *position*, (occurrence time, revision). An event is **late** when it occurred before an event
/// appended earlier (a backfilled audit log, an audit record a few milliseconds older than the
/// watch event already recorded). While no event is late, revision order and position order are
/// the same, and "the cluster at time T" is the log's prefix up to the last event that occurred at
/// or before T; the clock tells readers when that shortcut holds.
///
/// Kept exact by the write side in `meta` (``Ledger/occurrenceClock()``), in the transaction of
/// the events it covers.
public struct OccurrenceClock: Sendable, Hashable {
    /// The last revision the clock covers.
    public var revision: UInt64 = 0
    /// The latest occurrence time among the events covered (nanoseconds), `nil` when none.
    public var latestOccurrence: Int64?
    /// The first late revision, `nil` when every event covered was appended in occurrence order.
    public var firstLateRevision: UInt64?
    /// The earliest occurrence time (nanoseconds) among the events at or after
    /// ``firstLateRevision``, `nil` when there is no late event.
    public var earliestOccurrenceSinceFirstLate: Int64?
    /// The first revision whose event occurred before an event of the same object appended
    /// earlier (at or after ``firstLateRevision``; a conservative bound when the clock was caught
    /// up from the log rather than kept by the append path). Until it, every object's versions
    /// were appended in occurrence order, so folding revisions in order gives each object's
    /// latest version by position.
    public var firstObjectLateRevision: UInt64?

    public init() {}

    /// Whether an event that occurred at `occurredAt` would be late now.
    public func isLate(_ occurredAt: Int64) -> Bool {
        latestOccurrence.map { occurredAt < $0 } ?? false
    }

    /// Covers one more event, appended at `revision` (the next one) and occurred at `occurredAt`.
    /// `objectLate`: whether it occurred before the previous event of its object (`nil`: not
    /// known, taken as yes when the event is late).
    public mutating func advance(revision: UInt64, occurredAt: Int64, objectLate: Bool? = nil) {
        if isLate(occurredAt), firstObjectLateRevision == nil, objectLate ?? true {
            firstObjectLateRevision = revision
        }
        if let latest = latestOccurrence, occurredAt < latest, firstLateRevision == nil {
            firstLateRevision = revision
        }
        if firstLateRevision != nil {
            earliestOccurrenceSinceFirstLate = min(earliestOccurrenceSinceFirstLate ?? occurredAt, occurredAt)
        }
        latestOccurrence = max(latestOccurrence ?? occurredAt, occurredAt)
        self.revision = revision
    }

    /// Whether each object's events among revisions 1 … `r` were appended in occurrence order,
    /// so that folding those revisions in order gives what folding them by position gives.
    public func objectsInOrder(through r: UInt64) -> Bool {
        firstObjectLateRevision.map { r < $0 } ?? true
    }

    /// Whether every event that occurred at or before `t` precedes the first late event: then
    /// those events are exactly the revisions 1 … (the last that occurred at or before `t`).
    public func isPrefix(occurredAtOrBefore t: Int64) -> Bool {
        earliestOccurrenceSinceFirstLate.map { t < $0 } ?? true
    }

    /// 40 bytes: revision, latest occurrence, first late revision (0: none), earliest occurrence
    /// since, first object-late revision (0: none); occurrence times as two's-complement
    /// big-endian, absent as `Int64.min`.
    var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(40)
        for v in [
            revision, UInt64(bitPattern: latestOccurrence ?? .min), firstLateRevision ?? 0,
            UInt64(bitPattern: earliestOccurrenceSinceFirstLate ?? .min), firstObjectLateRevision ?? 0,
        ] {
            withUnsafeBytes(of: v.bigEndian) { out.append(contentsOf: $0) }
        }
        return out
    }

    init?(encoded b: [UInt8]) {
        guard b.count == 40 else { return nil }
        func field(_ i: Int) -> UInt64 { b[(i * 8)..<(i * 8 + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
        revision = field(0)
        let latest = Int64(bitPattern: field(1))
        latestOccurrence = latest == .min ? nil : latest
        firstLateRevision = field(2) == 0 ? nil : field(2)
        let earliest = Int64(bitPattern: field(3))
        earliestOccurrenceSinceFirstLate = earliest == .min ? nil : earliest
        firstObjectLateRevision = field(4) == 0 ? nil : field(4)
    }
}
