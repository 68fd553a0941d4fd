public import Ledger

/// The one write entry point: `append`, every `import`, a recorded rollback and, later, the live
/// recorder reach ``Ledger/append(_:)`` through here. It owns the ingest policy:
///
/// - **batching**: events are appended in batches of ``Options/batchSize``, each one atomic;
/// - **observations**: an `.observed` item (a list snapshot) becomes a `create` when the ledger
///   does not hold the object live, an `update` when its body differs from the latest version,
///   and nothing when it is unchanged;
/// - **joins**: audit, watch and list events of an object version the ledger already holds
///   from another source are joined to it (their provenance may amend it) instead of stored
///   twice; CLI events never join;
/// - **idempotency**: an event whose id is stored is skipped (``Ledger`` checks it);
/// - **read models**: after each commit the live-set snapshots are brought up to date, and at
///   the end the rollout caches of the workloads the ingest touched, so queries never write.
///
/// ```swift
/// let report = try Ingestor().ingest(input: "audit.log", open: { ledger }) { emit in
///     AuditLogAdapter(source: "audit.log").read(bytes) { emit($0) }
/// }
/// ```
public struct Ingestor: Sendable {
    /// How the ingest runs.
    public struct Options: Sendable, Hashable {
        /// Events per write transaction.
        public var batchSize = 10_000
        /// Store the valid records of an input that has rejects (otherwise store nothing).
        public var skipInvalid = false
        /// Rejects kept for the report (all are counted).
        public var rejectsKept = 20
        /// Revisions between live-set snapshots.
        public var snapshotInterval = ProjectionStore.defaultInterval

        public init() {}
    }

