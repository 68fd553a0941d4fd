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
    var options = GeneratorOptions(events: total, seed: 11)
    options.start = GeneratorOptions.defaultStart
    var iterator = HistoryGenerator(options).makeIterator()
    var appended = 0
    var batch: [NewEvent] = []
    batch.reserveCapacity(1000)
    var appendSeconds = 0.0
    report.section(
        "History (generated, \(total.withThousandsInt) events): read-side targets",
        [
            "log size", "get pods -A at random R (p50 / p99)", "same by objects index walk (p50 / p99)",
            "live-set catch-up", "fold from 1 (mean)", "speed-up",
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
        // live set's new events (headers only) and store its snapshots. Queries never write.
        let liveCatchUp = try time { try ProjectionStore(ledger: ledger).catchUpLiveObjects() }
        // State of every pod at a random revision, rendered as `get pods -A` would: through the
        // live set read model, and (for comparison) by walking the `objects` index as before.
        var samples: [Double] = []
        var walkSamples: [Double] = []
        var phases: [[Double]] = Array(repeating: [], count: 4)
        var live = 0
        for _ in 0..<(o.quick ? 10 : 40) {
            let r = UInt64.random(in: 1...head, using: &rng)
            // The same work in phases: which objects, their events, parsing, the table.
            let t0 = now()
            let entries = try queries.liveEntries(groupKind: "/Pod", namespace: nil, at: r)
            let t1 = now()
            let events = try ledger.events(at: entries.map(\.revision))
            let t2 = now()
            var values: [JSONValue] = []
            var bodies: [[UInt8]] = []
            for e in events {
                guard let b = e.body, let v = try? JSONReader.parseMetadata(b, maxDepth: 10_000) else { continue }
                values.append(v)
                bodies.append(b)
            }
            let t3 = now()
            _ = GetView.table(
                kind: "Pod", objects: values, bodies: bodies, at: .now(), options: .init(allNamespaces: true))
            let t4 = now()
            samples.append(t4 - t0)
            phases[0].append(t1 - t0)
            phases[1].append(t2 - t1)
            phases[2].append(t3 - t2)
            phases[3].append(t4 - t3)
            live = values.count
            // The old path costs one seek per object ever seen: a few samples suffice on long logs.
            if walkSamples.count < (total >= 5_000_000 ? 5 : 40) {
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
        for _ in 0..<(o.quick || total >= 5_000_000 ? 1 : 2) {
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
        let fold = foldSamples.reduce(0, +) / Double(foldSamples.count)
        report.row([
            appended.withThousandsInt, "\(Fmt.ms(p50)) / \(Fmt.ms(percentile(samples, 99)))",
            "\(Fmt.ms(percentile(walkSamples, 50))) / \(Fmt.ms(percentile(walkSamples, 99)))", Fmt.ms(liveCatchUp),
            Fmt.ms(fold), Fmt.ratio(fold / p50),
            "\(Fmt.ms(percentile(rolloutCold, 50))) / \(Fmt.ms(percentile(rollout, 50)))",
            Fmt.ms(percentile(perObject, 50)), String(live),
        ])
        breakdowns.append(
            "get pods -A at \(appended.withThousandsInt) events, p50 by phase: "
                + "live set \(Fmt.ms(percentile(phases[0], 50))), events \(Fmt.ms(percentile(phases[1], 50))), "
                + "JSON parse \(Fmt.ms(percentile(phases[2], 50))), table \(Fmt.ms(percentile(phases[3], 50)))"
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
    // Projection catch-up (rebuild) over the whole log.
    let store = ProjectionStore(ledger: ledger)
    let rebuild = try time { _ = try store.rebuild() }
    report.note(
        """
        projection rebuild (all five, snapshots every \(store.interval)): \(Fmt.rate(Double(appended) / rebuild)) \
        events/s
        """
    )
    report.target(
        "catch-up and rebuild ≥ 200,000 events/s (rate/200k)", ratio: Double(appended) / rebuild / 200_000, goal: 1)
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
