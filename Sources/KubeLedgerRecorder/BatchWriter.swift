import KubeLedger
import Ledger
import Logging

/// The recorder's one writer: gathers watch events, list reconciliations and cursors from every
/// resource and commits them through ``Ingestor/commit(_:to:)``, one transaction per 100 ms or
/// 1,000 events, whichever comes first. Each transaction carries the cursors of the events it
/// holds, so the store never has an event without its cursor or a cursor ahead of its events.
actor BatchWriter {
    private let ledger: Ledger
    private let ingestor: Ingestor
    private let maxEvents: Int
    private let logger: Logger
    /// The Prometheus series, moved with ``stats``.
    let metrics: RecorderMetrics
    private var batch = RecordBatch()
    /// Counters for `/metrics` and the summary.
    private(set) var stats = RecorderStats()
    /// Resources listed, or whose watch is open (`/readyz`).
    private(set) var readyResources: Set<String> = []
    /// Queued events by resource, and when the oldest queued one arrived.
    private var pendingByResource: [String: Int] = [:]
    private var oldestPending: ContinuousClock.Instant?

    init(ledger: Ledger, maxEvents: Int = 1_000, logger: Logger, metrics: RecorderMetrics = RecorderMetrics()) {
        self.ledger = ledger
        self.metrics = metrics
        self.ingestor = Ingestor()
        self.maxEvents = maxEvents
        self.logger = logger
    }

    /// Queues one watch event and moves `cursor` (resource → resourceVersion) with it; commits
    /// when the batch is full.
    func add(_ item: IngestItem, cursor: (name: String, value: String)) throws {
        if oldestPending == nil { oldestPending = .now }
        batch.items.append(item)
        batch.cursors[cursor.name] = cursor.value
        pendingByResource[cursor.name, default: 0] += 1
        if batch.items.count >= maxEvents { try flush() }
    }

    /// Moves a cursor without an event (a watch bookmark).
    func bookmark(_ name: String, _ value: String) {
        batch.cursors[name] = value
    }

    /// Commits what is queued together with a complete list of a resource and its cursor, in one
    /// transaction.
    func commitList(_ items: [IngestItem], relist: RecordBatch.Relist, cursor: (name: String, value: String)) throws {
        if oldestPending == nil { oldestPending = .now }
        batch.items += items
        batch.relists.append(relist)
        batch.cursors[cursor.name] = cursor.value
        pendingByResource[cursor.name, default: 0] += items.count
        try flush()
        stats.relists += 1
        metrics.countRelist()
        readyResources.insert(cursor.name)
    }

    /// Commits items now (an audit webhook request, answered only after this returns).
    func commitNow(_ items: [IngestItem]) throws {
        if oldestPending == nil { oldestPending = .now }
        batch.items += items
        pendingByResource["audit", default: 0] += items.count
        try flush()
    }

    /// A resource's watch is open.
    func markReady(_ name: String) { readyResources.insert(name) }

    /// Events of resource `name` (its cursor name) committed so far.
    func eventsCommitted(for name: String) -> Int { stats.eventsByResource[name] ?? 0 }

    func countWatchRestart() {
        stats.watchRestarts += 1
        metrics.countWatchRestart()
    }

    /// Commits the queue, if anything is queued.
    func flush() throws {
        guard !batch.isEmpty else { return }
        let pending = batch
        let counts = pendingByResource
        let oldest = oldestPending ?? .now
        batch = RecordBatch()
        pendingByResource = [:]
        oldestPending = nil
        let clock = ContinuousClock()
        let start = clock.now
        let report = try ingestor.commit(pending, to: ledger)
        stats.commits += 1
        for (name, n) in counts { stats.eventsByResource[name, default: 0] += n }
        let lag = clock.now - oldest
        stats.lastCommitLagSeconds =
            Double(lag.components.seconds) + Double(lag.components.attoseconds) / 1e18
        stats.eventsRecorded += report.appended
        stats.lastCommit = Timestamp.now()
        stats.lastCommitDuration = clock.now - start
        if let last = report.lastRevision { stats.lastRevision = last }
        metrics.countCommit(stats, events: counts)
        logger.trace("commit", metadata: ["events": "\(report.appended)", "skipped": "\(report.skipped)"])
    }
}
