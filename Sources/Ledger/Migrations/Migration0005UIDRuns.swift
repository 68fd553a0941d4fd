public import LedgerLMDB

/// Format 5: the `uids` index holds one entry where a run of one uid on one object begins (value:
/// the object's key bytes) and one where such a run ends without a delete (empty value), instead
/// of one entry per event (``UIDRuns``). A pod's lifecycle then costs one random insert in `uids`
/// instead of one per event, which was about a third of the index pages an append wrote.
///
/// Rebuilds `uids` from the log in one pass (the last uid and verb of every object in memory);
/// the log, the chain and every other index are untouched. Never edit this step once released.
public struct Migration0005UIDRuns: LedgerMigration {
    public init() {}

    public var identifier: String { "0005-uid-runs" }
    public var format: UInt32 { 5 }

    public func apply(_ txn: borrowing Transaction) throws {
        let events = try txn.database(named: LedgerNames.events, create: false)
        let uids = try txn.database(named: LedgerNames.uids, create: true)
        try txn.empty(uids)
        var runs = UIDRunTracker()
        try txn.withCursor(events) { c in
            var entry = try c.first()
            while let en = entry {
                let r = en.key.count == 8 ? ByteEncoding.readUInt64(en.key, at: 0) : 0
                let e: RecordedEvent
                do throws(LedgerError) { e = try RecordCodec.decode(en.value, includeBody: false) } catch {
                    throw LedgerError.migrationFoundDamagedRecord(step: identifier, revision: r, cause: error)
                }
                for (key, value) in runs.entries(
                    prefix: e.object.key.encoded, uid: e.object.uid, verb: e.verb, revision: e.revision)
                {
                    try txn.put(uids, key: key, value: value)
                }
                entry = try c.next()
            }
        }
    }
}
