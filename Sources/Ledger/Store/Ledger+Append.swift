import LedgerLMDB

extension Ledger {
    /// Appends `batch` in one write transaction: all events are stored, or none.
    ///
    /// - An event whose ``NewEvent/eventID`` is already stored (or earlier in the batch) is
    ///   skipped and counted in ``AppendResult/skipped``.
    /// - Revisions are assigned in order, gap-free, after the current last revision.
    /// - Expected-version conditions are checked against the state including earlier events of
    ///   the same batch; one failure rejects the whole batch.
    ///
    /// - Throws: ``LedgerError/wrongExpectedVersion(object:expected:actual:exists:)``,
    /// - `cursors` (name → value) are stored in the same transaction as the events (see
    ///   ``cursors()``): a recorder's last resourceVersion per resource, so that a crash at any
    ///   instant leaves events and cursor consistent. A batch with only cursors is a valid write.
    ///
    /// - Throws: ``LedgerError/wrongExpectedVersion(object:expected:actual:exists:)``,
    ///   ``LedgerError/keyTooLong(field:length:)``, ``LMDBError``.
    @discardableResult
    public func append(
        _ batch: [NewEvent], recordedAt: Timestamp? = nil, cursors: [String: String] = [:]
    ) throws -> AppendResult {
        try validate(batch)
        // Precompute what does not depend on the store, outside the write lock.
        let prefixes = batch.map { $0.object.key.encoded }
        // Bodies are compressed here too, so the write lock is held only for the B-tree writes.
        let frames =
            compressesBodies ? BodyCompressor.frames(for: batch.map(\.body)) : Array(repeating: nil, count: batch.count)
        // Grow the map once, up front, rather than fill it mid-batch and redo the whole batch.
        // Estimate: the records, their index entries, and B-tree page slack.
        var estimate = 0
        for (i, e) in batch.enumerated() {
            estimate +=
                RecordCodec.encodedSize(e, storedBodyCount: frames[i]?.count) + prefixes[i].count + e.eventID.utf8.count
                + e.actor.utf8.count + 64
        }
        try environment.reserveMapSpace(estimate + estimate / 2 + (1 << 20))
        return try environment.write { txn in
            let result = try appendInTransaction(txn, batch, prefixes: prefixes, frames: frames, recordedAt: recordedAt)
            for (name, value) in cursors {
                try txn.put(meta, key: LedgerNames.cursorKey(name), value: Array(value.utf8))
            }
            return result
        }
    }

    private func validate(_ batch: [NewEvent]) throws(LedgerError) {
        @inline(__always)
        func field(_ value: String, _ name: @autoclosure () -> String) throws(LedgerError) {
            var v = value
            // On the contiguous UTF-8 bytes: String.UTF8View.contains walks an iterator.
            let (n, hasNul) = v.withUTF8 { u in (u.count, u.contains(0)) }
            if n > LedgerKeys.maxKeyField { throw .keyTooLong(field: name(), length: n) }
            if hasNul { throw .invalidCharacter(field: name()) }
        }
        // Field by field, in the order the checks have always run (no per-event array).
        for e in batch {
            if let first = e.eventID.utf8.first, first < 0x20 { throw .invalidCharacter(field: "eventID") }
            try field(e.eventID, "eventID")
            try field(e.actor, "actor")
            try field(e.object.kind, "kind")
            try field(e.object.name, "name")
            try field(e.object.namespace, "namespace")
            try field(e.object.apiVersion, "apiVersion")
            try field(e.object.uid, "uid")
        }
    }

