// Scenario `backfill` (issue 14): a store recorded from "today", then an audit log that is
// entirely older imported into it, against the same events imported in occurrence order, in one
// run: import rates, and `get pods -A --at T` in the backfilled range and after it.
import Foundation
import KubeLedger
import KubeLedgerGenerator
import Ledger

func backfillScenario(_ o: Options, _ report: Report) throws {
    let half = (o.events ?? (o.quick ? 20_000 : 300_000)) / 2
    let dir = try TempDir(base: o.dir, "backfill")
    defer { dir.remove() }
    // One generated history in occurrence order, split in two: the older half is the backfill.
    var options = GeneratorOptions(events: 2 * half, seed: 11)
    options.start = GeneratorOptions.defaultStart
    let all = Array(HistoryGenerator(options)).map(newEvent)
    let old = Array(all[..<half])
    let recent = Array(all[half...])

    // As `kubeledger import` does: one ingest call (batches of 10,000 per durable commit, the
    // write side's upkeep after each, the re-fold by occurrence once at the end).
    func ingest(_ events: [NewEvent], into ledger: Ledger) throws -> Double {
        try time {
            _ = try Ingestor().ingest(input: "bench", open: { ledger }) { emit in
                for (i, e) in events.enumerated() { emit(.event(e, line: i + 1)) }
            }
        }
    }
    let backfilled = try openLedger(dir.path + "/backfilled", mapSize: o.mapSize(for: 2 * half), compress: o.compress)
    let inOrder = try openLedger(dir.path + "/in-order", mapSize: o.mapSize(for: 2 * half), compress: o.compress)
    let recentFirst = try ingest(recent, into: backfilled)
    let backfill = try ingest(old, into: backfilled)
    let baselineOld = try ingest(old, into: inOrder)
    let baselineRecent = try ingest(recent, into: inOrder)

    report.section(
        "Backfill (generated, \(half.withThousandsInt) events recorded, then \(half.withThousandsInt) older ones "
            + "imported), against the same events imported in order",
        ["what", "backfilled store", "in-order store", "ratio"])
    let rate = { (n: Int, s: Double) in Double(n) / s }
    report.row([
        "import of the recorded half (ev/s)", Fmt.rate(rate(half, recentFirst)), Fmt.rate(rate(half, baselineRecent)),
        Fmt.ratio(rate(half, recentFirst) / rate(half, baselineRecent)),
    ])
    report.row([
        "import of the older half (ev/s)", Fmt.rate(rate(half, backfill)), Fmt.rate(rate(half, baselineOld)),
        Fmt.ratio(rate(half, backfill) / rate(half, baselineOld)),
    ])
    var rng = SeededRandom(seed: 7)
    let first = old.first!.occurredAt.nanoseconds
    let middle = recent.first!.occurredAt.nanoseconds
    let last = recent.last!.occurredAt.nanoseconds
    for (label, range) in [("in the backfilled range", first...middle), ("in the recorded range", middle...last)] {
        var a: [Double] = []
        var b: [Double] = []
        for _ in 0..<(o.quick ? 5 : 20) {
            let t = Timestamp(nanoseconds: Int64.random(in: range, using: &rng))
            var counts: [Int] = []
            for (ledger, samples) in [(backfilled, 0), (inOrder, 1)] {
                let history = History(ledger: ledger)
                let start = now()
                let pods = try history.objects(
                    ObjectQuery(kind: "Pod", group: ""), at: history.point(.time(t)), metadataOnly: true)
                _ = GetView.table(
                    kind: "Pod", objects: pods.map(\.value), bodies: pods.map(\.body), at: t,
                    options: .init(allNamespaces: true))
                if samples == 0 { a.append(now() - start) } else { b.append(now() - start) }
                counts.append(pods.count)
            }
            guard counts[0] == counts[1] else {
                throw BenchError("the two stores disagree at \(t.rfc3339()): \(counts[0]) vs \(counts[1]) pods")
            }
        }
        report.row([
            "get pods -A --at T \(label), p50 / p99", "\(Fmt.ms(percentile(a, 50))) / \(Fmt.ms(percentile(a, 99)))",
            "\(Fmt.ms(percentile(b, 50))) / \(Fmt.ms(percentile(b, 99)))",
            Fmt.ratio(percentile(a, 50) / percentile(b, 50)),
        ])
    }
    let clock = try backfilled.occurrenceClock()
    report.note(
        "backfilled store: first late revision \(clock.firstLateRevision ?? 0), first object-late revision "
            + "\(clock.firstObjectLateRevision ?? 0); every get pods -A answer equals the in-order store's")
}
