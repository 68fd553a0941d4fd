import Foundation
import Glibc
import Ledger
import LedgerCSQLite

/// The "just put it in SQLite" baseline (issue 5): WAL mode, an `events` table with the header
/// columns and the object as a BLOB, the Ledger's indexes (object key + revision, time, event id
/// UNIQUE, actor), one transaction per batch. Like the Ledger it assigns gap-free revisions and a
/// per-object version (one indexed lookup per event), and skips an event whose id is stored.
/// It has no hash chain.
final class SQLiteStore {
    let db: OpaquePointer
    let path: String
    private var insert: OpaquePointer!
    private var lastOfObject: OpaquePointer!
    private var revision: Int64 = 0
    private(set) var skipped = 0

    /// - Parameter synchronous: `FULL` (durable at each commit, like LMDB) or `NORMAL`.
    init(path: String, synchronous: String) throws {
        self.path = path
        var h: OpaquePointer?
        guard
            sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
                == SQLITE_OK, let h
        else {
            throw BenchError("sqlite3_open_v2 \(path) failed")
        }
        db = h
        try exec("PRAGMA journal_mode=WAL")
        try exec("PRAGMA synchronous=\(synchronous)")
        try exec("PRAGMA cache_size=-65536")  // 64 MiB page cache
        try exec(
            """
            CREATE TABLE IF NOT EXISTS events(
              revision INTEGER PRIMARY KEY, verb INTEGER NOT NULL, source INTEGER NOT NULL,
              recorded_at INTEGER NOT NULL, occurred_at INTEGER NOT NULL, object_version INTEGER NOT NULL,
              api_version TEXT NOT NULL, group_kind TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
              uid TEXT NOT NULL, subresource TEXT NOT NULL, resource_version TEXT NOT NULL, actor TEXT NOT NULL,
              user_agent TEXT NOT NULL, source_ip TEXT NOT NULL, event_id TEXT, object BLOB);
            CREATE INDEX IF NOT EXISTS events_object ON events(group_kind, namespace, name, revision);
            CREATE INDEX IF NOT EXISTS events_time ON events(occurred_at, revision);
            CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events(event_id);
            CREATE INDEX IF NOT EXISTS events_actor ON events(actor, revision);
            """)
        insert = try prepare(
            "INSERT OR IGNORE INTO events VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)")
        lastOfObject = try prepare(
            """
            SELECT object_version, verb FROM events WHERE group_kind=?1 AND namespace=?2 AND name=?3 ORDER BY revision \
            DESC LIMIT 1
            """
        )
    }

    deinit {
        sqlite3_finalize(insert)
        sqlite3_finalize(lastOfObject)
        sqlite3_close_v2(db)
    }

    func exec(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(db, sql, nil, nil, &err) != SQLITE_OK {
            let m = err.map { String(cString: $0) } ?? "?"
            sqlite3_free(err)
            throw BenchError("sqlite: \(m) in \(sql)")
        }
    }

    func prepare(_ sql: String) throws -> OpaquePointer {
        var s: OpaquePointer?
        guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &s, nil) == SQLITE_OK, let s else {
            throw BenchError("sqlite prepare: \(String(cString: sqlite3_errmsg(db))) in \(sql)")
        }
        return s
    }

    @inline(__always)
    func bind(_ s: OpaquePointer, _ i: Int32, _ text: String) {
        var t = text
        t.withUTF8 { u in
            UnsafeRawBufferPointer(u).withMemoryRebound(to: CChar.self) { c in
                _ = sqlite3_bind_text(
                    s, i, c.baseAddress ?? UnsafePointer(bitPattern: 1), Int32(c.count), SQLITE_TRANSIENT_PTR)
            }
        }
    }

    /// Appends `batch` in one transaction.
    func append(_ batch: [NewEvent]) throws {
        try exec("BEGIN IMMEDIATE")
        let recordedAt = Timestamp.now().nanoseconds
        for e in batch {
            let gk = e.object.key.groupKind
            // Current version of the object (as the Ledger does).
            bind(lastOfObject, 1, gk)
            bind(lastOfObject, 2, e.object.namespace)
            bind(lastOfObject, 3, e.object.name)
            var version: Int64 = 1
            if sqlite3_step(lastOfObject) == SQLITE_ROW { version = sqlite3_column_int64(lastOfObject, 0) + 1 }
            sqlite3_reset(lastOfObject)

            let s = insert!
            sqlite3_bind_int64(s, 1, revision + 1)
            sqlite3_bind_int64(s, 2, Int64(e.verb.rawValue))
            sqlite3_bind_int64(s, 3, Int64(e.source.rawValue))
            sqlite3_bind_int64(s, 4, recordedAt)
            sqlite3_bind_int64(s, 5, e.occurredAt.nanoseconds)
            sqlite3_bind_int64(s, 6, version)
            bind(s, 7, e.object.apiVersion)
            bind(s, 8, gk)
            bind(s, 9, e.object.namespace)
            bind(s, 10, e.object.name)
            bind(s, 11, e.object.uid)
            bind(s, 12, e.subresource)
            bind(s, 13, e.resourceVersion)
            bind(s, 14, e.actor)
            bind(s, 15, e.userAgent)
            bind(s, 16, e.sourceIP)
            if e.eventID.isEmpty { sqlite3_bind_null(s, 17) } else { bind(s, 17, e.eventID) }
            let rc: Int32 = e.body!.withUnsafeBytes { b in
                sqlite3_bind_blob(s, 18, b.baseAddress, Int32(b.count), nil)
                return sqlite3_step(s)
            }
            sqlite3_reset(s)
            guard rc == SQLITE_DONE else {
                try? exec("ROLLBACK")
                throw BenchError("sqlite insert: \(String(cString: sqlite3_errmsg(db)))")
            }
            if sqlite3_changes(db) == 1 { revision += 1 } else { skipped += 1 }
        }
        try exec("COMMIT")
    }

    /// Bytes on disk after a full checkpoint (database file plus what is left of the WAL).
    func bytesOnDisk() throws -> Int {
        try exec("PRAGMA wal_checkpoint(TRUNCATE)")
        return fileSize(path) + fileSize(path + "-wal")
    }
}

