import LedgerLMDB

extension Ledger {
    /// The log's ``OccurrenceClock``: whether, and from which revision, events were appended out
    /// of occurrence order. One `meta` read; when the stored clock lags the head (a store last
    /// written by a binary that did not keep it), the events after it are read, header only.
    public func occurrenceClock() throws -> OccurrenceClock {
        try environment.read { txn in try occurrenceClock(txn) }
    }

    func occurrenceClock(_ txn: borrowing Transaction) throws -> OccurrenceClock {
        var clock = try txn.getBytes(meta, key: LedgerNames.clockKey).flatMap(OccurrenceClock.init(encoded:))
            ?? OccurrenceClock()
        let (head, _) = try chainHead(txn)
        if clock.revision > head { clock = OccurrenceClock() }  // a repaired, shortened log
        guard clock.revision < head else { return clock }
        try txn.withCursor(events) { c in
            var entry = try c.seek(atLeast: LedgerKeys.revision(clock.revision + 1))
            while let en = entry {
                guard en.value.count >= RecordCodec.headerSize else {
                    throw LedgerError.corruptRecord(
                        revision: ByteEncoding.readUInt64(en.key, at: 0), reason: "record shorter than a header")
                }
                clock.advance(
                    revision: ByteEncoding.readUInt64(en.key, at: 0),
                    occurredAt: Int64(bitPattern: ByteEncoding.readUInt64(en.value, at: 20)))
                entry = try c.next()
            }
        }
        return clock
    }

    /// Whether the event about to be appended for the object at `prefix`, occurring at
    /// `occurredAt`, occurred before that object's previous event (read only for late events).
    func isObjectLate(_ txn: borrowing Transaction, _ c: borrowing Cursor, prefix: [UInt8], occurredAt: Int64) throws
        -> Bool
    {
        guard let previous = try latest(c, prefix: prefix, atOrBefore: .max) else { return false }
        return try LedgerKeys.revision(previous.revision).withUnsafeBytes { k in
            guard let v = try txn.get(events, key: k), v.count >= RecordCodec.headerSize else { return true }
            return occurredAt < Int64(bitPattern: ByteEncoding.readUInt64(v, at: 20))
        }
    }

    func storeOccurrenceClock(_ txn: borrowing Transaction, _ clock: OccurrenceClock) throws {
        try txn.put(meta, key: LedgerNames.clockKey, value: clock.encoded)
    }

    /// The positions (occurrence time, revision) of the events whose position (occurrence time, revision) is after `after` and
    /// whose occurrence time is at or before `through`, with revision at most `maxRevision`, in
    /// position order, passed in chunks of up to `chunk` to `visit` (one read transaction per
    /// chunk) until it returns `false`. Read from the `time` index alone.
    ///
    /// - Parameters:
    ///   - after: a position (occurrence ns, revision) to start after; `nil` from the first.
    ///   - through: the last occurrence time included (ns), `nil` for all.
    public func scanPositions(
        after: (occurredAt: Int64, revision: UInt64)?, through: Int64?, maxRevision: UInt64 = .max,
        chunk: Int = 4096, _ visit: ([(occurredAt: Int64, revision: UInt64)]) throws -> Bool
    ) throws {
        var start = after.map { LedgerKeys.time($0.occurredAt, $0.revision) }
        let end = LedgerKeys.time(through ?? .max, .max)
        while true {
            var found: [(occurredAt: Int64, revision: UInt64)] = []
            var last: [UInt8]?
            var done = false
            try environment.read { txn in
                try txn.withCursor(time) { c in
                    var entry = try start.map { try c.seek(atLeast: $0) } ?? c.first()
                    if let s = start, let en = entry, en.key.elementsEqual(s) { entry = try c.next() }
                    var seen = 0
                    while let en = entry, seen < chunk {
                        if end.lexicographicallyPrecedes(en.key) { break }
                        let r = ByteEncoding.readUInt64(en.key, at: 8)
                        if r <= maxRevision {
                            found.append((Int64(bitPattern: ByteEncoding.readUInt64(en.key, at: 0) ^ (1 << 63)), r))
                        }
                        last = Array(en.key)
                        seen += 1
                        entry = try c.next()
                    }
                    if seen < chunk { done = true }
                }
            }
            if !found.isEmpty, try !visit(found) { return }
            guard !done, let last else { return }
            start = last
        }
    }

    /// What the events at `revisions` did to which objects (``ObjectWrite``), in the order
    /// given, read from their headers in one read transaction.
    public func objectWrites(at revisions: [UInt64]) throws -> [ObjectWrite] {
        try environment.read { txn in
            try revisions.compactMap { r in
                try LedgerKeys.revision(r).withUnsafeBytes { k in
                    try txn.get(events, key: k).map { try RecordCodec.objectWrite($0) }
                }
            }
        }
    }

    /// The occurrence time (ns) of the event at each of `revisions`, in the order given (events
    /// that do not exist are left out), read from the headers in one read transaction.
    public func occurrenceTimes(at revisions: [UInt64]) throws -> [(revision: UInt64, occurredAt: Int64)] {
        try environment.read { txn in
            try revisions.compactMap { r in
                try LedgerKeys.revision(r).withUnsafeBytes { k in
                    guard let v = try txn.get(events, key: k), v.count >= RecordCodec.headerSize else { return nil }
                    return (r, Int64(bitPattern: ByteEncoding.readUInt64(v, at: 20)))
                }
            }
        }
    }
}
