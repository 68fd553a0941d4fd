/// An event as stored: a ``NewEvent`` plus its revision, object version, record time and the
/// hash chain.
public struct RecordedEvent: Sendable, Hashable, ProvenanceCarrier {
    /// The global position: 1, 2, 3 … with no gap.
    public var revision: UInt64
    /// When the store recorded it.
    public var recordedAt: Timestamp
    /// The object's own version: 1, 2, 3 … per ``ObjectKey``.
    public var objectVersion: UInt64
    public var verb: Verb
    public var object: ObjectReference
    public var subresource: String
    public var resourceVersion: String
    public var occurredAt: Timestamp
    /// Who did it and from where (completed from ``amendment`` when the record has no actor).
    public var provenance: Provenance
    public var source: EventSource
    public var eventID: String
    public var annotations: [Annotation]
    /// The object as JSON bytes, or `nil`.
    public var body: [UInt8]?
    /// Whether the event joins others of the same object uid and resourceVersion.
    public var joinsSameObjectVersion: Bool = false
    /// Provenance attached after the fact by a joined event (outside the hash chain), if any.
    public var amendment: ProvenanceAmendment?
    /// The hash of the previous record (32 zero bytes for revision 1).
    public var previousHash: [UInt8]
    /// SHA-256 over this record's canonical bytes, which include ``previousHash``.
    public var hash: [UInt8]

    /// A recorded event with every field given (for tests, tools and replays; the store makes
    /// its own).
    public init(
        revision: UInt64, recordedAt: Timestamp, objectVersion: UInt64, verb: Verb, object: ObjectReference,
        subresource: String = "", resourceVersion: String = "", occurredAt: Timestamp, actor: String = "",
        groups: [String] = [], userAgent: String = "", sourceIP: String = "", source: EventSource = .cli,
        eventID: String = "", annotations: [Annotation] = [], body: [UInt8]?, previousHash: [UInt8] = [],
        hash: [UInt8] = []
    ) {
        self.revision = revision
        self.recordedAt = recordedAt
        self.objectVersion = objectVersion
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
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The value of annotation `key`, if present.
    public func annotation(_ key: String) -> String? {
        annotations.first(where: { $0.key == key })?.value
    }
}
