import Testing
@testable import KubeLedger
@testable import Ledger
import LedgerTestSupport

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
                object: ObjectReference(apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web", uid: "d-1"),
                occurredAt: Timestamp(nanoseconds: Int64(1_800_000_000 + i) * 1_000_000_000), actor: "alice", body: d.bytes)
        }
    }

    func fullFold(_ ledger: Ledger, upTo r: UInt64 = .max) throws -> WorkloadRollouts? {
        var p = RolloutsProjection(keepingAllRevisions: true)
        var f = EventFilter()
        f.toRevision = r
        try ledger.scan(f) { e in p.apply(e); return true }
        return p.history(kind: "Deployment", namespace: "default", name: "web")
    }

    @Test func `a long history is cached after one query and later queries fold only newer events, with the same answers`() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.append(events(0..<700))
        let queries = WorkloadQueries(ledger: ledger)
        let cache = WorkloadQueries.rolloutsCacheName(kind: "Deployment", namespace: "default", name: "web")
        #expect(try ledger.snapshotRevisions(cache).isEmpty)
        let first = try queries.rollouts(kind: "Deployment", namespace: "default", name: "web")
        #expect(try ledger.snapshotRevisions(cache) == [700])
        #expect(first == (try fullFold(ledger)))
        #expect(first?.revisions.count == 18)

        try ledger.append(events(700..<760))
        let second = try queries.rollouts(kind: "Deployment", namespace: "default", name: "web")
        #expect(second == (try fullFold(ledger)))
        #expect(second?.current?.number == 19)
        #expect(try ledger.snapshotRevisions(cache) == [700], "60 new events are below the caching threshold")

        // A question about the past, before the cached revision, does not use the cache.
        let past = try queries.rollouts(kind: "Deployment", namespace: "default", name: "web", at: 300)
        #expect(past == (try fullFold(ledger, upTo: 300)))
        #expect(past?.current?.number == 8)
    }
}
