import Testing

@testable import KubeLedger
@testable import Ledger

@Suite struct DaemonSetsProjectionTests {
    let owner = (kind: "DaemonSet", name: "agent", uid: "ds-1")

    @Test func `daemon pods are placed per node by ownerReference, with uid, and leave on delete`() throws {
        var s = Scenario()
        s.add(
            .create,
            K8s.statefulSet(uid: "ds-1").setting("kind", .str("DaemonSet")).setting("metadata.name", .str("agent")))
        s.add(.create, K8s.pod("agent-abcde", uid: "a1", owner: owner, node: "n1", phase: "Running", ready: true))
        s.add(.create, K8s.pod("agent-fghij", uid: "a2", owner: owner, node: "n2", phase: "Running", ready: true))
        s.add(.create, K8s.pod("other", uid: "o1", node: "n3"))
        s.add(.delete, K8s.pod("agent-abcde", uid: "a1", owner: owner, node: "n1", phase: "Running"))
        s.add(.create, K8s.pod("agent-klmno", uid: "a3", owner: owner, node: "n1"))
        let d = try #require(s.fold(DaemonSetsProjection.self).daemonSet(namespace: "default", name: "agent"))
        #expect(d.nodes.keys.sorted() == ["n1", "n2"])
        #expect(d.nodes["n1"]?.uid == "a3" && d.nodes["n2"]?.uid == "a2")
        #expect(d.placements.count == 3)
        #expect(d.placements.first?.until != nil)
    }

    @Test func `ended placements are bounded per DaemonSet; live ones are never dropped; fold and restore agree`()
        throws
    {
        var s = Scenario()
        s.add(.create, K8s.pod("agent-live", uid: "live", owner: owner, node: "n0", phase: "Running", ready: true))
        let n = 3 * DaemonSetsProjection.retainedEndedPlacements
        for i in 0..<n {
            s.add(.create, K8s.pod("agent-\(i)", uid: "a\(i)", owner: owner, node: "n\(i % 5 + 1)"))
            s.add(.delete, K8s.pod("agent-\(i)", uid: "a\(i)", owner: owner, node: "n\(i % 5 + 1)"))
        }
        let p = s.fold(DaemonSetsProjection.self)
        let d = try #require(p.daemonSet(namespace: "default", name: "agent"))
        #expect(d.placements.count <= 2 * DaemonSetsProjection.retainedEndedPlacements + 64)
        #expect(d.placements.contains { $0.uid == "live" && $0.until == nil })
        #expect(d.placements.contains { $0.uid == "a\(n - 1)" } && !d.placements.contains { $0.uid == "a0" })
        var first = DaemonSetsProjection()
        for e in s.events.prefix(s.events.count / 2 + 3) { first.apply(e) }
        var restored = try DaemonSetsProjection(decoding: first.encoded())
        for e in s.events.dropFirst(s.events.count / 2 + 3) { restored.apply(e) }
        #expect(restored.checksum == p.checksum)
    }
}
