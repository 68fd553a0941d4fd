/// A value that holds a ``Provenance`` (``NewEvent``, ``RecordedEvent``, ``ProvenanceAmendment``)
/// and so offers its fields directly: `event.actor` reads and writes `event.provenance.actor`.
public protocol ProvenanceCarrier {
    /// Who made the change and from where.
    var provenance: Provenance { get set }
}

extension ProvenanceCarrier {
    /// Who made the change (user name); empty if unknown. Stored in ``provenance``.
    public var actor: String {
        get { provenance.actor }
        set { provenance.actor = newValue }
    }

    /// The actor's groups. Stored in ``provenance``.
    public var groups: [String] {
        get { provenance.groups }
        set { provenance.groups = newValue }
    }

    /// The client's `User-Agent`; empty if unknown. Stored in ``provenance``.
    public var userAgent: String {
        get { provenance.userAgent }
        set { provenance.userAgent = newValue }
    }

    /// The client's address; empty if unknown. Stored in ``provenance``.
    public var sourceIP: String {
        get { provenance.sourceIP }
        set { provenance.sourceIP = newValue }
    }
}
