import LedgerCLMDB

/// A position in a database, valid only inside ``Transaction/withCursor(_:_:)``.
///
/// Every movement returns the entry it lands on as buffers into the map (valid until the
/// transaction ends), or `nil` when there is none.
public struct Cursor: ~Copyable {
    /// A key and value pair, pointing into the memory map.
    public typealias Entry = (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)

    let handle: OpaquePointer
    let database: Database
    let state: TransactionState
    let path: String

    deinit { mdb_cursor_close(handle) }

    @inline(__always)
    private func move(_ op: MDB_cursor_op, key: UnsafeRawBufferPointer? = nil) throws(LMDBError) -> Entry? {
        var k = MDB_val(mv_size: key?.count ?? 0, mv_data: UnsafeMutableRawPointer(mutating: key?.baseAddress))
        var v = MDB_val()
        let rc = mdb_cursor_get(handle, &k, &v, op)
        if rc == MDB_NOTFOUND { return nil }
        if rc != MDB_SUCCESS {
            throw LMDBError(returnCode: rc, operation: "mdb_cursor_get(\(database.name))", path: path)
        }
        return (
            UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size),
            UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size)
        )
    }

    /// The first entry.
    public func first() throws(LMDBError) -> Entry? { try move(MDB_FIRST) }
    /// The last entry.
    public func last() throws(LMDBError) -> Entry? { try move(MDB_LAST) }
    /// The next entry (the next duplicate too, in duplicate-sorted databases).
    public func next() throws(LMDBError) -> Entry? { try move(MDB_NEXT) }
    /// The previous entry.
    public func previous() throws(LMDBError) -> Entry? { try move(MDB_PREV) }
    /// The entry under the cursor.
    public func current() throws(LMDBError) -> Entry? { try move(MDB_GET_CURRENT) }
    /// The first entry whose key is greater than or equal to `key` (the first entry for an
    /// empty key, which LMDB itself refuses).
    public func seek(atLeast key: UnsafeRawBufferPointer) throws(LMDBError) -> Entry? {
        key.isEmpty ? try first() : try move(MDB_SET_RANGE, key: key)
    }
    /// The entry whose key equals `key`.
    public func seek(exactly key: UnsafeRawBufferPointer) throws(LMDBError) -> Entry? {
        try move(MDB_SET_KEY, key: key)
    }

    /// The first entry whose key is greater than or equal to `key` (array convenience).
    public func seek(atLeast key: [UInt8]) throws(LMDBError) -> Entry? {
        let result: Result<Entry?, LMDBError> = key.withUnsafeBytes { k in
            do throws(LMDBError) { return .success(try seek(atLeast: k)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// The last entry whose key is less than or equal to `key`.
    public func seek(atMost key: [UInt8]) throws(LMDBError) -> Entry? {
        if let e = try seek(atLeast: key) {
            if e.key.elementsEqual(key) { return e }
            return try previous()
        }
        return try last()
    }

    /// Stores a pair through the cursor.
    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, flags: PutFlags = []) throws(LMDBError)
    {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = mdb_cursor_put(handle, &k, &v, flags.rawValue)
        if rc == MDB_MAP_FULL { state.hitMapFull = true }
        if rc != MDB_SUCCESS {
            throw LMDBError(returnCode: rc, operation: "mdb_cursor_put(\(database.name))", path: path)
        }
    }

    /// Deletes the entry under the cursor.
    public func deleteCurrent() throws(LMDBError) {
        let rc = mdb_cursor_del(handle, 0)
        if rc != MDB_SUCCESS {
            throw LMDBError(returnCode: rc, operation: "mdb_cursor_del(\(database.name))", path: path)
        }
    }
}
