/// Who made a change, learned after the event was stored: an audit record joined to a stored
/// watch event of the same object version. Kept beside the record (the record's bytes and hash
/// never change).
public struct ProvenanceAmendment: Sendable, Hashable, ProvenanceCarrier {
    /// Who made the change, as the joined event says.
    public var provenance: Provenance
    /// The joined event's id (e.g. the audit ID).
    public var eventID: String
    /// The joined event's source.
    public var source: EventSource

    /// An amendment with the joined event's provenance, id and source.
    public init(provenance: Provenance, eventID: String, source: EventSource) {
        self.provenance = provenance
        self.eventID = eventID
        self.source = source
    }

    /// An amendment with the joined event's provenance given field by field.
    public init(
        actor: String, groups: [String], userAgent: String, sourceIP: String, eventID: String, source: EventSource
    ) {
        self.init(
            provenance: Provenance(actor: actor, groups: groups, userAgent: userAgent, sourceIP: sourceIP),
            eventID: eventID, source: source)
    }

    func encoded() -> [UInt8] {
        var out: [UInt8] = [source.rawValue]
        func put(_ s: String) {
            let u = Array(s.utf8)
            out += withUnsafeBytes(of: UInt32(u.count).bigEndian) { Array($0) }
            out += u
        }
        put(actor)
        put(userAgent)
        put(sourceIP)
        put(eventID)
        out += withUnsafeBytes(of: UInt32(groups.count).bigEndian) { Array($0) }
        groups.forEach(put)
        return out
    }

    init?(decoding b: [UInt8]) {
        guard let first = b.first, let source = EventSource(rawValue: first) else { return nil }
        var i = 1
        func u32() -> Int? {
            guard i + 4 <= b.count else { return nil }
            defer { i += 4 }
            return Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
        }
        func str() -> String? {
            guard let n = u32(), i + n <= b.count else { return nil }
            defer { i += n }
            return String(decoding: b[i..<(i + n)], as: UTF8.self)
        }
        guard let actor = str(), let ua = str(), let ip = str(), let id = str(), let n = u32(), n <= b.count else {
            return nil
        }
        var groups: [String] = []
        for _ in 0..<n {
            guard let g = str() else { return nil }
            groups.append(g)
        }
        guard i == b.count else { return nil }
        self.init(actor: actor, groups: groups, userAgent: ua, sourceIP: ip, eventID: id, source: source)
    }
}
