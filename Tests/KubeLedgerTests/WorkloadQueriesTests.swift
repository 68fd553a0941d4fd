import LedgerTestSupport
import Testing

@testable import KubeLedger
@testable import Ledger

/// `rollout history` on a real store: the per-workload fold and its cache.
@Suite struct WorkloadQueriesTests {
    let base = K8s.deployment("deployment-web-v1.json")

    /// A Deployment whose template changes every 40th write, status writes in between.
    func events(_ range: Range<Int>) -> [NewEvent] {
        range.map { i in
            let generation = i / 40 + 1
            let d = base.setting("spec.template.metadata.annotations.rev", .str("\(generation)"))
                .setting("metadata.generation", .int(generation)).setting("status.observedGeneration", .int(generation))
                .setting("status.replicas", .int(i % 3))
            return NewEvent(
                verb: i == 0 ? .create : .update,
                object: ObjectReference(
                    apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web", uid: "d-1"),
                occurredAt: Timestamp(nanoseconds: Int64(1_800_000_000 + i) * 1_000_000_000), actor: "alice",
                body: d.bytes)
        }
    }

    func fullFold(_ ledger: Ledger, upTo r: UInt64 = .max) throws -> WorkloadRollouts? {
        var p = RolloutsProjection(keepingAllRevisions: true)
        var f = EventFilter()
        f.toRevision = r
        try ledger.scan(f) { e in
            p.apply(e)
            return true
        }
        return p.history(kind: "Deployment", namespace: "default", name: "web")
    }

    @Test func `a long history is cached by the write side and queries fold only newer events, with the same answers`()
        throws
    {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        let queries = WorkloadQueries(ledger: ledger)
        let cache = WorkloadQueries.rolloutsCacheName(kind: "Deployment", namespace: "default", name: "web")
        try ledger.append(events(0..<700))
        // The Ledger API alone keeps no read model, and a query writes none.
        _ = try queries.rollouts(kind: "Deployment", namespace: "default", name: "web")
        #expect(try ledger.cache(cache) == nil)
        // The write side (the Ingestor, after it commits) caches the workload's long history.
        #expect(try queries.refreshRolloutCache(kind: "Deployment", namespace: "default", name: "web"))
        let first = try queries.rollouts(kind: "Deployment", namespace: "default", name: "web")
        #expect(try ledger.cache(cache)?.revision == 700)
        #expect(first == (try fullFold(ledger)))
        #expect(first?.revisions.count == 18)

        _ = try Ingestor().append(events(700..<760), to: ledger)
        let second = try queries.rollouts(kind: "Deployment", namespace: "default", name: "web")
        #expect(second == (try fullFold(ledger)))
        #expect(second?.current?.number == 19)
        #expect(try ledger.cache(cache)?.revision == 700, "60 new events are below the caching threshold")

        // A question about the past, before the cached revision, does not use the cache.
        let past = try queries.rollouts(kind: "Deployment", namespace: "default", name: "web", at: 300)
        #expect(past == (try fullFold(ledger, upTo: 300)))
        #expect(past?.current?.number == 8)
    }

    @Test func `an actor learned later from an audit record is shown, not a cached empty one`() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        // Watch events first: no actor, joinable by uid + resourceVersion.
        let watched = events(0..<600).enumerated().map { i, e -> NewEvent in
            var w = e
            w.actor = ""
            w.resourceVersion = "\(i + 1)"
            w.joinsSameObjectVersion = true
            w.source = .watch
            return w
        }
        try ledger.append(watched)
        let queries = WorkloadQueries(ledger: ledger)
        let before = try queries.rollouts(kind: "Deployment", namespace: "default", name: "web")
        #expect(before?.revisions.first?.introduced.actor == "")
        // The audit log arrives: the same object versions, with who made them.
        let audited = watched.map { e -> NewEvent in
            var a = e
            a.actor = "bob"
            a.source = .audit
            a.eventID = "audit-\(e.resourceVersion)"
            return a
        }
        let joined = try ledger.append(audited)
        #expect(joined.joined == 600)
        let after = try queries.rollouts(kind: "Deployment", namespace: "default", name: "web")
        #expect(after?.revisions.first?.introduced.actor == "bob")
        #expect(after == (try fullFold(ledger)))
    }

    @Test func `replica counts over time are complete in a workload's own history`() throws {
        var p = RolloutsProjection(keepingAllRevisions: true)
        var s = Scenario()
        let d = K8s.deployment("deployment-web-v1.json", caughtUp: true)
        s.add(.create, d)
        for i in 0..<40 {
            s.add(.update, K8s.replicaSet(of: d, hash: "5d8b7c9f4", revision: 1, replicas: 3, ready: i % 4))
        }
        for e in s.events { p.apply(e) }
        let counts =
            p.history(kind: "Deployment", namespace: "default", name: "web")?.revisions.first?.replicas.count ?? 0
        #expect(counts > RolloutRevision.retainedReplicaCounts)
        #expect(
            s.fold(RolloutsProjection.self).history(kind: "Deployment", namespace: "default", name: "web")?.revisions
                .first?.replicas.count == RolloutRevision.retainedReplicaCounts)
    }
}
