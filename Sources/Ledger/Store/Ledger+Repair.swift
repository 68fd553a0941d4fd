import LedgerLMDB

/// What ``Ledger/repairIndexes()`` rebuilt.
public struct RepairReport: Sendable, Hashable {
    /// Events in the log, every one checked and re-indexed.
    public var events: UInt64 = 0
    /// Entries written per rebuilt index, by database name.
    public var entries: [String: Int] = [:]
    /// Projection snapshots dropped (projections rebuild them from the log when next queried).
    public var droppedSnapshots = 0
    /// Projection checkpoints dropped.
    public var droppedCheckpoints = 0
    /// Derived caches dropped (computed through the indexes being rebuilt; recomputed on demand).
    public var droppedCaches = 0
    /// The chain head (hex), empty for an empty log.
    public var chainHead = ""
}

extension Ledger {
    /// Rebuilds every index (`objects`, `time`, `ids`, `actors`, `uids`) from the log and drops
    /// projection state (`snapshots`, `checkpoints`) and derived caches (`caches`), in one write
    /// transaction, when the log itself is intact.
    ///
    /// The log is intact when its revisions run 1, 2, 3 … without gap, every record matches its
    /// hash and links to the previous one, every record decodes, and `meta`'s chain head is the last
    /// record. Otherwise nothing is changed: a damaged log cannot be repaired from itself.
    ///
    /// - Throws: ``LedgerError/logDamaged(revision:reason:)`` naming the first bad revision;
    ///   ``LMDBError``.
    public func repairIndexes() throws -> RepairReport {
        try environment.write { txn in
            var report = RepairReport()
            report.droppedSnapshots = try txn.stat(snapshots).entries
            report.droppedCheckpoints = try txn.stat(checkpoints).entries
            report.droppedCaches = try txn.stat(caches).entries
            // Provenance amendments (ids entries 0x02 + revision) cannot be rebuilt from the log:
            // keep them aside and put back those that still fit a joining event without actor.
            var amendments: [(UInt64, [UInt8])] = []
            try txn.withCursor(ids) { c in
                var entry = try c.seek(atLeast: [0x02])
                while let en = entry, en.key.first == 0x02, en.key.count == 9 {
                    amendments.append((ByteEncoding.readUInt64(en.key, at: 1), Array(en.value)))
                    entry = try c.next()
                }
            }
            for db in [objects, time, ids, actors, uids, snapshots, checkpoints, caches] { try txn.empty(db) }
            var counts = [
                LedgerNames.objects: 0, LedgerNames.time: 0, LedgerNames.ids: 0, LedgerNames.actors: 0,
                LedgerNames.uids: 0,
            ]
            var previous = [UInt8](repeating: 0, count: 32)
            var expected: UInt64 = 1
            var runs = UIDRunTracker()
            try txn.withCursor(events) { c in
                var entry = try c.first()
                while let en = entry {
                    let r = expected
                    func damaged(_ why: String) -> LedgerError { .logDamaged(revision: r, reason: why) }
                    guard en.key.count == 8 else { throw damaged("log key of \(en.key.count) bytes") }
                    let key = ByteEncoding.readUInt64(en.key, at: 0)
                    guard key == r else { throw damaged(key > r ? "revision \(r) is missing" : "log out of order") }
                    guard en.value.count >= RecordCodec.headerSize + RecordCodec.hashSize,
                        RecordCodec.revision(en.value) == r
                    else {
                        throw damaged("record is truncated or stored under the wrong revision")
                    }
                    guard
                        RecordCodec.computeHash(en.value, pool: zstdContexts).elementsEqual(
                            RecordCodec.storedHash(en.value))
                    else {
                        throw damaged("record bytes do not match their hash")
                    }
                    guard RecordCodec.previousHash(en.value).elementsEqual(previous) else {
                        throw damaged("hash chain broken")
                    }
                    let e: RecordedEvent
                    do { e = try RecordCodec.decode(en.value, includeBody: false) } catch {
                        throw damaged("record does not decode")
                    }
                    let prefix = e.object.key.encoded
                    try txn.put(
                        objects, key: LedgerKeys.object(prefix, r),
                        value: LedgerKeys.objectValue(version: e.objectVersion, verb: e.verb))
                    try txn.put(time, key: LedgerKeys.time(e.occurredAt.nanoseconds, r), value: [])
                    counts[LedgerNames.objects]! += 1
                    counts[LedgerNames.time]! += 1
                    if !e.eventID.isEmpty {
                        try txn.put(ids, key: Array(e.eventID.utf8), value: LedgerKeys.revision(r))
                        counts[LedgerNames.ids]! += 1
                    }
                    if !e.actor.isEmpty {
                        try txn.put(actors, key: LedgerKeys.actor(e.actor, r), value: [])
                        counts[LedgerNames.actors]! += 1
                    }
                    if e.joinsSameObjectVersion,
                        let jk = LedgerKeys.join(uid: e.object.uid, resourceVersion: e.resourceVersion)
                    {
                        if try txn.put(ids, key: jk, value: LedgerKeys.revision(r), flags: .noOverwrite) {
                            counts[LedgerNames.ids]! += 1
                        }
                    }
                    for (k, v) in runs.entries(prefix: prefix, uid: e.object.uid, verb: e.verb, revision: r) {
                        try txn.put(uids, key: k, value: v)
                        counts[LedgerNames.uids]! += 1
                    }
                    previous = Array(RecordCodec.storedHash(en.value))
                    report.events = r
                    expected += 1
                    entry = try c.next()
                }
            }
            for (target, value) in amendments {
                guard let stored = try event(txn, at: target, includeBody: false, applyAmendment: false),
                    stored.joinsSameObjectVersion, stored.actor.isEmpty, let a = ProvenanceAmendment(decoding: value)
                else { continue }
                try txn.put(ids, key: LedgerKeys.amendment(target), value: value)
                counts[LedgerNames.ids]! += 1
                if !a.eventID.isEmpty,
                    try txn.put(
                        ids, key: Array(a.eventID.utf8), value: LedgerKeys.revision(target), flags: .noOverwrite)
                {
                    counts[LedgerNames.ids]! += 1
                }
                if !a.actor.isEmpty {
                    try txn.put(actors, key: LedgerKeys.actor(a.actor, target), value: [])
                    counts[LedgerNames.actors]! += 1
                }
            }
            let (headRevision, headHash) = try chainHead(txn)
            if headRevision != report.events || headHash != previous {
                throw LedgerError.logDamaged(
                    revision: min(headRevision, report.events) + 1,
                    reason:
                        """
                        the chain head in meta (revision \(headRevision)) is not the log's last record (revision \
                        \(report.events)): records were removed
                        """
                )
            }
            report.entries = counts
            report.chainHead = report.events == 0 ? "" : Hex.encode(previous)
            return report
        }
    }
}
