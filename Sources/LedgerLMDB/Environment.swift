import LedgerCLMDB
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// An LMDB environment: one directory holding `data.mdb` and `lock.mdb`.
///
/// Open one `Environment` per directory per process, at the composition root, and share it.
/// All access goes through closure-scoped transactions:
///
/// ```swift
/// let env = try Environment(path: "/var/lib/ledger")
/// let db = try env.openDatabase(named: "events")
/// try env.write { txn in try txn.put(db, key: [1], value: [2]) }   // commits on return
/// let n = try env.read { txn in try txn.stat(db).entries }           // always ends
/// ```
///
/// The map grows by itself: a write that fills it is rolled back, the map is enlarged, and the
/// write closure runs again. A write closure must therefore have no effect outside its
/// transaction until it returns. When another process has grown the map, the next transaction
/// adopts the new size.
///
/// Transactions are synchronous closures, so a transaction can never cross an `await` (LMDB
/// ties a write transaction to one thread). The environment is opened with `MDB_NOTLS`, so read
/// transactions may run on any thread.
public final class Environment: @unchecked Sendable {
    // @unchecked Sendable: LMDB documents an MDB_env as usable from many threads; the map-size
    // change, the one operation that is not, is serialised by `resizeLock`.
    let handle: OpaquePointer
    /// The environment directory.
    public let path: String
    /// The configuration the environment was opened with.
    public let configuration: Configuration
    private let resizeLock = ReadWriteLock()
    /// Read transactions ended with `mdb_txn_reset`, kept for `mdb_txn_renew`: a renew skips the
    /// allocation and reader-slot search of `mdb_txn_begin` (LMDB's advice for frequent reads).
    /// The handles are opaque pointers used by one reader at a time; the mutex guards the list.
    private let idleReaders = Mutex<[IdleReader]>([])
    private static let maxIdleReaders = 8

    /// Opens (and creates if missing) the environment in the directory `path`, which must exist.
    ///
    /// - Throws: ``LMDBError``, for example when the directory is missing
    ///   (``LMDBError/Code/fileNotFound``) or not writable.
    public init(path: String, configuration: Configuration = Configuration()) throws(LMDBError) {
        var env: OpaquePointer?
        try check(mdb_env_create(&env), "mdb_env_create", path: path)
        guard let env else {
            throw LMDBError(code: .other, operation: "mdb_env_create", path: path)
        }
        do {
            try check(mdb_env_set_maxreaders(env, configuration.maxReaders), "mdb_env_set_maxreaders", path: path)
            try check(mdb_env_set_maxdbs(env, configuration.maxDatabases), "mdb_env_set_maxdbs", path: path)
            try check(mdb_env_set_mapsize(env, configuration.mapSize), "mdb_env_set_mapsize", path: path)
            var flags = UInt32(MDB_NOTLS)
            if configuration.isReadOnly { flags |= UInt32(MDB_RDONLY) }
            if configuration.noSync { flags |= UInt32(MDB_NOSYNC) }
            try check(mdb_env_open(env, path, flags, mode_t(configuration.fileMode)), "mdb_env_open", path: path)
        } catch {
            // lmdb.h: "If this function fails, mdb_env_close() must be called to discard the handle."
            mdb_env_close(env)
            throw error
        }
        self.handle = env
        self.path = path
        self.configuration = configuration
    }

    deinit {
        // Reset read transactions still hold memory (and a slot); free them before closing.
        for idle in idleReaders.withLock({ $0 }) { mdb_txn_abort(idle.handle) }
        mdb_env_close(handle)
    }

    // MARK: - Transactions

    /// Runs `body` in a read-only transaction and ends it.
    ///
    /// The transaction and every buffer it hands out are valid only inside `body`: copy what you
    /// need before returning. Readers see the last committed state and never a partial write.
    public func read<Result>(_ body: (borrowing Transaction) throws -> Result) throws -> Result {
        resizeLock.lockShared()
        defer { resizeLock.unlock() }
        let txn = try beginRead()
        defer { endRead(txn) }
        return try body(txn)
    }

    /// A read transaction: a renewed idle one when there is one, else a new one.
    private func beginRead() throws(LMDBError) -> Transaction {
        while let idle = idleReaders.withLock({ $0.popLast() }) {
            let txn = idle.handle
            if mdb_txn_renew(txn) == MDB_SUCCESS { return Transaction(handle: txn, environment: self) }
            // The renew failed (for example the map was grown by another process): discard the
            // handle and begin a transaction the usual way, which handles that case.
            mdb_txn_abort(txn)
        }
        return try begin(readOnly: true)
    }

    /// Ends a read transaction, keeping its handle for ``beginRead()`` if there is room.
    private func endRead(_ txn: borrowing Transaction) {
        guard txn.state.isOpen else { return }
        if txn.state.openedDatabase {
            // Keep the database handles it opened: commit, and do not pool this transaction.
            txn.state.isOpen = false
            mdb_txn_commit(txn.handle)
            return
        }
        txn.state.isOpen = false
        mdb_txn_reset(txn.handle)
        let pointer = IdleReader(handle: txn.handle)
        let kept = idleReaders.withLock { idle in
            guard idle.count < Self.maxIdleReaders else { return false }
            idle.append(pointer)
            return true
        }
        if !kept { mdb_txn_abort(txn.handle) }
    }

