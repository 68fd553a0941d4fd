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
    ///   ``LedgerError/keyTooLong(field:length:)``, ``LMDBError``.
    @discardableResult
    public func append(_ batch: [NewEvent], recordedAt: Timestamp? = nil) throws -> AppendResult {
        try validate(batch)
        // Precompute what does not depend on the store, outside the write lock.
        let prefixes = batch.map { $0.object.key.encoded }
        return try environment.write { txn in
            try appendInTransaction(txn, batch, prefixes: prefixes, recordedAt: recordedAt)
        }
    }

    private func validate(_ batch: [NewEvent]) throws(LedgerError) {
        for e in batch {
            for (field, value) in [("eventID", e.eventID), ("actor", e.actor), ("kind", e.object.kind), ("name", e.object.name), ("namespace", e.object.namespace), ("apiVersion", e.object.apiVersion), ("uid", e.object.uid)] {
                let n = value.utf8.count
                if n > LedgerKeys.maxKeyField { throw .keyTooLong(field: field, length: n) }
                if value.utf8.contains(0) { throw .invalidCharacter(field: field) }
            }
        }
    }

    private func appendInTransaction(
        _ txn: borrowing Transaction, _ batch: [NewEvent], prefixes: [[UInt8]], recordedAt fixedRecordedAt: Timestamp?
    ) throws -> AppendResult {
        var result = AppendResult()
        result.revisions.reserveCapacity(batch.count)
        var (revision, head) = try chainHead(txn)
        let recordedAt = (fixedRecordedAt ?? Timestamp.now()).nanoseconds
        var versions: [[UInt8]: (version: UInt64, verb: Verb)] = [:]

        for (i, given) in batch.enumerated() {
            var e = given
            if !e.eventID.isEmpty {
                let seen = try Array(e.eventID.utf8).withUnsafeBytes { k in try txn.get(ids, key: k) != nil }
                if seen {
                    result.skipped += 1
                    result.revisions.append(nil)
                    continue
                }
            }
            let prefix = prefixes[i]
            let current: (version: UInt64, verb: Verb)? = try versions[prefix] ?? currentVersion(txn, prefix: prefix)
            if e.infersVerb { e.verb = current.map { $0.verb == .delete } ?? true ? .create : .update }
            try check(e, current: current)

            revision += 1
            let version = (current?.version ?? 0) + 1
            let size = RecordCodec.encodedSize(e)
            let revKey = LedgerKeys.revision(revision)
            var newHead: [UInt8] = []
            _ = try head.withUnsafeBytes { prev in
                try revKey.withUnsafeBytes { k in
                    try txn.reserve(events, key: k, count: size, flags: .append) { out in
                        RecordCodec.encode(
                            e, assigned: .init(revision: revision, recordedAt: e.recordedAt?.nanoseconds ?? recordedAt, objectVersion: version, previousHash: prev),
                            into: out)
                        newHead = Array(RecordCodec.storedHash(UnsafeRawBufferPointer(out)))
                    }
                }
            }
            head = newHead
            try txn.put(objects, key: LedgerKeys.object(prefix, revision), value: LedgerKeys.objectValue(version: version, verb: e.verb))
            try txn.put(time, key: LedgerKeys.time(e.occurredAt.nanoseconds, revision), value: [])
            if !e.eventID.isEmpty { try txn.put(ids, key: Array(e.eventID.utf8), value: revKey) }
            if !e.actor.isEmpty { try txn.put(actors, key: LedgerKeys.actor(e.actor, revision), value: []) }
            if !e.object.uid.isEmpty { try txn.put(uids, key: LedgerKeys.uid(e.object.uid, revision), value: []) }
            versions[prefix] = (version, e.verb)

            result.appended += 1
            result.revisions.append(revision)
            if result.firstRevision == nil { result.firstRevision = revision }
            result.lastRevision = revision
        }
        if result.appended > 0 {
            var value = head
            ByteEncoding.appendUInt64(revision, to: &value)
            try txn.put(meta, key: LedgerNames.chainHeadKey, value: value)
        }
        return result
    }

    private func check(_ e: NewEvent, current: (version: UInt64, verb: Verb)?) throws(LedgerError) {
        let exists = current.map { $0.verb != .delete } ?? false
        switch e.expectation {
        case .any: return
        case .absent:
            if exists { throw .wrongExpectedVersion(object: e.object.key, expected: .absent, actual: current!.version, exists: true) }
        case .exact(let v):
            if (current?.version ?? 0) != v {
                throw .wrongExpectedVersion(object: e.object.key, expected: .exact(v), actual: current?.version ?? 0, exists: exists)
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

    /// The latest version of the object whose key bytes are `prefix`, and the verb of its last event.
    func currentVersion(_ txn: borrowing Transaction, prefix: [UInt8]) throws -> (version: UInt64, verb: Verb)? {
        try txn.withCursor(objects) { c in
            var probe = prefix
            probe.append(contentsOf: repeatElement(0xFF, count: 8))
            guard let e = try c.seek(atMost: probe), e.key.count == prefix.count + 8,
                e.key.starts(with: prefix), e.value.count == 9
            else { return nil }
            return (ByteEncoding.readUInt64(e.value, at: 0), Verb(rawValue: e.value[8]) ?? .update)
        }
    }
}
