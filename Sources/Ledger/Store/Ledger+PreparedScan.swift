import Dispatch
import LedgerLMDB
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

extension Ledger {
    /// Visits the events `from...to` in revision order, each first turned into a `Prepared`
    /// value by `prepare` on other threads: while `visit` takes the events of one chunk on the
    /// caller's thread, the next chunk is read (one short read transaction), decoded, decompressed
    /// and prepared on every core. For folds whose per-event work splits into a pure part
    /// (decoding, picking fields from a body: `prepare`) and an ordered part (`visit`).
    ///
    /// `visit` sees the same events, in the same order, as ``scan(_:includeBody:chunk:_:)`` with
    /// a filter of only these revisions gives (provenance amendments applied), so a fold gives
    /// the same result either way. Stops when `visit` returns `false`.
    ///
    /// - Throws: ``LedgerError/corruptRecord(revision:reason:)`` for a record that does not decode
    ///   (after visiting the chunks before it); `LMDBError`; what `visit` throws.
    public func scanPrepared<Prepared: Sendable>(
        from: UInt64 = 1, to: UInt64 = .max, includeBody: Bool = true, chunk: Int = 1024,
        prepare: @escaping @Sendable (RecordedEvent) -> Prepared, _ visit: (Prepared) throws -> Bool
    ) throws {
        let chunk = max(chunk, 1)
        var first = max(from, 1)
        guard first <= to else { return }
        var pending: PreparedChunk<Prepared>? = startChunk(
            from: first, to: to, includeBody: includeBody, chunk: chunk, prepare: prepare)
        defer { pending?.wait() }  // no worker outlives the call
        while let current = pending {
            let ready = try current.take()
            pending = nil
            if !ready.done {
                first = ready.next
                pending = startChunk(from: first, to: to, includeBody: includeBody, chunk: chunk, prepare: prepare)
            }
            for p in ready.values where try !visit(p) { return }
        }
    }

    /// Starts reading and preparing the chunk from revision `from` on a worker thread.
    private func startChunk<Prepared: Sendable>(
        from: UInt64, to: UInt64, includeBody: Bool, chunk: Int,
        prepare: @escaping @Sendable (RecordedEvent) -> Prepared
    ) -> PreparedChunk<Prepared> {
        let slot = PreparedChunk<Prepared>()
        DispatchQueue.global().async(group: slot.group) {
            slot.fill(
                Result {
                    let raw = try self.readRecords(from: from, to: to, chunk: chunk)
                    return (try self.decode(raw, includeBody: includeBody, prepare: prepare), raw.next, raw.done)
                })
        }
        return slot
    }

    /// Copies up to `chunk` records from revision `from` (at most `to`) out of one read
    /// transaction, with the provenance amendment of each joining record.
    private func readRecords(from: UInt64, to: UInt64, chunk: Int) throws -> RawRecords {
        var raw = RawRecords(next: from)
        try environment.read { txn in
            try txn.withCursor(self.events) { c in
                var entry = try c.seek(atLeast: LedgerKeys.revision(from))
                while let en = entry, raw.ends.count < chunk {
                    let r = ByteEncoding.readUInt64(en.key, at: 0)
                    if r > to { break }
                    raw.bytes.append(contentsOf: en.value)
                    raw.ends.append(raw.bytes.count)
                    // Flag bit 1: joins an object version, so provenance may have been amended.
                    let joins = en.value.count > 3 && en.value[3] & 2 != 0
                    raw.amendments.append(joins ? try txn.getBytes(ids, key: LedgerKeys.amendment(r)) : nil)
                    raw.next = r + 1
                    entry = try c.next()
                }
                raw.done = entry == nil || raw.ends.count < chunk
            }
        }
        return raw
    }

    /// Decodes and prepares `raw`'s records on every core, in their order.
    private func decode<Prepared: Sendable>(
        _ raw: RawRecords, includeBody: Bool, prepare: @Sendable (RecordedEvent) -> Prepared
    ) throws -> [Prepared] {
        let n = raw.ends.count
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let slices = min(n, 2 * cores)
        guard slices > 1 else { return try (0..<n).map { prepare(try decode(raw, at: $0, includeBody: includeBody)) } }
        var out = [Prepared?](repeating: nil, count: n)
        var failures = [(any Error)?](repeating: nil, count: slices)
        let per = (n + slices - 1) / slices
        out.withUnsafeMutableBufferPointer { values in
            failures.withUnsafeMutableBufferPointer { errors in
                // Each slice writes its own range of `values` and its own slot of `errors`.
                nonisolated(unsafe) let values = values
                nonisolated(unsafe) let errors = errors
                DispatchQueue.concurrentPerform(iterations: slices) { s in
                    for i in (s * per)..<min(n, (s + 1) * per) {
                        do {
                            values[i] = prepare(try decode(raw, at: i, includeBody: includeBody))
                        } catch {
                            errors[s] = error
                            return
                        }
                    }
                }
            }
        }
        // The first record that does not decode, in revision order.
        if let error = failures.lazy.compactMap({ $0 }).first { throw error }
        return out.map { $0! }
    }

    /// The event of `raw`'s record `i`, amended as a read of it would be.
    private func decode(_ raw: RawRecords, at i: Int, includeBody: Bool) throws -> RecordedEvent {
        let start = i == 0 ? 0 : raw.ends[i - 1]
        var e = try raw.bytes.withUnsafeBytes { all in
            try RecordCodec.decode(
                UnsafeRawBufferPointer(rebasing: all[start..<raw.ends[i]]), includeBody: includeBody,
                pool: zstdContexts)
        }
        if let bytes = raw.amendments[i] { Self.amend(&e, with: bytes) }
        return e
    }
}

/// Records copied out of the log for decoding on other threads.
struct RawRecords: Sendable {
    /// The records, one after another.
    var bytes: [UInt8] = []
    /// Where each record ends in ``bytes``.
    var ends: [Int] = []
    /// The stored provenance amendment of each record, if it has one.
    var amendments: [[UInt8]?] = []
    /// The revision after the last record copied.
    var next: UInt64
    /// Whether the log has nothing more in the range.
    var done = false
}

/// One chunk of ``Ledger/scanPrepared(from:to:includeBody:chunk:prepare:_:)`` being prepared on
/// a worker thread: its values, the next revision, and whether it was the last.
final class PreparedChunk<Prepared: Sendable>: Sendable {
    typealias Ready = (values: [Prepared], next: UInt64, done: Bool)
    let group = DispatchGroup()
    private let slot = Mutex<Result<Ready, any Error>?>(nil)

    /// Stores the worker's outcome.
    func fill(_ outcome: Result<Ready, any Error>) { slot.withLock { $0 = outcome } }

    /// Waits for the worker.
    func wait() { group.wait() }

    /// Waits for the worker and returns its chunk, or throws its error.
    func take() throws -> Ready {
        group.wait()
        return try slot.withLock { $0.take()! }.get()
    }
}
