/// An event to append: everything but what the store assigns (revision, object version,
/// record time, hashes).
public struct NewEvent: Sendable, Hashable, ProvenanceCarrier {
    public var verb: Verb
    public var object: ObjectReference
    /// The subresource (`status`, `scale`, `binding`), empty if none.
    public var subresource: String
    /// `metadata.resourceVersion` as Kubernetes gave it; empty if unknown.
    public var resourceVersion: String
    /// When it happened in the cluster, in nanoseconds since the Unix epoch.
    public var occurredAt: Timestamp
    /// Who did it and from where; empty fields if unknown.
    public var provenance: Provenance
    public var source: EventSource
    /// The idempotency key: an event whose id is already stored is skipped. Empty means none.
    public var eventID: String
    public var annotations: [Annotation]
    /// The full object after the mutation (for a delete, the last known object) as JSON bytes;
    /// `nil` when unknown (for example a Metadata-level audit record).
    public var body: [UInt8]?
    /// A condition on the object's current version.
    public var expectation: ExpectedVersion
    /// When true, the store decides the verb inside the append: ``Verb/create`` if the object is
    /// absent (never seen, or deleted), else ``Verb/update``.
    public var infersVerb: Bool = false
    /// The record time to store instead of now: set only when restoring an export, so the
    /// restored records (and so the chain head) are identical to the exported ones.
    public var recordedAt: Timestamp?
    /// When true, an event with the same object uid and resourceVersion as a stored event that
    /// also joins is the same mutation seen from another source (an audit log and a watch
    /// stream): it is not stored again. If the stored event has no actor and this one has, its
    /// provenance (actor, groups, user agent, source IP, event id) is attached to the stored
    /// event as an amendment. See docs/provenance.md.
    public var joinsSameObjectVersion: Bool = false

    public init(
        verb: Verb, object: ObjectReference, subresource: String = "", resourceVersion: String = "",
        occurredAt: Timestamp, actor: String = "", groups: [String] = [], userAgent: String = "",
        sourceIP: String = "", source: EventSource = .cli, eventID: String = "", annotations: [Annotation] = [],
        body: [UInt8]?, expectation: ExpectedVersion = .any
    ) {
        self.verb = verb
        self.object = object
        self.subresource = subresource
        self.resourceVersion = resourceVersion
        self.occurredAt = occurredAt
        self.provenance = Provenance(actor: actor, groups: groups, userAgent: userAgent, sourceIP: sourceIP)
        self.source = source
        self.eventID = eventID
        self.annotations = annotations
        self.body = body
        self.expectation = expectation
    }
}
