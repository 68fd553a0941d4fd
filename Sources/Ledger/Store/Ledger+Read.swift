import LedgerLMDB

/// One entry of an object's history.
public struct ObjectVersionEntry: Sendable, Hashable {
    /// The event's global revision.
    public var revision: UInt64
    /// The object's own version at that event.
    public var version: UInt64
    /// What the event did.
    public var verb: Verb
}

extension Ledger {
    /// The last revision in the log (0 when empty).
    public func lastRevision() throws -> UInt64 {
        try environment.read { txn in try chainHead(txn).0 }
    }

    /// The chain head: last revision and its hash (32 zero bytes for an empty log).
    public func head() throws -> (revision: UInt64, hash: [UInt8]) {
        try environment.read { txn in
            let h = try chainHead(txn)
            return (h.0, h.1)
        }
    }

    /// How many provenance amendments (actors learned after the fact, see provenance.md) the
    /// store has ever written. A cached fold that shows actors is out of date once this changes.
    public func amendmentCount() throws -> UInt64 {
        try environment.read { txn in
            try txn.getBytes(meta, key: LedgerNames.amendmentsKey).map {
                $0.count == 8 ? $0.withUnsafeBytes { ByteEncoding.readUInt64($0, at: 0) } : 0
            } ?? 0
        }
    }

    /// The event at revision `r`, or `nil`.
    public func event(at r: UInt64, includeBody: Bool = true) throws -> RecordedEvent? {
        try environment.read { txn in try event(txn, at: r, includeBody: includeBody) }
    }

    func event(
        _ txn: borrowing Transaction, at r: UInt64, includeBody: Bool = true, applyAmendment: Bool = true
    ) throws -> RecordedEvent? {
        let decoded: RecordedEvent? = try LedgerKeys.revision(r).withUnsafeBytes { k in
            guard let v = try txn.get(events, key: k) else { return nil }
            return try RecordCodec.decode(v, includeBody: includeBody, pool: zstdContexts)
        }
        guard var e = decoded else { return nil }
        if applyAmendment { try amendIfNeeded(txn, &e) }
        return e
    }

    /// Fills in provenance learned after the fact (a joined audit record), if any.
    func amendIfNeeded(_ txn: borrowing Transaction, _ e: inout RecordedEvent) throws {
        guard e.joinsSameObjectVersion, e.actor.isEmpty,
            let bytes = try txn.getBytes(ids, key: LedgerKeys.amendment(e.revision))
        else { return }
        Self.amend(&e, with: bytes)
    }

    /// Fills in the provenance amendment stored as `bytes` for `e`, if `e` is a joining event
    /// without an actor and the bytes decode.
    static func amend(_ e: inout RecordedEvent, with bytes: [UInt8]) {
        guard e.joinsSameObjectVersion, e.actor.isEmpty, let a = ProvenanceAmendment(decoding: bytes) else { return }
        e.amendment = a
        e.actor = a.actor
        e.groups = a.groups
        if e.userAgent.isEmpty { e.userAgent = a.userAgent }
        if e.sourceIP.isEmpty { e.sourceIP = a.sourceIP }
    }

    /// Calls `body` with the object bytes of the event at `r` (decompressed if stored compressed;
    /// valid only during the call), or `nil` when it has none.
    public func withBody<R>(at r: UInt64, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try environment.read { txn in
            try LedgerKeys.revision(r).withUnsafeBytes { k in
                guard let v = try txn.get(events, key: k) else { return try body(nil) }
                return try RecordCodec.withBody(v, pool: zstdContexts, body)
            }
        }
    }

    /// Visits events in revision order from `filter.fromRevision` to `filter.toRevision` that pass
    /// `filter`, until `visit` returns `false`. Reads in chunks of `chunk` events per read
    /// transaction, so a long scan never pins old pages for long.
    public func scan(
        _ filter: EventFilter = EventFilter(), includeBody: Bool = true, chunk: Int = 4096,
        _ visit: (RecordedEvent) throws -> Bool
    ) throws {
        if let uid = filter.uid {
            for r in try revisions(byUID: uid, from: filter.fromRevision, to: filter.toRevision) {
                guard let e = try event(at: r, includeBody: includeBody) else { continue }
                if filter.matches(e), try !visit(e) { return }
            }
            return
        }
        if let actor = filter.actor {
            for r in try revisions(byActor: actor, from: filter.fromRevision, to: filter.toRevision) {
                guard let e = try event(at: r, includeBody: includeBody) else { continue }
                if filter.matches(e), try !visit(e) { return }
            }
            return
        }
        var next = max(filter.fromRevision, 1)
        var done = false
        while !done {
            var events: [RecordedEvent] = []
            try environment.read { txn in
                try txn.withCursor(self.events) { c in
                    var entry = try c.seek(atLeast: LedgerKeys.revision(next))
                    while let en = entry, events.count < chunk {
                        let r = ByteEncoding.readUInt64(en.key, at: 0)
                        if r > filter.toRevision {
                            done = true
                            return
                        }
                        if includeBody && filter.matchesEverything {
                            // Nothing to filter on: decode once, body included.
                            var full = try RecordCodec.decode(en.value, pool: zstdContexts)
                            try amendIfNeeded(txn, &full)
                            events.append(full)
                            next = r + 1
                            entry = try c.next()
                            continue
                        }
                        var header = try RecordCodec.decode(en.value, includeBody: false)
                        try amendIfNeeded(txn, &header)
                        if filter.matches(header) {
                            if includeBody {
                                var full = try RecordCodec.decode(en.value, pool: zstdContexts)
                                try amendIfNeeded(txn, &full)
                                events.append(full)
                            } else {
                                events.append(header)
                            }
                        }
                        next = r + 1
                        entry = try c.next()
                    }
                    if entry == nil { done = true }
                }
            }
            for e in events where try !visit(e) { return }
        }
    }

