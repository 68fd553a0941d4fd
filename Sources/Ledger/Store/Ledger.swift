public import LedgerLMDB

#if canImport(Glibc)
import Glibc
#endif

/// The event log: an LMDB environment with the `events` log and its indexes.
///
/// ```swift
/// let ledger = try Ledger(path: dir, create: true)
/// let result = try ledger.append([event])          // one write transaction, all or nothing
/// let e = try ledger.event(at: result.lastRevision!)
/// ```
///
/// Open one `Ledger` per store per process and share it: it is `Sendable`, and every operation
/// runs in its own LMDB transaction.
public final class Ledger: Sendable {
    /// The store format this version writes and reads. Format 2 added the `uids` index
    /// (migration `0002-objects-by-uid`); format 3, zstd-compressed object bodies
    /// (`0003-zstd-bodies`); format 4, the `caches` database for derived caches
    /// (`0004-derived-caches`); format 5, `uids` entries per run of a uid instead of per event
    /// (`0005-uid-runs`).
    public static let formatVersion: UInt32 = 5

    /// The LMDB environment (for upkeep such as backup and stats).
    public let environment: Environment
    /// The store directory.
    public var path: String { environment.path }
    /// Whether the store was opened read-only (`--read-only`): reads work, writes throw, so
    /// read models that cannot be stored fall back to the indexes.
    public var isReadOnly: Bool { environment.configuration.isReadOnly }

    let events: Database
    let objects: Database
    let time: Database
    let ids: Database
    let actors: Database
    /// Format 2: uid + revision → nothing.
    let uids: Database
    /// Serialized projection states by revision (written by projections).
    public let snapshots: Database
    /// Projection checkpoints (written by projections).
    public let checkpoints: Database
    /// Format 4: derived caches, name → revision + bytes (see `Ledger+Caches.swift`).
    let caches: Database
    let meta: Database
    /// Whether appends store object bodies as zstd frames (``Options/compressBodies``).
    let compressesBodies: Bool
    /// zstd decompression contexts reused by reads, scans and verify.
    let zstdContexts = ZstdContextPool()

    /// Options for opening a store.
    public struct Options: Sendable {
        /// Create the directory and the store when missing.
        public var create = false
        /// Open without writing.
        public var readOnly = false
        /// LMDB settings (initial map size, sync).
        public var environment = Environment.Configuration()
        /// Store new object bodies as zstd frames with the built-in Kubernetes dictionary (the
        /// default) when that makes them smaller. Reading never depends on it: every record says
        /// how its body is stored, and the hash chain is the same either way.
        public var compressBodies = true
        public init() {}
    }

    /// Opens the store in `path`.
    ///
    /// A store of another format is refused before any database other than `meta` is opened, so
    /// opening never changes an old store: ``LedgerMigrator`` brings it up to date.
    ///
    /// - Throws: ``LedgerError/storeNotFound(path:)`` when missing and not asked to create;
    ///   ``LedgerError/formatMismatch(path:found:expected:)``; ``LedgerError/notADirectory(path:)``;
    ///   ``LedgerError/unsafeStoreFile(path:reason:)``; ``LMDBError`` (see ``StorageFailure``).
    public init(path: String, options: Options = Options()) throws {
        let creating = try Self.prepareDirectory(path, options: options)
        var config = options.environment
        config.isReadOnly = options.readOnly
        let env = try Environment(path: path, configuration: config)
        self.environment = env
        compressesBodies = options.compressBodies
        let open = { (name: String) throws -> Database in try env.openDatabase(named: name) }
        meta = try open(LedgerNames.meta)
        let stored = try Self.storedFormat(env, meta: meta)
        if let stored, stored != Self.formatVersion {
            throw LedgerError.formatMismatch(path: path, found: stored, expected: Self.formatVersion)
        }
        events = try open(LedgerNames.events)
        objects = try open(LedgerNames.objects)
        time = try open(LedgerNames.time)
        ids = try open(LedgerNames.ids)
        actors = try open(LedgerNames.actors)
        uids = try open(LedgerNames.uids)
        snapshots = try open(LedgerNames.snapshots)
        checkpoints = try open(LedgerNames.checkpoints)
        caches = try open(LedgerNames.caches)
        if stored == nil, !options.readOnly {
            try environment.write { txn in
                var v = Self.formatVersion.bigEndian
                let bytes = withUnsafeBytes(of: &v) { Array($0) }
                try txn.put(meta, key: LedgerNames.formatKey, value: bytes)
                try txn.put(meta, key: LedgerNames.createdAtKey, value: Array(Timestamp.now().description.utf8))
                try txn.put(
                    meta, key: LedgerNames.migrationsKey,
                    value: Array(LedgerMigrator.allIdentifiers.joined(separator: "\n").utf8))
            }
        }
        if creating || !options.readOnly { Self.tightenModes(path, directory: creating) }
    }