    private func appendInTransaction(
        _ txn: borrowing Transaction, _ batch: [NewEvent], prefixes: [[UInt8]], frames: [[UInt8]?],
        recordedAt fixedRecordedAt: Timestamp?
    ) throws -> AppendResult {
        var result = AppendResult()
        result.revisions.reserveCapacity(batch.count)
        var (revision, head) = try chainHead(txn)
        var clock = try occurrenceClock(txn)
        var earliestLate: Int64?
        let recordedAt = (fixedRecordedAt ?? Timestamp.now()).nanoseconds
        // One reusable buffer for the variable-length index keys, instead of arrays per event.
        var key: [UInt8] = []
        key.reserveCapacity(2 * LedgerKeys.maxKeyField + 64)
        // The uid of an object's previous event (format 5 `uids` runs), copied out of the map.
        var previousUID: [UInt8] = []
        previousUID.reserveCapacity(LedgerKeys.maxKeyField)
        // The greatest `time` key: a new key above it is written with MDB_APPEND (occurrence
        // times mostly rise), which skips the search and fills pages instead of splitting them.
        var lastTime = try lastTimeKey(txn)

        // One cursor on `objects` for the whole batch: it finds each object's current version and
        // writes its new entry. The transaction sees its own writes, so an object that appears
        // twice in the batch finds its earlier event here.
        try txn.withCursor(objects) { objectsCursor in
            for (i, given) in batch.enumerated() {
                var e = given
                // ids: event id → revision. An event that cannot join is stored under the next
                // revision here, with one search that is also the duplicate check (an error later
                // in the batch aborts the transaction, this entry with it).
                let idStoredEarly = !e.eventID.isEmpty && !e.joinsSameObjectVersion
                if !e.eventID.isEmpty {
                    var id = e.eventID
                    let seen = try id.withUTF8 { u in
                        if idStoredEarly {
                            return try withUnsafeBytes(of: (revision + 1).bigEndian) { r in
                                try !txn.put(ids, key: UnsafeRawBufferPointer(u), value: r, flags: .noOverwrite)
                            }
                        }
                        return try txn.get(ids, key: UnsafeRawBufferPointer(u)) != nil
                    }
                    if seen {
                        result.skipped += 1
                        result.revisions.append(nil)
                        continue
                    }
                }
                if e.joinsSameObjectVersion,
                    let joinKey = LedgerKeys.join(uid: e.object.uid, resourceVersion: e.resourceVersion),
                    let target = try txn.getBytes(ids, key: joinKey)
                {
                    let amended = target.withUnsafeBytes { ByteEncoding.readUInt64($0, at: 0) }
                    if try amend(txn, revision: amended, with: e) {
                        result.firstAmendedRevision = min(result.firstAmendedRevision ?? amended, amended)
                    }
                    result.joined += 1
                    result.revisions.append(nil)
                    continue
                }
                let prefix = prefixes[i]
                let current = try currentVersion(objectsCursor, prefix: prefix, probe: &key)
                if e.infersVerb { e.verb = current.map { $0.verb == .delete } ?? true ? .create : .update }
                try check(e, current: current.map { ($0.version, $0.verb) })

                revision += 1
                let occurred = e.occurredAt.nanoseconds
                if clock.isLate(occurred) { earliestLate = min(earliestLate ?? occurred, occurred) }
                let objectLate =
                    current != nil && clock.isLate(occurred) && clock.firstObjectLateRevision == nil
                    ? try isObjectLate(txn, objectsCursor, prefix: prefix, occurredAt: occurred) : false
                clock.advance(revision: revision, occurredAt: occurred, objectLate: objectLate)
                let version = (current?.version ?? 0) + 1
                let frame = frames[i]
                let size = RecordCodec.encodedSize(e, storedBodyCount: frame?.count)
                var newHash: UnsafeRawPointer?
                try withUnsafeBytes(of: revision.bigEndian) { revKey in
                    _ = try head.withUnsafeBytes { prev in
                        try txn.reserve(events, key: revKey, count: size, flags: .append) { out in
                            RecordCodec.encode(
                                e,
                                assigned: .init(
                                    revision: revision, recordedAt: e.recordedAt?.nanoseconds ?? recordedAt,
                                    objectVersion: version, previousHash: prev),
                                compressedBody: frame, into: out)
                            newHash = UnsafeRawPointer(RecordCodec.storedHash(UnsafeRawBufferPointer(out)).baseAddress)
                        }
                    }
                    // The new head: the record's hash, copied out of the map before the next record.
                    head.withUnsafeMutableBytes {
                        $0.copyMemory(from: UnsafeRawBufferPointer(start: newHash, count: RecordCodec.hashSize))
                    }

                    // objects: prefix + revision → version + verb.
                    key.removeAll(keepingCapacity: true)
                    key.append(contentsOf: prefix)
                    ByteEncoding.appendUInt64(revision, to: &key)
                    var value = (version.bigEndian, e.verb.rawValue)
                    try key.withUnsafeBytes { k in
                        try withUnsafeBytes(of: &value) { v in
                            try objectsCursor.put(key: k, value: UnsafeRawBufferPointer(rebasing: v[0..<9]))
                        }
                    }
                    // time: occurredAt (sign-flipped) + revision → empty.
                    let at = (UInt64(bitPattern: e.occurredAt.nanoseconds) ^ (1 << 63), revision)
                    let timeFlags: PutFlags = (lastTime.map { at > $0 } ?? true) ? .append : []
                    if timeFlags == .append { lastTime = at }
                    var timeKey = (at.0.bigEndian, at.1.bigEndian)
                    _ = try withUnsafeBytes(of: &timeKey) { k in
                        try txn.put(time, key: k, value: UnsafeRawBufferPointer(start: nil, count: 0), flags: timeFlags)
                    }
                    // ids: event id → revision (joining events; the others are stored above).
                    if !e.eventID.isEmpty && !idStoredEarly {
                        var id = e.eventID
                        _ = try id.withUTF8 { u in try txn.put(ids, key: UnsafeRawBufferPointer(u), value: revKey) }
                    }
                    // actors: actor + 0 + revision → empty.
                    if !e.actor.isEmpty {
                        key.removeAll(keepingCapacity: true)
                        key.append(contentsOf: e.actor.utf8)
                        key.append(0)
                        ByteEncoding.appendUInt64(revision, to: &key)
                        _ = try key.withUnsafeBytes { k in
                            try txn.put(actors, key: k, value: UnsafeRawBufferPointer(start: nil, count: 0))
                        }
                    }
                    // uids (format 5): where a run of one uid on this object begins or ends (UIDRuns).
                    try putUIDRunEntries(
                        txn, e.object.uid, prefix: prefix, revision: revision, current: current,
                        previousUID: &previousUID, key: &key)
                    // ids: the join entry of an object version, for events that join.
                    if e.joinsSameObjectVersion,
                        let joinKey = LedgerKeys.join(uid: e.object.uid, resourceVersion: e.resourceVersion)
                    {
                        try txn.put(ids, key: joinKey, value: Array(revKey))
                    }
                }

                result.appended += 1
                result.revisions.append(revision)
                if result.firstRevision == nil { result.firstRevision = revision }
                result.lastRevision = revision
            }
        }
        if result.appended > 0 {
            var value = head
            ByteEncoding.appendUInt64(revision, to: &value)
            try txn.put(meta, key: LedgerNames.chainHeadKey, value: value)
            try storeOccurrenceClock(txn, clock)
            if let earliestLate { try dropOccurrenceSnapshots(txn, from: earliestLate) }
        }
        return result
    }

