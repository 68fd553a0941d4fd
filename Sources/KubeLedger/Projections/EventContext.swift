public import Ledger

/// What the folds take from a ``RecordedEvent`` besides the body: kept small so benchmarks and
/// tests can fold synthetic events too.
struct EventContext: Sendable {
    var revision: UInt64
    var time: Timestamp
    var actor: String
    var verb: Verb
    var source: EventSource
    var kind: String
    var namespace: String
    var name: String
    var uid: String
    var subresource: String
    /// The event's own `kubernetes.io/change-cause` annotation (from `append --cause`).
    var eventChangeCause: String?

    init(_ e: RecordedEvent) {
        revision = e.revision
        time = e.occurredAt
        actor = e.actor
        verb = e.verb
        source = e.source
        kind = e.object.kind
        namespace = e.object.namespace
        name = e.object.name
        uid = e.object.uid
        subresource = e.subresource
        eventChangeCause = e.annotations.isEmpty ? nil : e.annotation(Annotation.changeCause)
    }

    init(
        revision: UInt64, time: Timestamp, actor: String = "", verb: Verb, source: EventSource = .watch, kind: String,
        namespace: String, name: String, uid: String = "", subresource: String = ""
    ) {
        self.revision = revision
        self.time = time
        self.actor = actor
        self.verb = verb
        self.source = source
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.subresource = subresource
        eventChangeCause = nil
    }

    /// `namespace/name`.
    var key: String { namespace.isEmpty ? name : namespace + "/" + name }

    /// Whether a delete event with this object removed it, or only started a graceful deletion.
    ///
    /// A watch `DELETED` (and any non-audit delete) means gone. An audit `delete` whose response
    /// still carries a positive `deletionGracePeriodSeconds` or pending finalizers only marks
    /// the object terminating (§6.4, §7.4); the kubelet's later delete removes it.
    func deleteRemoves(gracePeriod: Int?, finalizers: Int) -> Bool {
        guard verb == .delete else { return false }
        if source == .audit, (gracePeriod ?? 0) > 0 || finalizers > 0 { return false }
        return true
    }
}

extension Timestamp {
    /// Snapshot form: nanoseconds.
    func write(to w: inout SnapshotWriter) { w.write(nanoseconds) }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) { self.init(nanoseconds: try r.readInt64()) }
}

/// Where and when something happened in the log.
public struct LogPoint: Sendable, Hashable {
    /// The ledger revision of the event.
    public var revision: UInt64
    /// When it happened in the cluster (the event's `occurredAt`).
    public var time: Timestamp
    /// Who did it (the event's actor; may be empty).
    public var actor: String

    public init(revision: UInt64, time: Timestamp, actor: String) {
        self.revision = revision
        self.time = time
        self.actor = actor
    }

    init(_ c: EventContext) {
        self.init(revision: c.revision, time: c.time, actor: c.actor)
    }
}

extension LogPoint: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(revision)
        time.write(to: &w)
        w.write(actor)
    }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        revision = try r.readUInt()
        time = try Timestamp(from: &r)
        actor = try r.readString()
    }
}
