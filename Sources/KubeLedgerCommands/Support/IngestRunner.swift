import KubeLedger
import Ledger

/// Turns adapter items into appended events in two passes over the input, so memory stays
/// bounded whatever its size: pass 1 only tallies (an input with a reject stores nothing, and the
/// store is not even opened, unless `--skip-invalid`); pass 2 reads the input again and appends
/// in batches, each one atomic.
struct IngestRunner {
    /// Opens the store; called only once the input is known to be acceptable.
    let open: () throws -> Ledger
    let source: String
    let skipInvalid: Bool
    /// Events per write transaction.
    var batchSize = 10_000
    /// Rejects printed (and kept in memory) before "… and N more".
    static let rejectsShown = 20

    /// Runs both passes.
    ///
    /// - Parameters:
    ///   - format: The summary's output format.
    ///   - read: Reads the whole input and calls `emit` with each item, in input order. It is
    ///     called twice and must yield the same items both times: start each call from the same
    ///     adapter state (a ``WatchStreamAdapter`` remembers uids; copy it before the first call).
    /// - Throws: ``CommandFailure`` for rejected records (strict mode) or an input that changed
    ///   between the passes; `LedgerError` or `LMDBError` from the store.
    func run(format: OutputFormat, read: (_ emit: (IngestItem) -> Void) -> Void) throws {
        // Pass 1: validate and count; keeps no item.
        var tally = IngestTally(rejectLimit: Self.rejectsShown)
        read { tally.add($0) }
        if tally.rejectedCount > 0 {
            for r in tally.rejected { Terminal.error(r.description) }
            if tally.rejectedCount > tally.rejected.count {
                Terminal.error("… and \(tally.rejectedCount - tally.rejected.count) more rejected lines")
            }
            if !skipInvalid {
                throw CommandFailure(
                    .failure,
                    "\(tally.rejectedCount) invalid record(s) in \(name); nothing was stored (fix them, or pass "
                        + "--skip-invalid to store the valid records)"
                )
            }
        }
        try append(tally: tally, format: format, read: read)
    }

    private var name: String { source == "-" ? "<stdin>" : source }

    /// Pass 2: appends the items `read` yields, in batches of ``batchSize``.
    private func append(tally: IngestTally, format: OutputFormat, read: (_ emit: (IngestItem) -> Void) -> Void) throws {
        let ledger = try open()
        var pending: [NewEvent] = []
        var result = AppendSummary(appended: 0, skipped: 0, rejected: tally.rejectedCount)
        var duplicates = 0
        var joined = 0
        var unchanged = 0
        let progress = Progress("importing")
        let total = UInt64(tally.storable)
        var done: UInt64 = 0
        func flush() throws {
            guard !pending.isEmpty else { return }
            let r = try ledger.append(pending)
            result.appended += r.appended
            duplicates += r.skipped
            joined += r.joined
            if result.first == nil { result.first = r.firstRevision }
            if let last = r.lastRevision { result.last = last }
            done += UInt64(pending.count)
            progress.update(done, of: total)
            pending.removeAll(keepingCapacity: true)
        }
        var second = IngestTally(rejectLimit: 0)
        var failure: (any Error)?
        func handle(_ item: IngestItem) throws {
            second.add(item)
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
            case .rejected(let error) where !skipInvalid:
                // Pass 1 found no reject: the file changed under us. Stop before storing more.
                throw CommandFailure(
                    .failure,
                    "\(name) changed while it was imported (\(error.description) was not there in the first pass); "
                        + "\(result.appended) event(s) were stored before this; import a file that is no longer "
                        + "written to (re-importing it adds only what is missing)"
                )
            case .skipped, .rejected:
                return
            }
            if pending.count >= batchSize { try flush() }
        }
        read { item in
            // The adapter cannot be stopped: after a failure, let it run to the end unheard.
            guard failure == nil else { return }
            do { try handle(item) } catch { failure = error }
        }
        if let failure {
            progress.finish()
            throw failure
        }
        try flush()
        progress.finish()
        if second.storable != tally.storable || second.rejectedCount != tally.rejectedCount {
            Terminal.error(
                "warning: \(name) changed while it was imported (first pass: \(tally.storable) records to store, "
                    + "\(tally.rejectedCount) rejected; second: \(second.storable), \(second.rejectedCount)); import a "
                    + "file that is no longer written to"
            )
        }
        var reasons: [(String, Int)] = []
        if duplicates > 0 { reasons.append(("duplicate", duplicates)) }
        if joined > 0 { reasons.append(("joined", joined)) }
        if unchanged > 0 { reasons.append(("unchanged", unchanged)) }
        for (reason, n) in tally.skipped.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            reasons.append((reason.description, n))
        }
        result.skipped = reasons.reduce(0) { $0 + $1.1 }
        result.skippedByReason = reasons
        result.print(format)
    }
}
