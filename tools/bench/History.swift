// Scenario `history`: a generated cluster history (KubeLedgerGenerator) appended through the
// Ledger, then the read-side targets of issues 3 and 4 measured on it: state of all pods at a
// random revision, rollout history of one Deployment, diff/field history/undo planning of one
// object, projection catch-up, and time travel against folding from revision 1.
import Foundation
import KubeLedger
import KubeLedgerGenerator
import Ledger

func historyScenario(_ o: Options, _ report: Report) throws {
    let total = o.events ?? (o.quick ? 20_000 : 1_000_000)
    let checkpoints = o.quick ? [total / 2, total] : [total / 10, total]
    let dir = try TempDir(base: o.dir, "history")
    // --keep DIR: leave the store for the CLI measurements of tools/scale/run-history.sh.
    defer { if o.keep == nil { dir.remove() } }
    let storePath = o.keep ?? (dir.path + "/store")
    let ledger = try openLedger(storePath, mapSize: o.mapSize(for: total), compress: o.compress)
    var options = GeneratorOptions(events: o.clusterEvents ?? total, seed: 11)
    options.events = total
    options.livePods = o.livePods
    options.start = GeneratorOptions.defaultStart
    var iterator = HistoryGenerator(options).makeIterator()
    var appended = 0
    var batch: [NewEvent] = []
    batch.reserveCapacity(1000)
    var appendSeconds = 0.0
    report.section(
        "History (generated, \(total.withThousandsInt) events): read-side targets",
        [
            "log size", "get pods -A at random R (p50 / p99)", "before issue 15: whole live set, parse (p50 / p99)",
            "same by objects index walk (p50 / p99)", "live-set / pod-rows catch-up", "fold from 1 (mean)", "speed-up",
            "rollout history of one Deployment, write-side cache refresh / query (p50)",
            "diff / audit --field / undo plan (p50)", "live pods",
        ])
    var breakdowns: [String] = []
    for stop in checkpoints {
        while appended < stop, let g = iterator.next() {
            batch.append(newEvent(g))
            appended += 1
            if batch.count == 1000 {
                let b = batch
                appendSeconds += try time { try ledger.append(b) }
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty {
            let b = batch
            appendSeconds += try time { try ledger.append(b) }
            batch.removeAll(keepingCapacity: true)
        }
        let head = try ledger.lastRevision()
        let queries = WorkloadQueries(ledger: ledger)
        var rng = SeededRandom(seed: 5)
        // The write side's upkeep after an import (the Ingestor runs it after each commit): fold the
        // live set's new events (headers only) and store its snapshots, and compute the pod rows
        // of `get pods` (PodRowCache). Queries never write.
        let liveCatchUp = try time { try ProjectionStore(ledger: ledger).catchUpLiveObjects() }
        let rowsCatchUp = try time { try PodRowCache(ledger: ledger).catchUp() }
        // State of every pod at a random revision, rendered as `get pods -A` does: the live set's
        // pod scope and the cached rows (issue 15); before issue 15, the whole live set decoded,
        // then each pod read, parsed and picked; and (for comparison) by walking the `objects` index.
        var samples: [Double] = []
        var beforeSamples: [Double] = []
        var walkSamples: [Double] = []
        var phases: [[Double]] = Array(repeating: [], count: 3)
        var beforePhases: [[Double]] = Array(repeating: [], count: 4)
        var live = 0
        for _ in 0..<(o.quick ? 10 : 40) {
            let r = UInt64.random(in: 1...head, using: &rng)
            let reference = Timestamp.now()
            // Now: which pods (the live set's pod scope), their rows, the table.
            let t0 = now()
            let entries = try queries.liveEntries(groupKind: "/Pod", namespace: nil, at: r)
            let t1 = now()
            let rows = try PodRowCache(ledger: ledger).rows(entries)
            let t2 = now()
            let table = GetView.podTable(rows, at: reference, options: .init(allNamespaces: true))
            let t3 = now()
            samples.append(t3 - t0)
            phases[0].append(t1 - t0)
            phases[1].append(t2 - t1)
            phases[2].append(t3 - t2)
            live = rows.count
            // Before: the same work in phases: the whole live set, the events, parsing, the table.
            let b0 = now()
            let beforeEntries = try wholeLiveSetEntries(ledger, groupKind: "/Pod", at: r)
            let b1 = now()
            let events = try ledger.events(at: beforeEntries.map(\.revision))
            let b2 = now()
            var values: [JSONValue] = []
            var bodies: [[UInt8]] = []
            for (key, e) in zip(beforeEntries.map(\.key), events) {
                guard let b = e.body, let v = try? JSONReader.parseMetadata(b, maxDepth: 10_000) else { continue }
                values.append(History.namespaced(v, key))
                bodies.append(b)
            }
            let b3 = now()
            let beforeTable = GetView.table(
                kind: "Pod", objects: values, bodies: bodies, at: reference, options: .init(allNamespaces: true))
            let b4 = now()
            beforeSamples.append(b4 - b0)
            beforePhases[0].append(b1 - b0)
            beforePhases[1].append(b2 - b1)
            beforePhases[2].append(b3 - b2)
            beforePhases[3].append(b4 - b3)
            guard table == beforeTable else { throw BenchError("get pods -A at \(r): the rows' table differs") }
            // The old path costs one seek per object ever seen: a few samples suffice on long logs.
            if walkSamples.count < (total >= 1_000_000 ? 5 : 40) {
                walkSamples.append(
                    try time {
                        let found = try ledger.liveObjects(groupKind: "/Pod", namespace: nil, atOrBefore: r)
                        let events = try ledger.events(at: found.map(\.entry.revision))
                        let values = events.compactMap { e in e.body.flatMap { try? JSONReader.parse($0) } }
                        _ = GetView.table(kind: "Pod", objects: values, at: .now(), options: .init(allNamespaces: true))
                    })
            }
        }
        // The same state by folding from revision 1 (what a store without indexes must do).
        var foldSamples: [Double] = []
        for _ in 0..<(o.readsOnly ? 0 : o.quick || total >= 5_000_000 ? 1 : 2) {
            let r = UInt64.random(in: head / 2...head, using: &rng)
            foldSamples.append(
                try time {
                    var pods = PodsProjection()
                    var f = EventFilter()
                    f.toRevision = r
                    try ledger.scan(f) { e in
                        pods.apply(e)
                        return true
                    }
                })
        }
        // Rollout history, diff, field history and undo planning of one Deployment.
        let deployments = try ledger.liveObjects(groupKind: "apps/Deployment").map(\.key)
        var rollout: [Double] = []
        var rolloutCold: [Double] = []
        var perObject: [Double] = []
        for k in deployments.prefix(8) {
            // The write side caches a long workload history after an import (refreshRolloutCache);
            // the figure is a query after that, as a user sees it.
            let cold = try time {
                _ = try queries.refreshRolloutCache(kind: "Deployment", namespace: k.namespace, name: k.name)
            }
            rolloutCold.append(cold)
            rollout.append(
                try time { _ = try queries.rollouts(kind: "Deployment", namespace: k.namespace, name: k.name) })
            perObject.append(
                try time {
                    let history = try ledger.history(of: k)
                    let events = try ledger.events(at: history.suffix(50).map(\.revision))
                    _ = FieldHistory.changes(of: "spec.template.spec.containers[0].image", in: events)
                    if let a = events.first?.body, let b = events.last?.body, let x = try? JSONReader.parse(a),
                        let y = try? JSONReader.parse(b)
                    {
                        _ = UnifiedDiff.diff(
                            KubectlYAML.render(DiffNoiseFilter.filter(x)), KubectlYAML.render(DiffNoiseFilter.filter(y))
                        )
                    }
                })
        }
        let p50 = percentile(samples, 50)
        let fold = foldSamples.isEmpty ? .nan : foldSamples.reduce(0, +) / Double(foldSamples.count)
        report.row([
            appended.withThousandsInt, "\(Fmt.ms(p50)) / \(Fmt.ms(percentile(samples, 99)))",
            "\(Fmt.ms(percentile(beforeSamples, 50))) / \(Fmt.ms(percentile(beforeSamples, 99)))",
            "\(Fmt.ms(percentile(walkSamples, 50))) / \(Fmt.ms(percentile(walkSamples, 99)))",
            "\(Fmt.ms(liveCatchUp)) / \(Fmt.ms(rowsCatchUp))",
            Fmt.ms(fold), Fmt.ratio(fold / p50),
            "\(Fmt.ms(percentile(rolloutCold, 50))) / \(Fmt.ms(percentile(rollout, 50)))",
            Fmt.ms(percentile(perObject, 50)), String(live),
        ])
        breakdowns.append(
            "get pods -A at \(appended.withThousandsInt) events, p50 by phase: "
                + "live set (pod scope) \(Fmt.ms(percentile(phases[0], 50))), "
                + "rows \(Fmt.ms(percentile(phases[1], 50))), table \(Fmt.ms(percentile(phases[2], 50))); "
                + "before issue 15: whole live set \(Fmt.ms(percentile(beforePhases[0], 50))), "
                + "events \(Fmt.ms(percentile(beforePhases[1], 50))), "
                + "JSON parse \(Fmt.ms(percentile(beforePhases[2], 50))), "
                + "table \(Fmt.ms(percentile(beforePhases[3], 50)))"
        )
        if stop == checkpoints.last {
            report.target(
                "get pods -A at a random revision, p50 ≤ 20 ms (ms/20)", ratio: p50 / 0.020, goal: 1, atLeast: false)
            report.target(
                "get pods -A at a random revision, p99 ≤ 100 ms (ms/100)", ratio: percentile(samples, 99) / 0.100,
                goal: 1, atLeast: false)
            report.target("time travel ≥ 100× faster than folding from revision 1", ratio: fold / p50, goal: 100)
            report.target(
                "rollout history of one Deployment ≤ 5 ms (ms/5)", ratio: percentile(rollout, 50) / 0.005, goal: 1,
                atLeast: false)
            report.target(
                "diff + audit --field of one object ≤ 20 ms (ms/20)", ratio: percentile(perObject, 50) / 0.020,
                goal: 1, atLeast: false)
        }
    }
    report.note("")
    breakdowns.forEach(report.note)
    report.note(
        """
        append of the generated history: \(Fmt.rate(Double(appended) / appendSeconds)) events/s (batches of 1000, \
        durable commits)
        """
    )
    // Projection catch-up (rebuild) over the whole log (not with --reads-only).
    let store = ProjectionStore(ledger: ledger)
    if !o.readsOnly {
        let rebuild = try time { _ = try store.rebuild() }
        report.note(
            """
            projection rebuild (all five, snapshots every \(store.interval)): \(Fmt.rate(Double(appended) / rebuild)) \
            events/s
            """
        )
        report.target(
            "catch-up and rebuild ≥ 200,000 events/s (rate/200k)", ratio: Double(appended) / rebuild / 200_000,
            goal: 1)
    }
    if let progress = try? PodRowCache(ledger: ledger).progress(), let stats = try? ledger.stats() {
        report.note(
            "pod rows stored through revision \(progress); caches database: \(stats.entries["caches"] ?? 0) entries, "
                + Fmt.mib(stats.bytes["caches"] ?? 0))
    }
    if let snap = try ledger.snapshot(LiveObjectsProjection.name, atOrBefore: .max) {
        let objects = try LiveObjectsProjection(decoding: snap.bytes).objects.count
        let count = try ledger.snapshotRevisions(LiveObjectsProjection.name).count
        report.note(
            """
            live set snapshot at the head: \(snap.bytes.count) B for \(objects) live objects \
            (\(snap.bytes.count / max(objects, 1)) B each); \(count) snapshots
            """
        )
    }
    let s = try ledger.stats()
    report.note("store: \(Fmt.mib(s.usedBytes)) for \(s.events) events (\(s.usedBytes / max(s.events, 1)) B per event)")
}

func newEvent(_ g: GeneratedEvent) -> NewEvent {
    NewEvent(
        verb: Verb(name: g.verb) ?? .update,
        object: ObjectReference(
            apiVersion: g.apiVersion, kind: g.kind, namespace: g.namespace ?? "", name: g.name, uid: g.uid),
        subresource: g.subresource ?? "", resourceVersion: g.resourceVersion,
        occurredAt: Timestamp(nanoseconds: g.occurredAtNanos),
        actor: g.actor, groups: g.groups, userAgent: g.userAgent, sourceIP: g.sourceIP, source: .audit,
        eventID: g.auditID, body: g.object)
}

extension Int {
    var withThousandsInt: String { String(self).withThousands }
}

/// The live pods at `r` as `get` found them before issue 15: the nearest live-set snapshot decoded
/// whole (every live object of every kind), folded forward over the event headers, then filtered
/// to `groupKind` and sorted. The baseline of the history scenario's `get pods -A`.
func wholeLiveSetEntries(
    _ ledger: Ledger, groupKind: String, at r: UInt64
) throws
    -> [(key: ObjectKey, revision: UInt64)]
{
    var state = LiveObjectsProjection()
    if let snap = try ledger.snapshot(LiveObjectsProjection.name, atOrBefore: r) {
        state = try LiveObjectsProjection(decoding: snap.bytes)
    }
    if r > state.lastRevision {
        try ledger.scanObjectWrites(from: state.lastRevision + 1, to: r) { state.apply($0) }
    }
    return state.entries(scope: LiveObjectsProjection.scope(groupKind: groupKind)).map { ($0.key, $0.entry.revision) }
}
