import LedgerLMDB

/// Derived caches (format 4): one entry per name in the `caches` database, apart from the
/// projection snapshots and checkpoints.
///
/// A cache holds data computed from the log, such as a workload's rollout fold
/// (`workload-rollouts-…`), so that a query need not redo the work. Caches are derived data:
/// nothing in the log, its indexes or `verify` depends on them, any of them may be dropped at any
/// time, and whoever reads one must check that it still fits (a version in its name, a count in
/// its bytes) and recompute it otherwise.
///
/// Key: the name's UTF-8. Value: the revision the cache was computed at (u64 big-endian) followed
/// by its bytes.
extension Ledger {
    /// The derived cache `name` whose revision is at or before `r` (each name keeps one entry).
    ///
    /// - Returns: the revision the cache was computed at and its bytes; `nil` when there is no
    ///   cache `name` or it was computed after `r`.
    /// - Throws: ``LMDBError``.
    public func cache(_ name: String, atOrBefore r: UInt64 = .max) throws -> (revision: UInt64, bytes: [UInt8])? {
        try environment.read { txn in
            guard let v = try txn.getBytes(caches, key: Array(name.utf8)), v.count >= 8 else { return nil }
            let revision = v.withUnsafeBytes { ByteEncoding.readUInt64($0, at: 0) }
            return revision <= r ? (revision, Array(v[8...])) : nil
        }
    }

    /// Replaces the derived cache `name` with `bytes` computed at `revision`.
    ///
    /// One write transaction. On a read-only store, or when the map is full, it throws and the
    /// store is unchanged: callers treat a cache they cannot store as one they do without.
    ///
    /// - Throws: ``LMDBError`` (also for a name longer than LMDB's key limit, 511 bytes).
    public func storeCache(_ name: String, revision: UInt64, bytes: [UInt8]) throws {
        var value = ByteEncoding.uint64(revision)
        value += bytes
        try environment.write { txn in _ = try txn.put(caches, key: Array(name.utf8), value: value) }
    }

    /// Removes every cache whose name starts with `prefix` (all with "").
    ///
    /// One write transaction; projection snapshots and checkpoints are not touched.
    ///
    /// - Throws: ``LMDBError``.
    public func dropCaches(prefix: String) throws {
        let start = Array(prefix.utf8)
        try environment.write { txn in
            guard !start.isEmpty else {
                try txn.empty(caches)
                return
            }
            var keys: [[UInt8]] = []
            try txn.withCursor(caches) { c in
                var e = try c.seek(atLeast: start)
                while let en = e, en.key.starts(with: start) {
                    keys.append(Array(en.key))
                    e = try c.next()
                }
            }
            for k in keys { try txn.delete(caches, key: k) }
        }
    }
}

/// Families of derived caches keyed by revision: one entry per event (such as the table row of
/// each pod version), under `family` 0x00 and the revision (u64 big-endian); the value is the
/// entry's bytes alone (the revision is in the key). The family's progress is the plain cache
/// `family` (``cache(_:atOrBefore:)``): the last revision whose entries were stored. Like every
/// cache they are derived data, dropped with ``dropCaches(prefix:)`` (and by repair) and
/// recomputed by their writer.
extension Ledger {
    static func cacheEntryKey(_ family: [UInt8], _ revision: UInt64) -> [UInt8] {
        var k = family
        k.append(0)
        ByteEncoding.appendUInt64(revision, to: &k)
        return k
    }

    /// The entries of cache family `family` stored for `revisions`, in their order (`nil` where
    /// there is none), read in one transaction.
    ///
    /// - Throws: ``LMDBError``.
    public func cacheEntries(_ family: String, revisions: [UInt64]) throws -> [[UInt8]?] {
        let prefix = Array(family.utf8)
        return try environment.read { txn in
            var key = Self.cacheEntryKey(prefix, 0)
            var out: [[UInt8]?] = []
            out.reserveCapacity(revisions.count)
            for r in revisions {
                key.removeLast(8)
                ByteEncoding.appendUInt64(r, to: &key)
                out.append(try key.withUnsafeBytes { k in try txn.get(caches, key: k).map { Array($0) } })
            }
            return out
        }
    }

    /// Stores `entries` of cache family `family` and moves the family's progress to `through`, in
    /// one write transaction (so the progress never claims entries that are not stored).
    ///
    /// - Throws: ``LMDBError`` (on a read-only store, or a full map; the store is then unchanged).
    public func storeCacheEntries(_ family: String, _ entries: [(revision: UInt64, bytes: [UInt8])], through: UInt64)
        throws
    {
        let prefix = Array(family.utf8)
        try environment.write { txn in
            for e in entries {
                _ = try txn.put(caches, key: Self.cacheEntryKey(prefix, e.revision), value: e.bytes)
            }
            _ = try txn.put(caches, key: prefix, value: ByteEncoding.uint64(through))
        }
    }
}
