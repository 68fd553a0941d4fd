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
    /// The store format this version writes and reads.
    public static let formatVersion: UInt32 = 1

    /// The LMDB environment (for upkeep such as backup and stats).
    public let environment: Environment
    /// The store directory.
    public var path: String { environment.path }

    let events: Database
    let objects: Database
    let time: Database
    let ids: Database
    let actors: Database
    /// Serialized projection states by revision (written by projections).
    public let snapshots: Database
    /// Projection checkpoints (written by projections).
    public let checkpoints: Database
    let meta: Database

    /// Options for opening a store.
    public struct Options: Sendable {
        /// Create the directory and the store when missing.
        public var create = false
        /// Open without writing.
        public var readOnly = false
        /// LMDB settings (initial map size, sync).
        public var environment = Environment.Configuration()
        /// Accept a store of an older format (for `migrate` only).
        public var allowOlderFormat = false
        public init() {}
    }

    /// Opens the store in `path`.
    ///
    /// - Throws: ``LedgerError/storeNotFound(path:)`` when missing and not asked to create;
    ///   ``LedgerError/formatMismatch(path:found:expected:)``; ``LMDBError``.
    public init(path: String, options: Options = Options()) throws {
        var isDir = false
        let exists = Self.directoryExists(path, isDirectory: &isDir)
        if !exists || !Self.fileExists(path + "/data.mdb") {
            guard options.create, !options.readOnly else { throw LedgerError.storeNotFound(path: path) }
            if !exists { try Self.makeDirectory(path) }
        }
        var config = options.environment
        config.isReadOnly = options.readOnly
        let env = try Environment(path: path, configuration: config)
        self.environment = env
        let open = { (name: String, opts: Database.Options) throws -> Database in try env.openDatabase(named: name, options: opts) }
        events = try open(LedgerNames.events, [])
        objects = try open(LedgerNames.objects, [])
        time = try open(LedgerNames.time, [])
        ids = try open(LedgerNames.ids, [])
        actors = try open(LedgerNames.actors, [])
        snapshots = try open(LedgerNames.snapshots, [])
        checkpoints = try open(LedgerNames.checkpoints, [])
        meta = try open(LedgerNames.meta, [])
        try checkFormat(options: options)
    }

    /// Convenience: `Ledger(path:options:)` with `create`.
    public convenience init(path: String, create: Bool) throws {
        var o = Options()
        o.create = create
        try self.init(path: path, options: o)
    }

    private func checkFormat(options: Options) throws {
        let stored: UInt32? = try environment.read { txn in
            try txn.getBytes(meta, key: LedgerNames.formatKey).map { b in b.reduce(0) { $0 << 8 | UInt32($1) } }
        }
        if let stored {
            if stored == Self.formatVersion || (options.allowOlderFormat && stored < Self.formatVersion) { return }
            throw LedgerError.formatMismatch(path: path, found: stored, expected: Self.formatVersion)
        }
        guard !options.readOnly else { return }
        try environment.write { txn in
            var v = Self.formatVersion.bigEndian
            let bytes = withUnsafeBytes(of: &v) { Array($0) }
            try txn.put(meta, key: LedgerNames.formatKey, value: bytes)
            try txn.put(meta, key: LedgerNames.createdAtKey, value: Array(Timestamp.now().description.utf8))
            try txn.put(meta, key: LedgerNames.migrationsKey, value: Array("0001-initial-layout".utf8))
        }
    }

    // MARK: - Files

    static func directoryExists(_ path: String, isDirectory: inout Bool) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        isDirectory = (st.st_mode & S_IFMT) == S_IFDIR
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
                throw LMDBError(
                    code: .permissionDenied, operation: "mkdir", path: prefix,
                    message: "cannot create the store directory '\(prefix)': \(String(cString: strerror(errno)))")
            }
        }
    }
}