/// SQLITE_TRANSIENT, which Swift does not import: SQLite copies the bytes.
let SQLITE_TRANSIENT_PTR = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}

// MARK: - Queries (the Ledger's reads, in SQL)

extension SQLiteStore {
    /// Prepared read statements.
    final class Queries {
        let stateAt: OpaquePointer
        let history: OpaquePointer
        let live: OpaquePointer
        init(_ s: SQLiteStore) throws {
            stateAt = try s.prepare(
                """
                SELECT revision, object FROM events WHERE group_kind=?1 AND namespace=?2 AND name=?3 AND revision<=?4 \
                ORDER BY revision DESC LIMIT 1
                """
            )
            history = try s.prepare(
                """
                SELECT revision, object_version, verb FROM events WHERE group_kind=?1 AND namespace=?2 AND name=?3 \
                ORDER BY revision
                """
            )
            // SQLite takes the bare columns of a MAX() aggregate from the row holding the maximum.
            live = try s.prepare(
                """
                SELECT namespace, name, MAX(revision), object_version, verb FROM events WHERE group_kind=?1 AND \
                revision<=?2 GROUP BY namespace, name
                """
            )
        }
        deinit {
            sqlite3_finalize(stateAt)
            sqlite3_finalize(history)
            sqlite3_finalize(live)
        }
    }

    /// The object's body at or before `revision` (copied out), as the Ledger's latest + withBody.
    func state(_ q: Queries, of key: ObjectKey, atOrBefore revision: UInt64) -> [UInt8]? {
        let s = q.stateAt
        defer { sqlite3_reset(s) }
        bind(s, 1, key.groupKind)
        bind(s, 2, key.namespace)
        bind(s, 3, key.name)
        sqlite3_bind_int64(s, 4, Int64(revision))
        guard sqlite3_step(s) == SQLITE_ROW else { return nil }
        let n = Int(sqlite3_column_bytes(s, 1))
        guard let p = sqlite3_column_blob(s, 1) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }

    /// (revision, version, verb) of every event of the object.
    func history(_ q: Queries, of key: ObjectKey) -> [(UInt64, UInt64, UInt8)] {
        let s = q.history
        defer { sqlite3_reset(s) }
        bind(s, 1, key.groupKind)
        bind(s, 2, key.namespace)
        bind(s, 3, key.name)
        var out: [(UInt64, UInt64, UInt8)] = []
        while sqlite3_step(s) == SQLITE_ROW {
            out.append(
                (
                    UInt64(sqlite3_column_int64(s, 0)), UInt64(sqlite3_column_int64(s, 1)),
                    UInt8(sqlite3_column_int64(s, 2))
                ))
        }
        return out
    }

    /// Every object of `groupKind` whose last event at or before `revision` is not a delete.
    func live(_ q: Queries, groupKind: String, atOrBefore revision: UInt64) -> [(ObjectKey, UInt64)] {
        let s = q.live
        defer { sqlite3_reset(s) }
        bind(s, 1, groupKind)
        sqlite3_bind_int64(s, 2, Int64(revision))
        var out: [(ObjectKey, UInt64)] = []
        let parts = groupKind.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        while sqlite3_step(s) == SQLITE_ROW {
            if UInt8(sqlite3_column_int64(s, 4)) == Verb.delete.rawValue { continue }
            let ns = String(cString: sqlite3_column_text(s, 0))
            let name = String(cString: sqlite3_column_text(s, 1))
            out.append(
                (
                    ObjectKey(group: String(parts[0]), kind: String(parts[1]), namespace: ns, name: name),
                    UInt64(sqlite3_column_int64(s, 2))
                ))
        }
        return out
    }

    /// The SQLite library version.
    static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}
