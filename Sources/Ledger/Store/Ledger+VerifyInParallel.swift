import Dispatch
import LedgerLMDB

#if canImport(Glibc)
import Glibc
#endif

extension Ledger {
    /// Records per chunk of the parallel pass: hashed on the worker threads while this thread
    /// checks the same records in order.
    static let verifyChunk = 2048

    /// The fast pass of ``verify(progress:)``, in one read transaction: the records' hashes
    /// (seal, decompression, SHA-256 of the logical record) are computed on every core, chunk by
    /// chunk, while this thread checks in revision order what depends on order (revisions without
    /// gap, each record linking to the previous hash, object versions) and adds the index entries
    /// each event implies to digests; then each index is walked once in key order and its digest
    /// compared (``ExpectedIndexEntries``), instead of one random lookup per event and index.
    ///
    /// Returns the report of a valid store, or `nil` as soon as anything is wrong: then the
    /// sequential pass runs and names the first bad revision and the problem exactly as before.
    func verifyInParallel(_ txn: borrowing Transaction, progress: ((UInt64) -> Void)?) throws -> VerifyReport? {
        var state = OrderedVerification()
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let slices = 2 * cores
        let pool = zstdContexts
        let results = UnsafeMutableBufferPointer<Bool>.allocate(capacity: Self.verifyChunk)
        let group = DispatchGroup()
        // Workers read records in the map, which this read transaction keeps in place: wait for
        // them before the transaction (or the results buffer) goes.
        defer {
            group.wait()
            results.deallocate()
        }
        let ok: Bool = try txn.withCursor(events) { c in
            var entry = try c.first()
            var next = state.expected
            guard var chunk = try Self.readChunk(c, &entry, &next) else { return false }
            while !chunk.isEmpty {
                // Each worker writes its own range of `results`; the records are pages of the map,
                // read only, kept in place by the open read transaction until `group.wait()`.
                nonisolated(unsafe) let records = chunk
                nonisolated(unsafe) let slots = results
                let per = (records.count + slices - 1) / slices
                for s in 0..<slices where s * per < records.count {
                    DispatchQueue.global().async(group: group) {
                        for i in (s * per)..<min(records.count, (s + 1) * per) {
                            slots[i] = RecordCodec.hashMatches(records[i], pool: pool)
                        }
                    }
                }
                var inOrder = true
                for record in chunk where !state.check(record) {
                    inOrder = false
                    break
                }
                let following = inOrder ? try Self.readChunk(c, &entry, &next) : nil
                group.wait()
                guard inOrder, let following, !results[0..<chunk.count].contains(false) else { return false }
                let before = state.expected - UInt64(chunk.count)
                for m in stride(from: (before / 65536 + 1) * 65536, to: state.expected, by: 65536) { progress?(m) }
                chunk = following
            }
            return true
        }
        guard ok else { return nil }
        let n = state.expected - 1
        guard try indexesMatch(txn, &state.indexes, events: n) else { return nil }
        let (headRevision, headHash) = try chainHead(txn)
        guard headRevision == n, headHash == state.previous else { return nil }
        var report = VerifyReport()
        report.eventsChecked = n
        report.chainHead = n == 0 ? "" : Hex.encode(state.previous)
        return report
    }

    /// Up to ``verifyChunk`` records from `entry` on (pages of the map), moving `c`, `entry` and
    /// `next` past them; `nil` when a key is not the revision expected next.
    private static func readChunk(
        _ c: borrowing Cursor, _ entry: inout Cursor.Entry?, _ next: inout UInt64
    ) throws -> [UnsafeRawBufferPointer]? {
        var records: [UnsafeRawBufferPointer] = []
        records.reserveCapacity(verifyChunk)
        while let en = entry, records.count < verifyChunk {
            guard en.key.count == 8, ByteEncoding.readUInt64(en.key, at: 0) == next else { return nil }
            records.append(en.value)
            next += 1
            entry = try c.next()
        }
        return records
    }

    /// Whether every index holds exactly the entries in `expected` (the log's, to which the
    /// amendments' are added here): each index walked once in key order into a digest.
    func indexesMatch(_ txn: borrowing Transaction, _ expected: inout ExpectedIndexEntries, events n: UInt64) throws
        -> Bool
    {
        guard try digest(txn, objects, values: true) == expected.objects,
            try digest(txn, time, values: false) == expected.time,
            try digest(txn, uids, values: true) == expected.uids,
            let ids = try idsDigest(txn, &expected)
        else { return false }
        return try ids == expected.ids && digest(txn, actors, values: false) == expected.actors
    }

    /// The digest of every entry of `index` (keys, and values with `values`).
    func digest(_ txn: borrowing Transaction, _ index: Database, values: Bool) throws -> IndexDigest {
        var d = IndexDigest()
        try txn.withCursor(index) { c in
            var entry = try c.first()
            while let en = entry {
                d.add(key: en.key, value: values ? en.value : nil)
                entry = try c.next()
            }
        }
        return d
    }

    /// The digest of the `ids` index but its provenance amendments (`0x02` + revision), each of
    /// which is checked against the event it amends and adds its own entries to `expected`;
    /// `nil` when one amends no joining event without an actor (as the sequential pass checks).
    func idsDigest(_ txn: borrowing Transaction, _ expected: inout ExpectedIndexEntries) throws -> IndexDigest? {
        var d = IndexDigest()
        var amendments = true  // the sequential pass reads amendments up to the first other 0x02 key
        var bad = false
        try txn.withCursor(ids) { c in
            var entry = try c.first()
            while let en = entry {
                if en.key.first == 0x02 && en.key.count != 9 { amendments = false }
                if amendments, en.key.first == 0x02, en.key.count == 9 {
                    let target = ByteEncoding.readUInt64(en.key, at: 1)
                    guard let stored = try event(txn, at: target, includeBody: false, applyAmendment: false),
                        stored.joinsSameObjectVersion, stored.actor.isEmpty,
                        let a = ProvenanceAmendment(decoding: Array(en.value))
                    else {
                        bad = true
                        return
                    }
                    expected.addAmendedID(a.eventID, revision: target)
                    expected.addActorsEntry(actor: a.actor, revision: target)
                } else {
                    d.add(key: en.key, value: en.value)
                }
                entry = try c.next()
            }
        }
        return bad ? nil : d
    }
}

extension RecordCodec {
    /// Whether `record` is long enough to hold a hash and its logical hash (after checking the
    /// seal and decompressing the body of a compressed record) equals the stored one.
    static func hashMatches(_ record: UnsafeRawBufferPointer, pool: ZstdContextPool?) -> Bool {
        guard record.count >= headerSize + hashSize else { return false }
        return computeHash(record, pool: pool).elementsEqual(storedHash(record))
    }
}