    /// How the ingest runs.
    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Appends `events` as one atomic batch (`append -f`, `append --format events`, a recorded
    /// rollback): all are stored, or none (a failed expected version stores nothing).
    ///
    /// - Throws: ``LedgerError`` (``LedgerError/wrongExpectedVersion(key:expected:actual:)`` for a
    ///   conflict).
    public func append(_ events: [NewEvent], to ledger: Ledger) throws -> IngestReport {
        let report = IngestReport(try store(events, in: ledger))
        try maintainReadModels(ledger, touched: WorkloadSet(events))
        return report
    }

    /// Where every write path reaches the log: appends `events` (with `cursors`, in the same
    /// transaction) and, when an event amended a stored one's provenance, drops the read models
    /// that hold actors from there (``ProjectionStore/invalidate(fromAmendedRevision:)``).
    func store(_ events: [NewEvent], cursors: [String: String] = [:], in ledger: Ledger) throws -> AppendResult {
        let r = try ledger.append(events, cursors: cursors)
        if let m = r.firstAmendedRevision {
            try? ProjectionStore(ledger: ledger, interval: options.snapshotInterval).invalidate(fromAmendedRevision: m)
        }
        return r
    }

    /// The events of a whole input read at once (`append --format events`), to append as one
    /// batch: `.event` items as they are, `.restored` ones with their record time.
    ///
    /// - Throws: ``IngestFailure/rejected(input:count:rejects:)`` when any item is rejected.
    public static func batch(_ items: [IngestItem], input: String) throws(IngestFailure) -> [NewEvent] {
        let rejects = items.compactMap { item -> IngestError? in
            if case .rejected(let e) = item { e } else { nil }
        }
        if !rejects.isEmpty { throw .rejected(input: input, count: rejects.count, rejects: rejects) }
        return items.compactMap { item -> NewEvent? in
            switch item {
            case .event(let e, _): return e
            case .restored(var e, let recordedAt, _, _):
                e.recordedAt = recordedAt
                return e
            default: return nil
            }
        }
    }

    /// Ingests the items an adapter yields in two passes, so memory stays bounded whatever the
    /// input's size: pass 1 only tallies (an input with a reject stores nothing, and the store
    /// is not even opened, unless ``Options/skipInvalid``); pass 2 reads the input again and
    /// appends in batches, each one atomic.
    ///
    /// - Parameters:
    ///   - input: the input's name for messages (a path, or `-` for standard input).
    ///   - open: opens the store; called only once the input is known to be acceptable.
    ///   - progress: called after each batch with the items stored so far and the total.
    ///   - read: reads the whole input and calls `emit` with each item, in input order. It is
    ///     called twice and must yield the same items both times: start each call from the same
    ///     adapter state (a ``WatchStreamAdapter`` remembers uids; copy it before the first call).
    /// - Throws: ``IngestFailure`` for rejected records (unless skipped) or an input that changed
    ///   between the passes; ``LedgerError`` from the store.
    public func ingest(
        input: String, open: () throws -> Ledger, progress: ((UInt64, UInt64) -> Void)? = nil,
        read: (_ emit: (IngestItem) -> Void) -> Void
    ) throws -> IngestReport {
        let name = input == "-" ? "<stdin>" : input
        // Pass 1: validate and count; keeps no item.
        var tally = IngestTally(rejectLimit: options.rejectsKept)
        read { tally.add($0) }
        if tally.rejectedCount > 0, !options.skipInvalid {
            throw IngestFailure.rejected(input: name, count: tally.rejectedCount, rejects: tally.rejected)
        }
        let ledger = try open()
        var pass = Pass(ledger: ledger, ingestor: self, total: UInt64(tally.storable), progress: progress)
        var second = IngestTally(rejectLimit: 0)
        var failure: (any Error)?
        read { item in
            // The adapter cannot be stopped: after a failure, let it run to the end unheard.
            guard failure == nil else { return }
            second.add(item)
            do {
                if case .rejected(let error) = item, !options.skipInvalid {
                    // Pass 1 found no reject: the input changed under us. Stop before storing more.
                    throw IngestFailure.inputChanged(input: name, reject: error, stored: pass.report.appended)
                }
                try pass.handle(item)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        try pass.finish()
        var report = pass.report
        report.rejectedCount = tally.rejectedCount
        report.rejects = tally.rejected
        if pass.unchanged > 0 { report.skippedByReason.append(("unchanged", pass.unchanged)) }
        for (reason, n) in tally.skipped.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            report.skippedByReason.append((reason.description, n))
        }
        if second.storable != tally.storable || second.rejectedCount != tally.rejectedCount {
            report.changedBetweenPasses =
                "\(name) changed while it was imported (first pass: \(tally.storable) records to store,"
                + " \(tally.rejectedCount) rejected; second: \(second.storable), \(second.rejectedCount))"
        }
        return report
    }

    /// Write side, after events are committed: the live-set snapshots up to the last multiple of
    /// K, the pod rows of `get pods` up to the head (``PodRowCache``), and the rollout caches of
    /// the workloads in `touched`. Derived data: a store that cannot
    /// take them (a full map) keeps working without, so a failure here is not the ingest's.
    func maintainReadModels(_ ledger: Ledger, touched: WorkloadSet) throws {
        let store = ProjectionStore(ledger: ledger, interval: options.snapshotInterval)
        try? store.catchUpLiveObjects()
        try? store.catchUpLiveObjectsByOccurrence()
        _ = try? PodRowCache(ledger: ledger).catchUp()
        let queries = WorkloadQueries(ledger: ledger)
        for w in touched.sorted {
            _ = try? queries.refreshRolloutCache(kind: w.kind, namespace: w.namespace, name: w.name)
        }
    }

    /// The second pass: batches, observations, counts.
    private struct Pass {
        let ledger: Ledger
        let ingestor: Ingestor
        let total: UInt64
        let progress: ((UInt64, UInt64) -> Void)?
        var pending: [NewEvent] = []
        var report = IngestReport()
        var duplicates = 0
        var joined = 0
        var unchanged = 0
        var done: UInt64 = 0
        var touched = WorkloadSet()

        init(ledger: Ledger, ingestor: Ingestor, total: UInt64, progress: ((UInt64, UInt64) -> Void)?) {
            self.ledger = ledger
            self.ingestor = ingestor
            self.total = total
            self.progress = progress
        }

        mutating func handle(_ item: IngestItem) throws {
            switch item {
            case .event(var e, _):
                e.joinsSameObjectVersion = e.source != .cli
                pending.append(e)
            case .restored(var e, let recordedAt, _, _):
                e.recordedAt = recordedAt
                pending.append(e)
            case .observed(var e, _):
                // Decide create, update or nothing against the ledger (and this batch).
                try flush()
                if let latest = try ledger.latest(of: e.object.key), latest.verb != .delete {
                    let same = try ledger.withBody(at: latest.revision) { b in b.map { Array($0) == e.body } ?? false }
                    if same {
                        unchanged += 1
                        return
                    }
                    e.verb = .update
                } else {
                    e.verb = .create
                }
                e.joinsSameObjectVersion = true
                pending.append(e)
            case .skipped, .rejected:
                return
            }
            if pending.count >= ingestor.options.batchSize { try flush() }
        }

        mutating func flush() throws {
            guard !pending.isEmpty else { return }
            let r = try ingestor.store(pending, in: ledger)
            report.appended += r.appended
            duplicates += r.skipped
            joined += r.joined
            if report.firstRevision == nil { report.firstRevision = r.firstRevision }
            if let last = r.lastRevision { report.lastRevision = last }
            done += UInt64(pending.count)
            touched.insert(pending)
            progress?(done, total)
            pending.removeAll(keepingCapacity: true)
            try? ProjectionStore(ledger: ledger, interval: ingestor.options.snapshotInterval).catchUpLiveObjects()
            _ = try? PodRowCache(ledger: ledger).catchUp(minimumLag: PodRowCache.ingestLag)
        }

        mutating func finish() throws {
            try flush()
            if duplicates > 0 { report.skippedByReason.insert(("duplicate", duplicates), at: 0) }
            if joined > 0 { report.skippedByReason.append(("joined", joined)) }
            try ingestor.maintainReadModels(ledger, touched: touched)
        }
    }
}
