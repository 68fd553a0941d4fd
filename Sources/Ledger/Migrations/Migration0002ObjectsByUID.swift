public import LedgerLMDB

/// Format 2: adds the `uids` index (uid 0 revision → nothing), so the events of one object
/// generation (a pod's lifecycle) are an O(log n) seek instead of a scan of the log.
///
/// Builds the index for every event already in the log. Never edit this step once released.
public struct Migration0002ObjectsByUID: LedgerMigration {
    public init() {}

    public var identifier: String { "0002-objects-by-uid" }
    public var format: UInt32 { 2 }

    public func apply(_ txn: borrowing Transaction) throws {
        let events = try txn.database(named: LedgerNames.events, create: false)
        let uids = try txn.database(named: LedgerNames.uids, create: true)
        try txn.empty(uids)
        try txn.withCursor(events) { c in
            var entry = try c.first()
            while let en = entry {
                let r = en.key.count == 8 ? ByteEncoding.readUInt64(en.key, at: 0) : 0
                let e: RecordedEvent
                do throws(LedgerError) { e = try RecordCodec.decode(en.value, includeBody: false) } catch {
                    throw LedgerError.migrationFoundDamagedRecord(step: identifier, revision: r, cause: error)
                }
                if !e.object.uid.isEmpty {
                    try txn.put(uids, key: LedgerKeys.uid(e.object.uid, e.revision), value: [])
                }
                entry = try c.next()
            }
        }
    }
}
