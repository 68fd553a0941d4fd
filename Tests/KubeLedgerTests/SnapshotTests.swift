import LedgerTestSupport
import Testing

@testable import KubeLedger
@testable import Ledger

@Suite struct SnapshotTests {
    func scenario() -> Scenario {
        var s = Scenario()
        let v1 = K8s.deployment("deployment-web-v1.json")
        s.add(.create, v1)
        s.add(.create, K8s.replicaSet(of: v1, hash: "aaa", revision: 1, ready: 1))
        s.add(.update, K8s.deployment("deployment-web-v2.json", generation: 2))
        s.add(.create, K8s.statefulSet(replicas: 1))
        s.add(.create, K8s.pvc("www-web-0", uid: "c0", volume: "pv-0", phase: "Bound"))
        s.add(.create, K8s.pv("pv-0", claim: "www-web-0", claimUID: "c0"))
        s.add(
            .create,
            K8s.pod(
                "web-0", uid: "p0", owner: ("StatefulSet", "web", "s-1"), node: "n1", phase: "Running", ready: true,
                claims: ["www-web-0"]))
        s.add(.create, K8s.pod("agent-x", uid: "a0", owner: ("DaemonSet", "agent", "ds-1"), node: "n1"))
        s.add(
            .delete,
            K8s.pod(
                "web-0", uid: "p0", owner: ("StatefulSet", "web", "s-1"), node: "n1", phase: "Running",
                deletion: "2026-01-01T01:00:00Z", grace: 30), source: .audit)
        return s
    }

    func roundTrip<P: Projection & Equatable>(_: P.Type) throws {
        let p = scenario().fold(P.self)
        let q = try P(decoding: p.encoded())
        #expect(q == p)
        #expect(q.checksum == p.checksum && p.checksum.count == 32)
        #expect(q.encoded() == p.encoded())
        #expect(p.lastRevision == 9)
        #expect(throws: (any Error).self) { try P(decoding: Array(p.encoded().dropLast())) }
        #expect(throws: (any Error).self) { try P(decoding: [1, 2, 3]) }
        #expect(P().checksum != p.checksum)
    }

    @Test func `Pods snapshots round-trip with an equal checksum`() throws { try roundTrip(PodsProjection.self) }
    @Test func `Rollouts snapshots round-trip with an equal checksum`() throws {
        try roundTrip(RolloutsProjection.self)
    }
    @Test func `StatefulSet identity snapshots round-trip with an equal checksum`() throws {
        try roundTrip(StatefulSetIdentityProjection.self)
    }
    @Test func `DaemonSet snapshots round-trip with an equal checksum`() throws {
        try roundTrip(DaemonSetsProjection.self)
    }

    @Test func `a snapshot written in another format version is folded again, not reported as damage`() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        let events = scenario().events.map { e in
            NewEvent(verb: e.verb, object: e.object, occurredAt: e.occurredAt, actor: e.actor, body: e.body)
        }
        try ledger.append(events)
        let store = ProjectionStore(ledger: ledger, interval: 4)
        try store.catchUp(snapshotHead: true)
        // An older binary's StatefulSet identity snapshot at 8 (format version 1).
        var old = SnapshotWriter(magic: StatefulSetIdentityProjection.name, version: 1)
        old.write(UInt64(8))
        let checksum = StatefulSetIdentityProjection().checksum
        try ledger.dropProjection(StatefulSetIdentityProjection.name)
        try ledger.storeSnapshots(StatefulSetIdentityProjection.name, [(8, old.bytes, checksum)])
        #expect(try store.catchUp(snapshotHead: true) > 0, "folded again from revision 1")
        #expect(try store.verify() == nil)
        let stored = try #require(try ledger.snapshot(StatefulSetIdentityProjection.name, atOrBefore: 8))
        #expect(try StatefulSetIdentityProjection(decoding: stored.bytes).lastRevision == 8)
    }

    @Test func `a snapshot continues folding exactly like the original`() throws {
        let s = scenario()
        var a = PodsProjection()
        var b = PodsProjection()
        for e in s.events.prefix(5) { a.apply(e) }
        b = try PodsProjection(decoding: a.encoded())
        for e in s.events {
            a.apply(e)
            b.apply(e)
        }
        #expect(a.checksum == b.checksum)
    }

    @Test func `a snapshot of 10,000 pods decodes`() throws {
        var s = Scenario()
        for i in 0..<10_000 {
            s.add(
                .create,
                K8s.pod(
                    "p\(i)", uid: "u\(i)", owner: ("ReplicaSet", "rs", "r"), node: "n\(i % 50)", phase: "Running",
                    ready: true), after: 1)
        }
        let p = s.fold(PodsProjection.self)
        let bytes = p.encoded()
        let q = try PodsProjection(decoding: bytes)
        #expect(q.pods.count == 10_000)
        #expect(q.checksum == p.checksum)
    }
}
