import KubeLedger
import Ledger

/// Turns adapter items into appended events: validates the whole input first (an input with a
/// reject stores nothing unless `--skip-invalid`), then appends in batches, each one atomic.
struct IngestRunner {
    /// Opens the store; called only once the input is known to be acceptable.
    let open: () throws -> Ledger
    let source: String
    let skipInvalid: Bool
    /// Events per write transaction.
    var batchSize = 10_000

    func run(_ items: [IngestItem], format: OutputFormat) throws {
        var tally = IngestTally()
        for item in items { tally.add(item) }
        if !tally.rejected.isEmpty {
            for r in tally.rejected.prefix(20) { Terminal.error(r.description) }
            if tally.rejected.count > 20 { Terminal.error("… and \(tally.rejected.count - 20) more rejected lines") }
            if !skipInvalid {
                throw CommandFailure(.failure, "\(tally.rejected.count) invalid record(s) in \(source == "-" ? "<stdin>" : source); nothing was stored (fix them, or pass --skip-invalid to store the valid records)")
            }
        }
        let ledger = try open()
        var pending: [NewEvent] = []
        var result = AppendSummary(appended: 0, skipped: 0, rejected: tally.rejected.count)
        var duplicates = 0
        var joined = 0
        var unchanged = 0
        let progress = Progress("importing")
        let total = UInt64(items.count)
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
        for item in items {
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
                        continue
                    }
                    e.verb = .update
                } else {
                    e.verb = .create
                }
                e.joinsSameObjectVersion = true
                pending.append(e)
            case .skipped, .rejected:
                continue
            }
            if pending.count >= batchSize { try flush() }
        }
        try flush()
        progress.finish()
        var reasons: [(String, Int)] = []
        if duplicates > 0 { reasons.append(("duplicate", duplicates)) }
        if joined > 0 { reasons.append(("joined", joined)) }
        if unchanged > 0 { reasons.append(("unchanged", unchanged)) }
        for (reason, n) in tally.skipped.sorted(by: { $0.key.rawValue < $1.key.rawValue }) { reasons.append((reason.description, n)) }
        result.skipped = reasons.reduce(0) { $0 + $1.1 }
        result.skippedByReason = reasons
        result.print(format)
    }
}
