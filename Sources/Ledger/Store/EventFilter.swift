/// Which events a scan returns. Empty fields match everything.
public struct EventFilter: Sendable, Hashable {
    /// Kinds to match (exact kind names such as `Deployment`).
    public var kinds: Set<String> = []
    /// Object name.
    public var name: String?
    /// Namespace.
    public var namespace: String?
    /// Actor (user name).
    public var actor: String?
    /// Object uid (one generation of one object); served by the `uids` index.
    public var uid: String?
    /// Verbs.
    public var verbs: Set<Verb> = []
    /// First revision (inclusive).
    public var fromRevision: UInt64 = 1
    /// Last revision (inclusive).
    public var toRevision: UInt64 = .max
    /// Only events that occurred at or after this time (scans by occurrence, see
    /// ``Ledger/scanPositions(after:through:maxRevision:chunk:_:)``).
    public var fromTime: Timestamp?
    /// Only events that occurred at or before this time.
    public var toTime: Timestamp?

    public init() {}

    /// Whether every event in the revision range passes (no kind, name, namespace, actor or verb).
    public var matchesEverything: Bool {
        kinds.isEmpty && name == nil && namespace == nil && actor == nil && verbs.isEmpty && fromTime == nil
            && toTime == nil
    }

    /// Whether `e` passes the filter (the revision range is applied by the scan).
    public func matches(_ e: RecordedEvent) -> Bool {
        if !kinds.isEmpty && !kinds.contains(e.object.kind) { return false }
        if let name, e.object.name != name { return false }
        if let namespace, e.object.namespace != namespace { return false }
        if let actor, e.actor != actor { return false }
        if let uid, e.object.uid != uid { return false }
        if !verbs.isEmpty && !verbs.contains(e.verb) { return false }
        if let fromTime, e.occurredAt.nanoseconds < fromTime.nanoseconds { return false }
        if let toTime, e.occurredAt.nanoseconds > toTime.nanoseconds { return false }
        return true
    }
}