    /// Attaches `e`'s provenance to the stored event at `target` when that event has no actor
    /// (and no amendment yet) and `e` has one.
    /// Returns whether an amendment was written.
    @discardableResult
    private func amend(_ txn: borrowing Transaction, revision target: UInt64, with e: NewEvent) throws -> Bool {
        guard !e.actor.isEmpty, try txn.getBytes(ids, key: LedgerKeys.amendment(target)) == nil,
            let stored = try event(txn, at: target, includeBody: false, applyAmendment: false), stored.actor.isEmpty
        else { return false }
        let amendment = ProvenanceAmendment(provenance: e.provenance, eventID: e.eventID, source: e.source)
        try txn.put(ids, key: LedgerKeys.amendment(target), value: amendment.encoded())
        let count =
            try txn.getBytes(meta, key: LedgerNames.amendmentsKey).map {
                $0.count == 8 ? $0.withUnsafeBytes { ByteEncoding.readUInt64($0, at: 0) } : 0
            } ?? 0
        try txn.put(meta, key: LedgerNames.amendmentsKey, value: ByteEncoding.uint64(count + 1))
        try txn.put(actors, key: LedgerKeys.actor(e.actor, target), value: [])
        if !e.eventID.isEmpty { try txn.put(ids, key: Array(e.eventID.utf8), value: LedgerKeys.revision(target)) }
        return true
    }

    private func check(_ e: NewEvent, current: (version: UInt64, verb: Verb)?) throws(LedgerError) {
        let exists = current.map { $0.verb != .delete } ?? false
        switch e.expectation {
        case .any: return
        case .absent:
            if exists {
                throw .wrongExpectedVersion(
                    object: e.object.key, expected: .absent, actual: current!.version, exists: true)
            }
        case .exact(let v):
            if (current?.version ?? 0) != v {
                throw .wrongExpectedVersion(
                    object: e.object.key, expected: .exact(v), actual: current?.version ?? 0, exists: exists)
            }
        }
    }