    /// Visits, in revision order from `from` to `to`, what each event did to which object
    /// (``ObjectWrite``), read from the record header only: no other field is decoded, no body
    /// copied. For read models that follow which objects exist. Reads in chunks of `chunk` events
    /// per read transaction, so a long scan never pins old pages for long.
    ///
    /// - Throws: ``LedgerError/corruptRecord(revision:reason:)`` for a damaged record; `LMDBError`.
    public func scanObjectWrites(
        from: UInt64 = 1, to: UInt64 = .max, chunk: Int = 4096, _ visit: (ObjectWrite) throws -> Void
    ) throws {
        var next = max(from, 1)
        while next <= to {
            var writes: [ObjectWrite] = []
            writes.reserveCapacity(min(chunk, Int(clamping: to - next + 1)))
            var done = false
            try environment.read { txn in
                try txn.withCursor(self.events) { c in
                    var entry = try c.seek(atLeast: LedgerKeys.revision(next))
                    while let en = entry, writes.count < chunk {
                        let r = ByteEncoding.readUInt64(en.key, at: 0)
                        if r > to { break }
                        writes.append(try RecordCodec.objectWrite(en.value))
                        next = r + 1
                        entry = try c.next()
                    }
                    if entry == nil || writes.count < chunk { done = true }
                }
            }
            for w in writes { try visit(w) }
            if done { return }
        }
    }

    /// Revisions of events by `actor`, ascending.
    public func revisions(byActor actor: String, from: UInt64 = 1, to: UInt64 = .max) throws -> [UInt64] {
        try revisions(under: actor, in: actors, from: from, to: to)
    }

    /// Revisions of events of the object with `uid` (one generation of one object, such as one
    /// pod's lifecycle), ascending: an O(log n) seek in the `uids` index for the runs of the uid
    /// (format 5, ``UIDRuns``), then a scan of `objects` from each run's first event to its delete
    /// or end.
    public func revisions(byUID uid: String, from: UInt64 = 1, to: UInt64 = .max) throws -> [UInt64] {
        try environment.read { txn in
            let prefix = Array(uid.utf8) + [0]
            var starts: [(revision: UInt64, object: [UInt8])] = []
            var ends: Set<UInt64> = []
            try txn.withCursor(uids) { c in
                var e = try c.seek(atLeast: prefix)
                while let en = e, en.key.count == prefix.count + 8, en.key.starts(with: prefix) {
                    let r = ByteEncoding.readUInt64(en.key, at: prefix.count)
                    if r > to { break }
                    if en.value.isEmpty { ends.insert(r) } else { starts.append((r, Array(en.value))) }
                    e = try c.next()
                }
            }
            var out: [UInt64] = []
            try txn.withCursor(objects) { c in
                for start in starts {
                    let key = start.object
                    var e = try c.seek(atLeast: LedgerKeys.object(key, start.revision))
                    while let en = e, en.key.count == key.count + 8, en.key.starts(with: key) {
                        let r = ByteEncoding.readUInt64(en.key, at: key.count)
                        if r > to || (r != start.revision && ends.contains(r)) { break }
                        if r >= from { out.append(r) }
                        if en.value.count > 8, en.value[8] == Verb.delete.rawValue { break }
                        e = try c.next()
                    }
                }
            }
            // Runs of one object come in order; the same uid on several objects (odd input) does not.
            if starts.count > 1 { out.sort() }
            return out
        }
    }

    /// The revisions `from...to` keyed under `name` in an index whose keys are `name`, a NUL byte
    /// and a big-endian revision (``LedgerKeys/actor(_:_:)``), ascending:
    /// one seek, then a scan while the keys share the prefix.
    private func revisions(under name: String, in index: Database, from: UInt64, to: UInt64) throws -> [UInt64] {
        try environment.read { txn in
            try txn.withCursor(index) { c in
                let prefix = Array(name.utf8) + [0]
                var out: [UInt64] = []
                var e = try c.seek(atLeast: prefix + ByteEncoding.uint64(from))
                while let en = e, en.key.count == prefix.count + 8, en.key.starts(with: prefix) {
                    let r = ByteEncoding.readUInt64(en.key, at: prefix.count)
                    if r > to { break }
                    out.append(r)
                    e = try c.next()
                }
                return out
            }
        }
    }