    /// Convenience: `Ledger(path:options:)` with `create`.
    public convenience init(path: String, create: Bool) throws {
        var o = Options()
        o.create = create
        try self.init(path: path, options: o)
    }

    /// The `format` stored in `meta`, or `nil` for a store being created.
    static func storedFormat(_ env: Environment, meta: Database) throws -> UInt32? {
        try env.read { txn in
            try txn.getBytes(meta, key: LedgerNames.formatKey).map { b in b.reduce(0) { $0 << 8 | UInt32($1) } }
        }
    }

    // MARK: - Files

    static func directoryExists(_ path: String, isDirectory: inout Bool) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        isDirectory = (st.st_mode & S_IFMT) == S_IFDIR
        return true
    }

    /// Checks the store directory before LMDB opens it; creates it when asked. Returns whether a
    /// new store is being created.
    ///
    /// `data.mdb` and `lock.mdb` must be regular files, never symbolic links: LMDB would follow a
    /// link and write wherever it points, outside the store.
    static func prepareDirectory(_ path: String, options: Options) throws -> Bool {
        var isDir = false
        let exists = directoryExists(path, isDirectory: &isDir)
        if exists && !isDir {
            throw LedgerError.notADirectory(path: path)
        }
        for name in ["data.mdb", "lock.mdb"] {
            var st = stat()
            let file = path + "/" + name
            guard lstat(file, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) != S_IFREG {
                throw LedgerError.unsafeStoreFile(
                    path: file,
                    reason: (st.st_mode & S_IFMT) == S_IFLNK
                        ? "it is a symbolic link; KubeLedger writes only to regular files inside its store"
                        : "it is not a regular file")
            }
        }
        if exists && fileExists(path + "/data.mdb") { return false }
        guard options.create, !options.readOnly else { throw LedgerError.storeNotFound(path: path) }
        if !exists { try makeDirectory(path) }
        return true
    }

    /// Makes `data.mdb` and `lock.mdb` 0600 when they are ours and more open; when the store was
    /// just created in an empty directory of ours, makes that directory 0700 too.
    static func tightenModes(_ path: String, directory: Bool) {
        let me = geteuid()
        var st = stat()
        if directory, stat(path, &st) == 0, st.st_uid == me, st.st_mode & 0o077 != 0, isEmptyStoreDirectory(path) {
            _ = chmod(path, 0o700)
        }
        for name in ["data.mdb", "lock.mdb"] {
            let file = path + "/" + name
            if lstat(file, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_uid == me, st.st_mode & 0o077 != 0 {
                _ = chmod(file, 0o600)
            }
        }
    }

    /// Whether `path` holds nothing but the store's own files.
    static func isEmptyStoreDirectory(_ path: String) -> Bool {
        guard let dir = opendir(path) else { return false }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if ![".", "..", "data.mdb", "lock.mdb"].contains(name) { return false }
        }
        return true
    }

    static func fileExists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Creates `path` and its missing parents; the store directory itself gets mode 0700.
    static func makeDirectory(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        let parts = path.split(separator: "/")
        for (i, part) in parts.enumerated() {
            prefix += "/" + part
            if fileExists(prefix) { continue }
            if mkdir(prefix, i == parts.count - 1 ? 0o700 : 0o755) != 0 && errno != EEXIST {
                throw LMDBError(code: .permissionDenied, returnCode: errno, operation: "mkdir", path: prefix)
            }
        }
    }
}