    /// The last revision and hash of the chain (0 and 32 zero bytes for an empty log).
    func chainHead(_ txn: borrowing Transaction) throws -> (UInt64, [UInt8]) {
        if let v = try txn.getBytes(meta, key: LedgerNames.chainHeadKey), v.count == 40 {
            let r = v.withUnsafeBytes { ByteEncoding.readUInt64($0, at: 32) }
            return (r, Array(v[0..<32]))
        }
        return (0, [UInt8](repeating: 0, count: 32))
    }

    /// The latest version of the object whose key bytes are `prefix`, and the revision and verb of
    /// its last event.
    func currentVersion(
        _ txn: borrowing Transaction, prefix: [UInt8]
    ) throws -> (version: UInt64, verb: Verb, revision: UInt64)? {
        var probe: [UInt8] = []
        return try txn.withCursor(objects) { c in try currentVersion(c, prefix: prefix, probe: &probe) }
    }

    /// ``currentVersion(_:prefix:)`` on an open cursor, building the seek key in `probe`.
    func currentVersion(
        _ c: borrowing Cursor, prefix: [UInt8], probe: inout [UInt8]
    ) throws -> (version: UInt64, verb: Verb, revision: UInt64)? {
        probe.removeAll(keepingCapacity: true)
        probe.append(contentsOf: prefix)
        probe.append(contentsOf: repeatElement(0xFF, count: 8))
        // The last entry ≤ prefix + FF…FF: no revision is FF…FF, so it is the one before the
        // first entry ≥ the probe (or the last entry when there is none).
        let entry = try probe.withUnsafeBytes { k in
            if let e = try c.seek(atLeast: k) {
                return e.key.elementsEqual(k) ? e : try c.previous()
            }
            return try c.last()
        }
        guard let e = entry, e.key.count == prefix.count + 8, e.key.starts(with: prefix), e.value.count == 9 else {
            return nil
        }
        return (
            ByteEncoding.readUInt64(e.value, at: 0), Verb(rawValue: e.value[8]) ?? .update,
            ByteEncoding.readUInt64(e.key, at: prefix.count)
        )
    }

    /// Writes the `uids` entries (``UIDRuns``) of the event at `revision` with `uid` of the object
    /// `prefix`, whose previous event is `current`. Reads the previous event's uid from its record
    /// only when that event was not a delete.
    private func putUIDRunEntries(
        _ txn: borrowing Transaction, _ uid: String, prefix: [UInt8], revision: UInt64,
        current: (version: UInt64, verb: Verb, revision: UInt64)?, previousUID: inout [UInt8], key: inout [UInt8]
    ) throws {
        var uid = uid
        try uid.withUTF8 { u in
            let (starts, ends) = try UIDRuns.step(
                uid: u, previousDeleted: current.map { $0.verb == .delete }
            ) { () throws -> [UInt8] in
                previousUID.removeAll(keepingCapacity: true)
                let r = current!.revision
                try withUnsafeBytes(of: r.bigEndian) { k in
                    guard let record = try txn.get(events, key: k) else {
                        throw LedgerError.corruptRecord(revision: r, reason: "the objects index names a missing event")
                    }
                    guard let range = RecordCodec.uidRange(record) else {
                        throw LedgerError.corruptRecord(revision: r, reason: "truncated header")
                    }
                    previousUID.append(contentsOf: UnsafeRawBufferPointer(rebasing: record[range]))
                }
                return previousUID
            }
            let empty = UnsafeRawBufferPointer(start: nil, count: 0)
            if ends {
                key.removeAll(keepingCapacity: true)
                key.append(contentsOf: previousUID)
                key.append(0)
                ByteEncoding.appendUInt64(revision, to: &key)
                _ = try key.withUnsafeBytes { k in try txn.put(uids, key: k, value: empty) }
            }
            if starts {
                key.removeAll(keepingCapacity: true)
                key.append(contentsOf: u)
                key.append(0)
                ByteEncoding.appendUInt64(revision, to: &key)
                _ = try key.withUnsafeBytes { k in
                    try prefix.withUnsafeBytes { v in try txn.put(uids, key: k, value: v) }
                }
            }
        }
    }

    /// The greatest `time` key as (sign-flipped occurrence, revision), `nil` for an empty index.
    private func lastTimeKey(_ txn: borrowing Transaction) throws -> (UInt64, UInt64)? {
        try txn.withCursor(time) { c in
            guard let e = try c.last(), e.key.count == 16 else { return nil }
            return (ByteEncoding.readUInt64(e.key, at: 0), ByteEncoding.readUInt64(e.key, at: 8))
        }
    }
}
