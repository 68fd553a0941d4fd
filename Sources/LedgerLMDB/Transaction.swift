import LedgerCLMDB

#if canImport(Glibc)
import Glibc
#endif

/// Flags for ``Transaction/put(_:key:value:flags:)``.
public struct PutFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Report `false` (and store nothing) when the key exists.
    public static let noOverwrite = PutFlags(rawValue: UInt32(MDB_NOOVERWRITE))
    /// The key sorts after every existing key: a fast append. LMDB checks it; a key out of order
    /// throws ``LMDBError/Code/keyExists``.
    public static let append = PutFlags(rawValue: UInt32(MDB_APPEND))
    /// With duplicate-sorted databases: fail when the key/value pair exists.
    public static let noDuplicateData = PutFlags(rawValue: UInt32(MDB_NODUPDATA))
}

/// A transaction. It exists only inside an ``Environment/read(_:)`` or ``Environment/write(_:)``
/// closure: it cannot be copied, stored or returned, and every buffer it hands out points into
/// the memory map and is valid only until the closure returns.
public struct Transaction: ~Copyable {
    let handle: OpaquePointer
    let environment: Environment
    let state: TransactionState

    init(handle: OpaquePointer, environment: Environment) {
        self.handle = handle
        self.environment = environment
        self.state = TransactionState()
    }

    deinit {
        if state.isOpen { mdb_txn_abort(handle) }
    }

    func commit() throws(LMDBError) {
        state.isOpen = false
        let rc = mdb_txn_commit(handle)
        if rc == MDB_MAP_FULL { state.hitMapFull = true }
        if rc == EIO, LMDBError.diskIsNearlyFull(environment.path) {
            // LMDB reports a short page write (what a full disk causes) as EIO, not ENOSPC.
            throw LMDBError(returnCode: ENOSPC, operation: "mdb_txn_commit", path: environment.path)
        }
        try check(rc, "mdb_txn_commit", path: environment.path)
    }

    func abortIfOpen() {
        if state.isOpen {
            state.isOpen = false
            mdb_txn_abort(handle)
        }
    }

    @inline(__always)
    private func fail(_ rc: Int32, _ operation: String) throws(LMDBError) {
        if rc == MDB_MAP_FULL { state.hitMapFull = true }
        throw LMDBError(returnCode: rc, operation: operation, path: environment.path)
    }

    func openDatabase(named name: String, options: Database.Options, create: Bool) throws(LMDBError) -> Database {
        var dbi = MDB_dbi()
        state.openedDatabase = true
        let flags = options.rawValue | (create ? UInt32(MDB_CREATE) : 0)
        let rc = mdb_dbi_open(handle, name, flags, &dbi)
        if rc == MDB_NOTFOUND {
            throw LMDBError(
                code: .notFound, returnCode: rc, operation: "mdb_dbi_open", path: environment.path, database: name)
        }
        if rc != MDB_SUCCESS { try fail(rc, "mdb_dbi_open(\(name))") }
        return Database(name: name, dbi: dbi)
    }

    /// Opens the named database inside this transaction, creating it when `create` is set (write
    /// transactions only). In a write transaction that later aborts, a database it created does
    /// not exist and the handle must not be used: migrations rely on this to stay atomic.
    ///
    /// - Throws: ``LMDBError`` with code ``LMDBError/Code/notFound`` when the database is missing.
    public func database(named name: String, options: Database.Options = [], create: Bool) throws(LMDBError) -> Database
    {
        try openDatabase(named: name, options: options, create: create)
    }

    // MARK: - Reading

