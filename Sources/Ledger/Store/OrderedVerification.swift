import LedgerLMDB

/// What ``Ledger/verify(progress:)``'s parallel pass checks in revision order, record by record:
/// revisions without gap (the caller checks the keys), the revision each record says, the link to
/// the previous record's hash, that the header decodes, object versions counting up per object;
/// and the index entries each event implies (``ExpectedIndexEntries``). Record hashes are checked
/// on other threads.
struct OrderedVerification {
    /// The revision the next record must have.
    var expected: UInt64 = 1
    /// The stored hash of the last record checked (32 zero bytes before the first).
    var previous = [UInt8](repeating: 0, count: 32)
    /// Each object's last version, by object key.
    var versions: [[UInt8]: UInt64] = [:]
    /// The index entries of the records checked.
    var indexes = ExpectedIndexEntries()

    /// Checks the record stored at revision ``expected`` (its key already checked) and moves on;
    /// `false` when anything is wrong (the sequential pass then says what).
    mutating func check(_ record: UnsafeRawBufferPointer) -> Bool {
        let r = expected
        guard record.count >= RecordCodec.headerSize + RecordCodec.hashSize, RecordCodec.revision(record) == r,
            RecordCodec.previousHash(record).elementsEqual(previous),
            let e = try? RecordCodec.decode(record, includeBody: false)
        else { return false }
        let prefix = e.object.key.encoded
        let version = (versions[prefix] ?? 0) + 1
        guard e.objectVersion == version else { return false }
        versions[prefix] = version
        indexes.add(e, revision: r, version: version)
        previous = Array(RecordCodec.storedHash(record))
        expected += 1
        return true
    }
}
