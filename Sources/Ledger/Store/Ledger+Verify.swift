import LedgerLMDB

extension Ledger {
    /// Checks the whole store in one consistent read: every record decodes, revisions run 1, 2,
    /// 3 … without gap, each record's hash matches its bytes, each links to the previous hash,
    /// object versions count up per object, every index holds exactly the entries the log
    /// implies, and `meta`'s chain head is the last record's hash.
    ///
    /// Stops at the first problem and names its revision.
    ///
    /// A parallel pass checks a valid store (``verifyInParallel(_:progress:)``: hashes on every
    /// core, indexes walked in key order); when it finds anything wrong, the sequential pass
    /// (``verifySequentially(progress:)``) runs and names the first bad revision and the problem.
    public func verify(progress: ((UInt64) -> Void)? = nil) throws -> VerifyReport {
        if let report = try environment.read({ txn in try verifyInParallel(txn, progress: progress) }) {
            return report
        }
        return try verifySequentially(progress: progress)
    }

    /// ``verify(progress:)`` record by record in revision order, one index lookup per event and
    /// index, stopping at the first problem: what names it.
    func verifySequentially(progress: ((UInt64) -> Void)? = nil) throws -> VerifyReport {
        try environment.read { txn in
            var report = VerifyReport()
            var previous = [UInt8](repeating: 0, count: 32)
            var expected: UInt64 = 1
            var versions: [[UInt8]: UInt64] = [:]
            var withID = 0
            var withActor = 0
            var joinOwners = 0
            var withUID = 0
            var uidRuns = UIDRunTracker()
            func fail(_ r: UInt64, _ why: String) -> VerifyReport {
                var bad = report
                bad.firstBadRevision = r
                bad.problem = why
                return bad
            }
            let outcome: VerifyReport? = try txn.withCursor(events) { c in
                var entry = try c.first()
                while let en = entry {
                    let r = expected
                    guard en.key.count == 8 else { return fail(r, "log key of \(en.key.count) bytes, not 8") }
                    let key = ByteEncoding.readUInt64(en.key, at: 0)
                    if key != r {
                        return fail(
                            r,
                            key > r
                                ? "revision \(r) is missing from the log (next is \(key))"
                                : "log out of order at key \(key)")
                    }
                    guard en.value.count >= RecordCodec.headerSize + RecordCodec.hashSize else {
                        return fail(r, "record is truncated (\(en.value.count) bytes)")
                    }
                    if RecordCodec.revision(en.value) != r {
                        return fail(r, "record says revision \(RecordCodec.revision(en.value)), stored at \(r)")
                    }
                    if !RecordCodec.computeHash(en.value, pool: zstdContexts).elementsEqual(
                        RecordCodec.storedHash(en.value))
                    {
                        return fail(r, "record bytes do not match their hash (the record was altered)")
                    }
                    if !RecordCodec.previousHash(en.value).elementsEqual(previous) {
                        return fail(
                            r,
                            """
                            hash chain broken: the record does not link to revision \(r - 1) (a record was edited, \
                            dropped or reordered)
                            """
                        )
                    }
                    let e: RecordedEvent
                    do throws(LedgerError) { e = try RecordCodec.decode(en.value, includeBody: false) } catch {
                        var bad = fail(r, "record does not decode: \(error)")
                        bad.decodingError = error
                        return bad
                    }
                    let prefix = e.object.key.encoded
                    let version = (versions[prefix] ?? 0) + 1
                    if e.objectVersion != version {
                        return fail(r, "object version \(e.objectVersion) of \(e.object.key), expected \(version)")
                    }
                    versions[prefix] = version
                    // Index entries.
                    guard let ov = try txn.getBytes(objects, key: LedgerKeys.object(prefix, r)) else {
                        return fail(r, "objects index lacks this event")
                    }
                    if ov != LedgerKeys.objectValue(version: version, verb: e.verb) {
                        return fail(r, "objects index entry disagrees with the log")
                    }
                    if try txn.getBytes(time, key: LedgerKeys.time(e.occurredAt.nanoseconds, r)) == nil {
                        return fail(r, "time index lacks this event")
                    }
                    if !e.eventID.isEmpty {
                        withID += 1
                        guard let iv = try txn.getBytes(ids, key: Array(e.eventID.utf8)), iv == LedgerKeys.revision(r)
                        else {
                            return fail(r, "ids index does not map '\(e.eventID)' to this revision")
                        }
                    }
                    if e.joinsSameObjectVersion,
                        let jk = LedgerKeys.join(uid: e.object.uid, resourceVersion: e.resourceVersion)
                    {
                        guard let owner = try txn.getBytes(ids, key: jk), owner == LedgerKeys.revision(r) else {
                            return fail(
                                r,
                                "ids index lacks the join entry of \(e.object.uid)/\(e.resourceVersion) for this event")
                        }
                        joinOwners += 1
                    }
                    if !e.actor.isEmpty {
                        withActor += 1
                        if try txn.getBytes(actors, key: LedgerKeys.actor(e.actor, r)) == nil {
                            return fail(r, "actors index lacks this event")
                        }
                    }
                    if let problem = try checkUIDRunEntries(
                        txn, &uidRuns, e, prefix: prefix, revision: r, entries: &withUID)
                    {
                        return fail(r, problem)
                    }
                    previous = Array(RecordCodec.storedHash(en.value))
                    report.eventsChecked = r
                    if r % 65536 == 0 { progress?(r) }
                    expected += 1
                    entry = try c.next()
                }
                return nil
            }
            if let outcome { return outcome }
            let n = Int(report.eventsChecked)
            let after = report.eventsChecked + 1
            // Provenance amendments: each must amend a stored joining event without an actor.
            var amendments = 0
            var amendedIDs = 0
            var amendedActors = 0
            var badAmendment: VerifyReport?
            try txn.withCursor(ids) { c in
                var entry = try c.seek(atLeast: [0x02])
                while let en = entry, en.key.first == 0x02, en.key.count == 9 {
                    let target = ByteEncoding.readUInt64(en.key, at: 1)
                    let stored = try event(txn, at: target, includeBody: false, applyAmendment: false)
                    guard let stored, stored.joinsSameObjectVersion, stored.actor.isEmpty,
                        let a = ProvenanceAmendment(decoding: Array(en.value))
                    else {
                        badAmendment = fail(
                            target,
                            """
                            ids index holds a provenance amendment for revision \(target) that no joining event \
                            without actor can take
                            """
                        )
                        return
                    }
                    amendments += 1
                    if !a.eventID.isEmpty {
                        guard try txn.getBytes(ids, key: Array(a.eventID.utf8)) == LedgerKeys.revision(target) else {
                            badAmendment = fail(
                                target, "ids index does not map amendment id '\(a.eventID)' to revision \(target)")
                            return
                        }
                        amendedIDs += 1
                    }
                    if !a.actor.isEmpty {
                        guard try txn.getBytes(actors, key: LedgerKeys.actor(a.actor, target)) != nil else {
                            badAmendment = fail(target, "actors index lacks the amended actor of revision \(target)")
                            return
                        }
                        amendedActors += 1
                    }
                    entry = try c.next()
                }
            }
            if let badAmendment { return badAmendment }
            withID += joinOwners + amendments + amendedIDs
            withActor += amendedActors
            if try txn.stat(objects).entries != n {
                return fail(
                    after, "objects index has \(try txn.stat(objects).entries) entries for \(n) events (extra entries)")
            }
            if try txn.stat(time).entries != n {
                return fail(after, "time index has \(try txn.stat(time).entries) entries for \(n) events")
            }
            if try txn.stat(ids).entries != withID {
                return fail(after, "ids index has \(try txn.stat(ids).entries) entries for \(withID) events with ids")
            }
            if try txn.stat(actors).entries != withActor {
                return fail(
                    after,
                    "actors index has \(try txn.stat(actors).entries) entries for \(withActor) events with actors")
            }
            if try txn.stat(uids).entries != withUID {
                return fail(
                    after, "uids index has \(try txn.stat(uids).entries) entries for \(withUID) uid runs and ends")
            }
            let (headRevision, headHash) = try chainHead(txn)
            if headRevision != report.eventsChecked || headHash != previous {
                return fail(
                    min(headRevision, report.eventsChecked) + (headRevision == report.eventsChecked ? 0 : 1),
                    """
                    chain head in meta (revision \(headRevision)) does not match the log's last record (revision \
                    \(report.eventsChecked)): records were removed or the head was edited
                    """
                )
            }
            report.chainHead = n == 0 ? "" : Hex.encode(previous)
            return report
        }
    }
}

/// Lowercase hexadecimal.
public enum Hex {
    /// `bytes` as lowercase hex.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
