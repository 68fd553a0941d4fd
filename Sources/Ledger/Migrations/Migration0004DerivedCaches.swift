public import LedgerLMDB

/// Format 4: derived caches get their own database, `caches` (name → revision u64 + bytes),
/// apart from the projection snapshots.
///
/// Until format 3 the per-workload rollout folds of `rollout history` were kept in `snapshots`
/// under names starting with `workload-rollouts-`, each with a `checkpoints` entry, beside the
/// projection snapshots. This step creates `caches` and moves every such entry there, keeping
/// only the latest revision of each name (its bytes unchanged), and deletes those names'
/// checkpoints. Projection snapshots and checkpoints are left as they are.
///
/// Never edit this step once released.
public struct Migration0004DerivedCaches: LedgerMigration {
    public init() {}

    public var identifier: String { "0004-derived-caches" }
    public var format: UInt32 { 4 }

    public func apply(_ txn: borrowing Transaction) throws {
        let snapshots = try txn.database(named: LedgerNames.snapshots, create: true)
        let checkpoints = try txn.database(named: LedgerNames.checkpoints, create: true)
        let caches = try txn.database(named: LedgerNames.caches, create: true)
        let prefix = Array(LedgerNames.workloadRolloutsPrefix.utf8)
        var latest: [[UInt8]: (revision: UInt64, bytes: [UInt8])] = [:]
        var snapshotKeys: [[UInt8]] = []
        try txn.withCursor(snapshots) { c in
            var e = try c.seek(atLeast: prefix)
            while let en = e, en.key.starts(with: prefix) {
                snapshotKeys.append(Array(en.key))
                // name 0 revision (u64): a name's keys ascend by revision, so the last one wins.
                // A key of another shape is derived data too: it leaves `snapshots`, unmoved.
                let n = en.key.count - 9
                if n >= prefix.count, en.key[n] == 0 {
                    latest[Array(en.key[..<n])] = (ByteEncoding.readUInt64(en.key, at: n + 1), Array(en.value))
                }
                e = try c.next()
            }
        }
        var checkpointKeys: [[UInt8]] = []
        try txn.withCursor(checkpoints) { c in
            var e = try c.seek(atLeast: prefix)
            while let en = e, en.key.starts(with: prefix) {
                checkpointKeys.append(Array(en.key))
                e = try c.next()
            }
        }
        for k in snapshotKeys { try txn.delete(snapshots, key: k) }
        for k in checkpointKeys { try txn.delete(checkpoints, key: k) }
        for (name, cache) in latest {
            try txn.put(caches, key: name, value: ByteEncoding.uint64(cache.revision) + cache.bytes)
        }
    }
}
