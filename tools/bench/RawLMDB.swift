import LedgerCLMDB
import LedgerLMDB

/// The physical limit of this design: the LMDB C API storing the object bytes under an 8-byte
/// big-endian revision with `MDB_APPEND`, one transaction per batch, no index, no hash, no record
/// header. Same environment flags as the Ledger (`MDB_NOTLS`, durable commits unless `noSync`).
final class RawLMDB {
    let env: OpaquePointer
    let dbi: MDB_dbi
    private(set) var revision: UInt64 = 0

    init(path: String, mapSize: Int, noSync: Bool = false) throws {
        var e: OpaquePointer?
        try Self.check(mdb_env_create(&e), "mdb_env_create")
        env = e!
        try Self.check(mdb_env_set_maxdbs(env, 32), "mdb_env_set_maxdbs")
        try Self.check(mdb_env_set_mapsize(env, mapSize), "mdb_env_set_mapsize")
        var flags = UInt32(MDB_NOTLS)
        if noSync { flags |= UInt32(MDB_NOSYNC) }
        try Self.check(mdb_env_open(env, path, flags, 0o600), "mdb_env_open")
        var txn: OpaquePointer?
        try Self.check(mdb_txn_begin(env, nil, 0, &txn), "mdb_txn_begin")
        var d = MDB_dbi()
        try Self.check(mdb_dbi_open(txn, "events", UInt32(MDB_CREATE), &d), "mdb_dbi_open")
        try Self.check(mdb_txn_commit(txn), "mdb_txn_commit")
        dbi = d
    }

    deinit { mdb_env_close(env) }

    /// Appends `bodies` in one transaction.
    func append(_ bodies: [[UInt8]]) throws {
        var txn: OpaquePointer?
        try Self.check(mdb_txn_begin(env, nil, 0, &txn), "mdb_txn_begin")
        for body in bodies {
            revision += 1
            var key = revision.bigEndian
            let rc = withUnsafeMutableBytes(of: &key) { k in
                body.withUnsafeBytes { b in
                    var kv = MDB_val(mv_size: 8, mv_data: k.baseAddress)
                    var vv = MDB_val(mv_size: b.count, mv_data: UnsafeMutableRawPointer(mutating: b.baseAddress))
                    return mdb_put(txn, dbi, &kv, &vv, UInt32(MDB_APPEND))
                }
            }
            if rc != MDB_SUCCESS {
                mdb_txn_abort(txn)
                try Self.check(rc, "mdb_put")
            }
        }
        try Self.check(mdb_txn_commit(txn), "mdb_txn_commit")
    }

    /// Bytes of the pages in use.
    var usedBytes: Int {
        var info = MDB_envinfo()
        mdb_env_info(env, &info)
        var st = MDB_stat()
        mdb_env_stat(env, &st)
        return (info.me_last_pgno + 1) * Int(st.ms_psize)
    }

    static func check(_ rc: Int32, _ op: String) throws {
        if rc != MDB_SUCCESS { throw BenchError("\(op): \(String(cString: mdb_strerror(rc)))") }
    }
}
