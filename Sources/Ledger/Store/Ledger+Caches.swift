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
