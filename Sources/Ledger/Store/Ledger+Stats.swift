import LedgerLMDB

/// Sizes and counts of a store.
public struct LedgerStats: Sendable, Hashable {
    /// Events in the log.
    public var events: Int
    /// Distinct objects (object keys) ever seen.
    public var objects: Int
    /// Entries per database, by name.
    public var entries: [String: Int]
    /// Bytes of pages per database, by name.
    public var bytes: [String: Int]
    /// Size of `data.mdb` in use (last page × page size).
    public var usedBytes: Int
    /// The current memory map size.
    public var mapSize: Int
    /// Earliest and latest occurrence times.
    public var firstOccurredAt: Timestamp?
    public var lastOccurredAt: Timestamp?
    /// The chain head (hex) and revision.
    public var chainHead: String
    public var lastRevision: UInt64
    /// The store format.
    public var format: UInt32
    /// When the store was created (RFC 3339), if recorded.
    public var createdAt: String?
}

extension Ledger {
    /// Counts and sizes.
    public func stats() throws -> LedgerStats {
        let info = environment.info()
        return try environment.read { txn in
            var entries: [String: Int] = [:]
            var bytes: [String: Int] = [:]
            for db in [events, objects, time, ids, actors, uids, snapshots, checkpoints, caches, meta] {
                let s = try txn.stat(db)
                entries[db.name] = s.entries
                bytes[db.name] = s.bytes
            }
            var distinct = 0
            try txn.withCursor(objects) { c in
                var e = try c.first()
                while let en = e, en.key.count > 8 {
                    distinct += 1
                    e = try c.seek(atLeast: Array(en.key[0..<(en.key.count - 8)]) + [UInt8](repeating: 0xFF, count: 9))
                }
            }
            let (first, last): (Timestamp?, Timestamp?) = try txn.withCursor(time) { c in
                (
                    try c.first().map { Timestamp(nanoseconds: ByteEncoding.readInt64($0.key, at: 0)) },
                    try c.last().map { Timestamp(nanoseconds: ByteEncoding.readInt64($0.key, at: 0)) }
                )
            }
            let (rev, hash) = try chainHead(txn)
            let format =
                try txn.getBytes(meta, key: LedgerNames.formatKey).map { $0.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
                ?? 0
            let created = try txn.getBytes(meta, key: LedgerNames.createdAtKey).map {
                String(decoding: $0, as: UTF8.self)
            }
            return LedgerStats(
                events: entries[LedgerNames.events] ?? 0, objects: distinct, entries: entries, bytes: bytes,
                usedBytes: (info.lastPage + 1) * info.pageSize, mapSize: info.mapSize, firstOccurredAt: first,
                lastOccurredAt: last, chainHead: rev == 0 ? "" : Hex.encode(hash), lastRevision: rev, format: format,
                createdAt: created)
        }
    }
}
