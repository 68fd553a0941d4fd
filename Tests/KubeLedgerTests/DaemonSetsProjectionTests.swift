import Testing
@testable import KubeLedger
@testable import Ledger

@Suite struct DaemonSetsProjectionTests {
    let owner = (kind: "DaemonSet", name: "agent", uid: "ds-1")

    @Test func `daemon pods are placed per node by ownerReference, with uid, and leave on delete`() throws {
        var s = Scenario()
        s.add(.create, K8s.statefulSet(uid: "ds-1").setting("kind", .str("DaemonSet")).setting("metadata.name", .str("agent")))
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
}
