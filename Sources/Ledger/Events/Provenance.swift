/// Who made a change and from where, as the API server's audit log says it: held by ``NewEvent``,
/// ``RecordedEvent`` and ``ProvenanceAmendment``. Each field is empty when unknown.
public struct Provenance: Sendable, Hashable {
    /// The user name.
    public var actor: String
    /// The user's groups.
    public var groups: [String]
    /// The client's `User-Agent`.
    public var userAgent: String
    /// The client's address.
    public var sourceIP: String

    /// A provenance with the given fields; all empty by default (unknown).
    public init(actor: String = "", groups: [String] = [], userAgent: String = "", sourceIP: String = "") {
        self.actor = actor
        self.groups = groups
        self.userAgent = userAgent
        self.sourceIP = sourceIP
    }
}
