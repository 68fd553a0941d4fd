public import Ledger

/// How `append -f` turns the objects of one input into events: the same verb, actor, time,
/// change cause and expected version for each, an id per object (`ID`, or `ID/1`, `ID/2` … for
/// several), and the input file and line as annotations.
public struct ObjectAppend: Sendable {
    /// The verb of every event; `nil`: create when the object is absent, else update.
    public var verb: Verb?
    /// Who made the change.
    public var actor: String
    /// When it happened.
    public var occurredAt: Timestamp
    /// An idempotency id.
    public var id: String?
    /// Why (the event's `kubernetes.io/change-cause` annotation).
    public var cause: String?
    /// What each object's current version must be.
    public var expectation: ExpectedVersion
    /// The input's name, recorded with each event.
    public var input: String
    /// The client recorded as user agent.
    public var userAgent = "kubeledger/0.1.0"

    public init(
        verb: Verb?, actor: String, occurredAt: Timestamp, id: String?, cause: String?, expectation: ExpectedVersion,
        input: String
    ) {
        self.verb = verb
        self.actor = actor
        self.occurredAt = occurredAt
        self.id = id
        self.cause = cause
        self.expectation = expectation
        self.input = input
    }

    /// One event per object, in input order.
    public func events(_ objects: [ParsedObject]) -> [NewEvent] {
        objects.enumerated().map { i, o in
            var annotations: [Annotation] = []
            if let cause { annotations.append(Annotation(Annotation.changeCause, cause)) }
            annotations.append(Annotation(Annotation.importFile, input))
            annotations.append(Annotation(Annotation.importLine, String(o.line)))
            var e = NewEvent(
                verb: verb ?? .update, object: o.reference, resourceVersion: o.resourceVersion, occurredAt: occurredAt,
                actor: actor, userAgent: userAgent, source: .cli,
                eventID: id.map { objects.count == 1 ? $0 : "\($0)/\(i + 1)" } ?? "", annotations: annotations,
                body: o.body, expectation: expectation)
            e.infersVerb = verb == nil
            return e
        }
    }
}