    /// The revision stored for event id `id`, if any.
    public func revision(forEventID id: String) throws -> UInt64? {
        try environment.read { txn in
            try txn.getBytes(ids, key: Array(id.utf8)).map { b in
                b.withUnsafeBytes { ByteEncoding.readUInt64($0, at: 0) }
            }
        }
    }

    /// The history of one object (every event of its key, all generations), oldest first, up to
    /// revision `upTo`.
    public func history(of key: ObjectKey, upTo: UInt64 = .max) throws -> [ObjectVersionEntry] {
        let prefix = key.encoded
        return try environment.read { txn in
            try txn.withCursor(objects) { c in
                var out: [ObjectVersionEntry] = []
                var e = try c.seek(atLeast: prefix)
                while let en = e, en.key.count == prefix.count + 8, en.key.starts(with: prefix) {
                    let r = ByteEncoding.readUInt64(en.key, at: prefix.count)
                    if r > upTo { break }
                    out.append(
                        ObjectVersionEntry(
                            revision: r, version: ByteEncoding.readUInt64(en.value, at: 0),
                            verb: Verb(rawValue: en.value[8]) ?? .update))
                    e = try c.next()
                }
                return out
            }
        }
    }

    /// The object's last event at or before revision `r`: an O(log n) seek.
    public func latest(of key: ObjectKey, atOrBefore r: UInt64 = .max) throws -> ObjectVersionEntry? {
        let prefix = key.encoded
        return try environment.read { txn in
            try txn.withCursor(objects) { c in try latest(c, prefix: prefix, atOrBefore: r) }
        }
    }

    func latest(_ c: borrowing Cursor, prefix: [UInt8], atOrBefore r: UInt64) throws -> ObjectVersionEntry? {
        guard let en = try c.seek(atMost: LedgerKeys.object(prefix, r)), en.key.count == prefix.count + 8,
            en.key.starts(with: prefix)
        else { return nil }
        return ObjectVersionEntry(
            revision: ByteEncoding.readUInt64(en.key, at: prefix.count),
            version: ByteEncoding.readUInt64(en.value, at: 0),
            verb: Verb(rawValue: en.value[8]) ?? .update)
    }

    /// Every object of `groupKind` (`apps/Deployment`; `nil` for all kinds), optionally in one
    /// namespace, whose last event at or before `r` is not a delete: the live set at `r`.
    /// Cost: one seek per distinct object of that kind.
    public func liveObjects(
        groupKind: String?, namespace: String? = nil, atOrBefore r: UInt64 = .max
    ) throws -> [(key: ObjectKey, entry: ObjectVersionEntry)] {
        var start: [UInt8] = []
        if let groupKind {
            start = Array(groupKind.utf8) + [0]
            if let namespace { start += Array(namespace.utf8) + [0] }
        }
        let scope = start
        return try environment.read { txn in
            try txn.withCursor(objects) { c in
                var out: [(key: ObjectKey, entry: ObjectVersionEntry)] = []
                var e = scope.isEmpty ? try c.first() : try c.seek(atLeast: scope)
                while let en = e, en.key.starts(with: scope), en.key.count > 8 {
                    let prefix = Array(en.key[0..<(en.key.count - 8)])
                    if let latest = try latest(c, prefix: prefix, atOrBefore: r), latest.verb != .delete,
                        let key = ObjectKey(encoded: prefix)
                    {
                        out.append((key, latest))
                    }
                    // Jump past every revision of this object.
                    e = try c.seek(atLeast: prefix + [UInt8](repeating: 0xFF, count: 9))
                }
                return out
            }
        }
    }

    /// The revision of the latest event (by occurrence time) that occurred at or before `t`, or
    /// `nil` when none did.
    public func revision(atOrBefore t: Timestamp) throws -> UInt64? {
        try environment.read { txn in
            try txn.withCursor(time) { c in
                guard let en = try c.seek(atMost: LedgerKeys.time(t.nanoseconds, .max)) else { return nil }
                return ByteEncoding.readUInt64(en.key, at: 8)
            }
        }
    }
}

extension ObjectKey {
    /// Decodes key bytes written by ``encoded``.
    public init?(encoded b: [UInt8]) {
        let parts = b.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, let slash = parts[0].firstIndex(of: UInt8(ascii: "/")) else { return nil }
        self.init(
            group: String(decoding: parts[0][..<slash], as: UTF8.self),
            kind: String(decoding: parts[0][(slash + 1)...], as: UTF8.self),
            namespace: String(decoding: parts[1], as: UTF8.self), name: String(decoding: parts[2], as: UTF8.self))
    }
}