    /// The value stored under `key`, or `nil`. The buffer is valid until the transaction ends.
    public func get(_ db: Database, key: UnsafeRawBufferPointer) throws(LMDBError) -> UnsafeRawBufferPointer? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        let rc = mdb_get(handle, db.dbi, &k, &v)
        if rc == MDB_NOTFOUND { return nil }
        if rc != MDB_SUCCESS { try fail(rc, "mdb_get(\(db.name))") }
        return UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size)
    }

    /// The value stored under `key`, copied out, or `nil`.
    public func getBytes(_ db: Database, key: [UInt8]) throws(LMDBError) -> [UInt8]? {
        let result: Result<[UInt8]?, LMDBError> = key.withUnsafeBytes { k in
            do throws(LMDBError) {
                return .success(try get(db, key: k).map { Array($0) })
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Entry counts and page use of `db`.
    public func stat(_ db: Database) throws(LMDBError) -> DatabaseStat {
        var s = MDB_stat()
        let rc = mdb_stat(handle, db.dbi, &s)
        if rc != MDB_SUCCESS { try fail(rc, "mdb_stat(\(db.name))") }
        return DatabaseStat(
            entries: s.ms_entries, depth: Int(s.ms_depth), branchPages: s.ms_branch_pages,
            leafPages: s.ms_leaf_pages, overflowPages: s.ms_overflow_pages, pageSize: Int(s.ms_psize))
    }

    // MARK: - Writing

    /// Stores `value` under `key`. Returns `false` when ``PutFlags/noOverwrite`` or
    /// ``PutFlags/noDuplicateData`` found the key (or pair) already there.
    @discardableResult
    public func put(
        _ db: Database, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, flags: PutFlags = []
    ) throws(LMDBError) -> Bool {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = mdb_put(handle, db.dbi, &k, &v, flags.rawValue)
        if rc == MDB_KEYEXIST, !flags.isDisjoint(with: [.noOverwrite, .noDuplicateData]) { return false }
        if rc != MDB_SUCCESS { try fail(rc, "mdb_put(\(db.name))") }
        return true
    }

    /// Stores `value` under `key` (array convenience).
    @discardableResult
    public func put(_ db: Database, key: [UInt8], value: [UInt8], flags: PutFlags = []) throws(LMDBError) -> Bool {
        let result: Result<Bool, LMDBError> = key.withUnsafeBytes { k in
            value.withUnsafeBytes { v in
                do throws(LMDBError) { return .success(try put(db, key: k, value: v, flags: flags)) } catch {
                    return .failure(error)
                }
            }
        }
        return try result.get()
    }

    /// Reserves `count` bytes under `key` and lets `fill` write the value straight into the map,
    /// saving a copy. Returns `false` (and does not call `fill`) when ``PutFlags/noOverwrite``
    /// found the key.
    @discardableResult
    public func reserve(
        _ db: Database, key: UnsafeRawBufferPointer, count: Int, flags: PutFlags = [],
        fill: (UnsafeMutableRawBufferPointer) throws -> Void
    ) throws -> Bool {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: count, mv_data: nil)
        let rc = mdb_put(handle, db.dbi, &k, &v, flags.rawValue | UInt32(MDB_RESERVE))
        if rc == MDB_KEYEXIST, flags.contains(.noOverwrite) { return false }
        if rc != MDB_SUCCESS { try fail(rc, "mdb_put(\(db.name), reserve)") }
        try fill(UnsafeMutableRawBufferPointer(start: v.mv_data, count: count))
        return true
    }

    /// Deletes `key` (every value of it in a duplicate-sorted database). Returns `false` if absent.
    @discardableResult
    public func delete(_ db: Database, key: UnsafeRawBufferPointer) throws(LMDBError) -> Bool {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        let rc = mdb_del(handle, db.dbi, &k, nil)
        if rc == MDB_NOTFOUND { return false }
        if rc != MDB_SUCCESS { try fail(rc, "mdb_del(\(db.name))") }
        return true
    }

    /// Deletes `key` (array convenience).
    @discardableResult
    public func delete(_ db: Database, key: [UInt8]) throws(LMDBError) -> Bool {
        let result: Result<Bool, LMDBError> = key.withUnsafeBytes { k in
            do throws(LMDBError) { return .success(try delete(db, key: k)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Removes every entry of `db`, keeping the database.
    public func empty(_ db: Database) throws(LMDBError) {
        let rc = mdb_drop(handle, db.dbi, 0)
        if rc != MDB_SUCCESS { try fail(rc, "mdb_drop(\(db.name))") }
    }

    /// Deletes `db` itself (its entries and its name) from the environment.
    public func drop(_ db: Database) throws(LMDBError) {
        let rc = mdb_drop(handle, db.dbi, 1)
        if rc != MDB_SUCCESS { try fail(rc, "mdb_drop(\(db.name), delete)") }
    }

    // MARK: - Cursors

    /// Runs `body` with a cursor over `db`, closed when `body` returns.
    public func withCursor<Result>(_ db: Database, _ body: (borrowing Cursor) throws -> Result) throws -> Result {
        var cursor: OpaquePointer?
        let rc = mdb_cursor_open(handle, db.dbi, &cursor)
        if rc != MDB_SUCCESS { try fail(rc, "mdb_cursor_open(\(db.name))") }
        let c = Cursor(handle: cursor!, database: db, state: state, path: environment.path)
        return try body(c)
    }
}

/// Mutable bookkeeping of one transaction, shared by its handle and cursors.
final class TransactionState {
    var isOpen = true
    var hitMapFull = false
    /// A database was opened in this transaction: a read transaction must then end with a
    /// commit (not a reset) for the handle to survive (lmdb.h, mdb_dbi_open).
    var openedDatabase = false
}