    /// Runs `body` in a write transaction; commits when `body` returns, aborts when it throws.
    ///
    /// Only one write transaction runs at a time across all processes. If the map fills up, the
    /// transaction is aborted, the map grows, and `body` runs again from the start.
    ///
    /// - Throws: ``LMDBError`` with code ``LMDBError/Code/environmentReadOnly`` when the
    ///   environment was opened read-only; whatever `body` throws.
    public func write<Result>(_ body: (borrowing Transaction) throws -> Result) throws -> Result {
        guard !configuration.isReadOnly else {
            throw LMDBError(code: .environmentReadOnly, operation: "mdb_txn_begin", path: path)
        }
        while true {
            resizeLock.lockShared()
            let txn: Transaction
            do {
                txn = try begin(readOnly: false)
            } catch {
                resizeLock.unlock()
                throw error
            }
            do {
                let result = try body(txn)
                try txn.commit()
                resizeLock.unlock()
                return result
            } catch {
                let full = txn.state.hitMapFull || error.isMapFull
                txn.abortIfOpen()
                resizeLock.unlock()
                guard full else { throw error }
                try grow()
            }
        }
    }

    private func begin(readOnly: Bool) throws(LMDBError) -> Transaction {
        var attempts = 0
        while true {
            var txn: OpaquePointer?
            let rc = mdb_txn_begin(handle, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &txn)
            if rc == MDB_MAP_RESIZED, attempts < 8 {
                // Another process grew the map: adopt its size. set_mapsize needs no transaction
                // of ours open, so briefly trade the shared lock for the exclusive one.
                attempts += 1
                resizeLock.unlock()
                resizeLock.lockExclusive()
                _ = mdb_env_set_mapsize(handle, 0)
                resizeLock.unlock()
                resizeLock.lockShared()
                continue
            }
            try check(rc, "mdb_txn_begin", path: path)
            return Transaction(handle: txn!, environment: self)
        }
    }

    /// Grows the memory map: doubles it, by at most ``Configuration/maxGrowthStep``.
    private func grow() throws(LMDBError) {
        resizeLock.lockExclusive()
        defer { resizeLock.unlock() }
        let current = info().mapSize
        let step = min(max(current, 1 << 20), configuration.maxGrowthStep)
        try check(mdb_env_set_mapsize(handle, current + step), "mdb_env_set_mapsize", path: path)
    }

    /// Grows the map ahead of a write that will add about `bytes`, so that the write does not
    /// fill the map, get rolled back and run a second time. Does nothing when there is room.
    package func reserveMapSpace(_ bytes: Int) throws(LMDBError) {
        guard !configuration.isReadOnly else { return }
        let before = info()
        guard (before.lastPage + 1) * before.pageSize + bytes > before.mapSize else { return }
        resizeLock.lockExclusive()
        defer { resizeLock.unlock() }
        let current = info()
        let needed = (current.lastPage + 1) * current.pageSize + bytes
        var size = current.mapSize
        while size < needed { size += min(max(size, 1 << 20), configuration.maxGrowthStep) }
        if size != current.mapSize {
            try check(mdb_env_set_mapsize(handle, size), "mdb_env_set_mapsize", path: path)
        }
    }

    // MARK: - Databases

    /// Opens (creating it if needed) the named database. Call once at start-up and keep the handle.
    public func openDatabase(named name: String, options: Database.Options = []) throws -> Database {
        if configuration.isReadOnly {
            // A handle opened in a read-only transaction survives only a commit (lmdb.h), not
            // the reset of a pooled reader: use a transaction of its own and commit it.
            resizeLock.lockShared()
            defer { resizeLock.unlock() }
            let txn = try begin(readOnly: true)
            defer { txn.abortIfOpen() }
            let db = try txn.openDatabase(named: name, options: options, create: false)
            try txn.commit()
            return db
        }
        return try write { txn in try txn.openDatabase(named: name, options: options, create: true) }
    }

    // MARK: - Information and upkeep

    /// Facts about the environment: map size, pages used, readers.
    public struct Info: Sendable, Hashable {
        /// The current size of the memory map in bytes.
        public var mapSize: Int
        /// The number of the last page used.
        public var lastPage: Int
        /// The page size in bytes.
        public var pageSize: Int
        /// The number of reader slots in use.
        public var readers: Int
        /// The id of the last committed transaction.
        public var lastTransactionID: Int
    }

    /// Returns facts about the environment.
    public func info() -> Info {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        var stat = MDB_stat()
        mdb_env_stat(handle, &stat)
        return Info(
            mapSize: info.me_mapsize, lastPage: info.me_last_pgno, pageSize: Int(stat.ms_psize),
            readers: Int(info.me_numreaders), lastTransactionID: info.me_last_txnid)
    }

    /// Copies the environment to the directory `destination` (which must exist and be empty),
    /// consistently, while writers keep running. With `compact`, free pages are omitted.
    public func copy(to destination: String, compact: Bool) throws(LMDBError) {
        try check(
            mdb_env_copy2(handle, destination, compact ? UInt32(MDB_CP_COMPACT) : 0), "mdb_env_copy2",
            path: destination)
    }

    /// Flushes buffers to disk (useful with ``Configuration/noSync``).
    public func sync() throws(LMDBError) {
        try check(mdb_env_sync(handle, 1), "mdb_env_sync", path: path)
    }

    /// The LMDB library version string.
    public static var libraryVersion: String {
        String(cString: mdb_version(nil, nil, nil))
    }
}

/// A reset read transaction waiting in ``Environment``'s pool.
private struct IdleReader: @unchecked Sendable {
    // @unchecked Sendable: a reset MDB_txn of an MDB_NOTLS environment is not tied to a thread;
    // it is used by one reader at a time, handed over under the pool's mutex.
    let handle: OpaquePointer
}

extension Error {
    fileprivate var isMapFull: Bool { (self as? LMDBError)?.code == .mapFull }
}
