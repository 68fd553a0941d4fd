/// What an event did to which object, and nothing else: the part of a record that decides
/// whether an object exists. ``Ledger/scanObjectWrites(from:to:chunk:_:)`` reads it from the
/// record header without decoding the other fields or touching the body.
public struct ObjectWrite: Sendable, Hashable {
    /// The event's global revision.
    public var revision: UInt64
    /// The object's own version at that event.
    public var objectVersion: UInt64
    /// What the event did.
    public var verb: Verb
    /// The object's ``ObjectKey/encoded`` bytes (`group/kind` 0 namespace 0 name 0).
    public var key: [UInt8]

    public init(revision: UInt64, objectVersion: UInt64, verb: Verb, key: [UInt8]) {
        self.revision = revision
        self.objectVersion = objectVersion
        self.verb = verb
        self.key = key
    }
}
