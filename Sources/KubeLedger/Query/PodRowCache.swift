public import Ledger

/// The `get pods` row of every pod version (``PodRow``), computed once on the write side and
/// kept in the `caches` database (cache family ``family``, keyed by the event's revision), so a
/// table of the pods at some point reads the live set and one small entry per pod instead of
/// reading, decompressing and parsing every pod (issue 15).
///
/// Derived data: the write side (``catchUp(minimumLag:)``, run by the ``Ingestor`` after its
/// commits) computes the rows of the pod events appended since its progress; a read
/// (``rows(_:)``) computes in memory, without storing, the rows the cache lacks (events after
/// its progress, a store written by an older binary or by the `Ledger` API alone, an entry of
/// another layout version or damaged bytes). Either way the row is the one
/// ``GetView/table(kind:objects:bodies:at:options:)`` would print. A changed row layout gets a
/// new family name, so old entries are never misread (and are dropped with the caches).
///
/// ```swift
/// let cache = PodRowCache(ledger: ledger)
/// try cache.catchUp()                                   // write side
/// let rows = try cache.rows(entries)                    // entries: keys and revisions of live pods
/// ```
public struct PodRowCache: Sendable {
    /// The cache family: rows under `pod-rows-1` 0x00 revision; progress under `pod-rows-1`.
    public static let family = "pod-rows-1"

    /// Events the ingest path lets accumulate before it computes their rows (``catchUp(minimumLag:)``).
    public static let ingestLag: UInt64 = 1_000

    /// The log.
    public let ledger: Ledger

    public init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// The last revision whose pod rows are stored (0: none).
    public func progress() throws -> UInt64 {
        try ledger.cache(Self.family)?.revision ?? 0
    }

    /// Write side: computes and stores the row of every core Pod event (not deletes) after the
    /// progress up to the head, when at least `minimumLag` events came since. Reads only the pod
    /// events' bodies (the other events' headers are skipped). Stores in transactions of at
    /// most 8,192 rows, each moving the progress.
    ///
    /// - Returns: the number of rows stored.
    /// - Throws: ``LedgerError`` or `LMDBError` (on a read-only store or a full map; what was
    ///   stored before stays, and the next catch-up resumes from it).
    @discardableResult
    public func catchUp(minimumLag: UInt64 = 0) throws -> Int {
        let head = try ledger.lastRevision()
        let done = try progress()
        guard head > done, head - done >= max(minimumLag, 1) else { return 0 }
        var filter = EventFilter()
        filter.kinds = ["Pod"]
        filter.fromRevision = done + 1
        filter.toRevision = head
        var pending: [(revision: UInt64, bytes: [UInt8])] = []
        var stored = 0
        try ledger.scan(filter) { e in
            let key = e.object.key
            guard e.verb != .delete, key.group.isEmpty, let body = e.body else { return true }
            let row = PodRow(key: key, body: body)
            pending.append((e.revision, PodRow.encoded(row.map { .row($0) } ?? .skipped)))
            if pending.count >= 8_192 {
                try ledger.storeCacheEntries(Self.family, pending, through: e.revision)
                stored += pending.count
                pending.removeAll(keepingCapacity: true)
            }
            return true
        }
        try ledger.storeCacheEntries(Self.family, pending, through: head)
        return stored + pending.count
    }

    /// The rows of the pod versions `entries` (keys and the revisions that wrote them, as the live
    /// set gives them), in their order, leaving out the versions the table leaves out (bodies
    /// that are not JSON). Rows the cache lacks, or holds in bytes it cannot read, are computed
    /// from the objects in memory. A pure read.
    ///
    /// - Throws: ``LedgerError`` when the log cannot be read.
    public func rows(_ entries: [(key: ObjectKey, revision: UInt64)]) throws -> [PodRow] {
        try rowsByEntry(entries).compactMap { $0 }
    }

    /// The rows of `events`, the versions the live set names (in any order): from the cache,
    /// computed from each event's body where the cache lacks it; `nil` where the table leaves the
    /// version out (a body that is not JSON, an event without its object). For a caller that read
    /// the events anyway (`serve`'s Table splices each pod's metadata from its bytes). A pure read.
    public func rows(of events: [(key: ObjectKey, event: RecordedEvent)]) -> [PodRow?] {
        let cached = (try? ledger.cacheEntries(Self.family, revisions: events.map(\.event.revision))) ?? []
        return events.indices.map { i in
            switch i < cached.count ? cached[i].flatMap(PodRow.decoded) : nil {
            case .row(let row)?: return row
            case .skipped?: return nil
            case nil: return events[i].event.body.flatMap { PodRow(key: events[i].key, body: $0) }
            }
        }
    }

    /// ``rows(_:)`` in the order of `entries`, `nil` where the table leaves a version out: a long
    /// list is looked up on up to four threads (one read transaction each).
    private func rowsByEntry(_ entries: [(key: ObjectKey, revision: UInt64)]) throws -> [PodRow?] {
        let ledger = ledger
        return try ParallelChunks.map(entries, minimumPerThread: 4_096) { chunk in
            try PodRowCache(ledger: ledger).rowsOfChunk(Array(chunk))
        }.flatMap { $0 }
    }

    /// ``rowsByEntry(_:)`` on the calling thread.
    private func rowsOfChunk(_ entries: [(key: ObjectKey, revision: UInt64)]) throws -> [PodRow?] {
        // A cache that cannot be read is one to do without, not a failed query.
        let cached = (try? ledger.cacheEntries(Self.family, revisions: entries.map(\.revision))) ?? []
        var found: [PodRow.Cached?] = entries.indices.map { i in
            i < cached.count ? cached[i].flatMap(PodRow.decoded) : nil
        }
        let missing = found.indices.filter { found[$0] == nil }
        if !missing.isEmpty {
            // In chunks: at most 4,096 objects held at once.
            var start = 0
            while start < missing.count {
                let chunk = missing[start..<min(start + 4_096, missing.count)]
                let events = try ledger.events(at: chunk.map { entries[$0].revision })
                let byRevision = Dictionary(events.map { ($0.revision, $0) }, uniquingKeysWith: { a, _ in a })
                for i in chunk {
                    let body = byRevision[entries[i].revision]?.body
                    found[i] = body.flatMap { PodRow(key: entries[i].key, body: $0) }.map { .row($0) } ?? .skipped
                }
                start += chunk.count
            }
        }
        return found.map { cached in
            if case .row(let row)? = cached { return row }
            return nil
        }
    }
}
