import Foundation
import Testing

@testable import KubeLedger
@testable import Ledger

@Suite struct PodsProjectionTests {
    let rs = (kind: "ReplicaSet", name: "web-5d8b7c9f4", uid: "rs-1")

    func kinds(_ l: PodLifecycle?) -> [PodLifecycleEvent.Kind] { l?.events.map(\.kind) ?? [] }

    @Test func `a pod's lifecycle records creation, scheduling, phases and readiness with revisions`() throws {
        var s = Scenario()
        s.add(.create, K8s.pod("web-x", uid: "u1", owner: rs))
        s.add(.update, K8s.pod("web-x", uid: "u1", owner: rs, node: "n1"), actor: "system:kube-scheduler")
        s.add(
            .update, K8s.pod("web-x", uid: "u1", owner: rs, node: "n1", phase: "Running", ready: true),
            actor: "system:node:n1")
        let p = s.fold(PodsProjection.self)
        let life = try #require(p.lifecycles["u1"])
        #expect(kinds(life) == [.created, .phase, .scheduled, .phase, .ready])
        #expect(life.events.map(\.revision) == [1, 1, 2, 3, 3])
        #expect(life.owner == "ReplicaSet/web-5d8b7c9f4")
        let pod = try #require(p.pod(namespace: "default", name: "web-x"))
        #expect(
            pod.status == "Running" && pod.readyColumn == "1/1" && pod.node == "n1" && pod.ownerKind == "ReplicaSet")
    }

    @Test func `§8 #21 graceful delete shows Terminating, then the kubelet's delete removes the pod`() throws {
        var s = Scenario()
        s.add(.create, K8s.pod("web-x", uid: "u1", owner: rs, node: "n1", phase: "Running", ready: true))
        let terminating = K8s.pod(
            "web-x", uid: "u1", owner: rs, node: "n1", phase: "Running", ready: true, deletion: "2026-01-01T00:03:30Z",
            grace: 30)
        s.add(.delete, terminating, source: .audit)
        s.add(.create, K8s.pod("web-y", uid: "u2", owner: rs))
        var p = s.fold(PodsProjection.self)
        #expect(p.pod(namespace: "default", name: "web-x")?.status == "Terminating")
        #expect(p.pods.count == 2)
        s.add(.delete, terminating.setting("metadata.deletionGracePeriodSeconds", .int(0)), actor: "system:node:n1")
        p = s.fold(PodsProjection.self)
        #expect(p.pod(namespace: "default", name: "web-x") == nil)
        #expect(kinds(p.lifecycles["u1"]).suffix(2) == [.terminating, .deleted])
        #expect(p.lifecycles["u1"]?.isGone == true)
    }

    @Test func `§8 #22 an unscheduled pod is deleted in one step`() throws {
        var s = Scenario()
        s.add(.create, K8s.pod("web-x", uid: "u1", owner: rs))
        s.add(.delete, K8s.pod("web-x", uid: "u1", owner: rs), source: .audit)
        let p = s.fold(PodsProjection.self)
        #expect(p.pods.isEmpty)
        #expect(kinds(p.lifecycles["u1"]) == [.created, .phase, .deleted])
    }

    @Test func `§8 #30 a pod re-created with the same name is a new uid with its own timeline`() throws {
        var s = Scenario()
        s.add(.create, K8s.pod("web-0", uid: "u1", node: "n1", phase: "Running", ready: true))
        s.add(.create, K8s.pod("web-0", uid: "u2"))
        let p = s.fold(PodsProjection.self)
        #expect(p.lifecycles(namespace: "default", name: "web-0").map(\.uid) == ["u1", "u2"])
        #expect(kinds(p.lifecycles["u1"]).last == .deleted)
        #expect(kinds(p.lifecycles["u2"]) == [.created, .phase])
        let pod = try #require(p.pod(namespace: "default", name: "web-0"))
        #expect(pod.uid == "u2" && pod.node.isEmpty && pod.status == "Pending")
    }

    @Test func `§8 #20 a failed pod stays as an object`() throws {
        var s = Scenario()
        s.add(
            .create, K8s.pod("web-x", uid: "u1", node: "n1", phase: "Failed").setting("status.reason", .str("Evicted")))
        let p = s.fold(PodsProjection.self)
        #expect(p.pod(namespace: "default", name: "web-x")?.status == "Evicted")
    }

    @Test func `§8 #48 a generateName create is keyed by the name in the object`() throws {
        var s = Scenario()
        let ref = ObjectReference(apiVersion: "v1", kind: "Pod", namespace: "default", name: "")
        s.add(.create, ref, body: K8s.pod("web-5d8b7c9f4-x2x4z", uid: "u1", owner: rs).bytes, source: .audit)
        #expect(s.fold(PodsProjection.self).pod(namespace: "default", name: "web-5d8b7c9f4-x2x4z") != nil)
    }

    @Test func `§8 #52 a re-listed ADDED of a known pod is not a new creation`() throws {
        var s = Scenario()
        s.add(.create, K8s.pod("web-x", uid: "u1"))
        s.add(.create, K8s.pod("web-x", uid: "u1"))
        #expect(kinds(s.fold(PodsProjection.self).lifecycles["u1"]) == [.created, .phase])
    }

    @Test func `a delete without a body still removes the pod it names`() throws {
        var s = Scenario()
        s.add(.create, K8s.pod("web-x", uid: "u1"))
        s.add(.delete, ObjectReference(apiVersion: "v1", kind: "Pod", namespace: "default", name: "web-x"), body: nil)
        s.add(
            .update, ObjectReference(apiVersion: "v1", kind: "Pod", namespace: "default", name: "web-y"),
            body: Array("garbage".utf8))
        let p = s.fold(PodsProjection.self)
        #expect(p.pods.isEmpty)
        #expect(p.lifecycles["u1"]?.isGone == true)
    }

    @Test(
        .enabled(if: Fixture.corpus != nil, "shared/corpus is absent"),
        arguments: [
            ("unscheduled.json", "Pending"),
            ("scheduled.json", "Pending"),
            ("unready.json", "ContainerCreating"),
            ("imagePullError.json", "ImagePullBackOff"),
            ("crashLoopBackoff.json", "CrashLoopBackOff"),
            ("containerTerminatedError.json", "RunContainerError"),
            ("containerTerminatedSuccessRestartNever.json", "Completed"),
            ("createSuccess.json", "Running"),
            ("imagePullErrorResolved.json", "Running"),
        ])
    func `pulumi's recorded pod histories fold into timelines with kubectl's last STATUS`(
        file: String, status: String
    ) throws {
        let corpus = try #require(Fixture.corpus, "shared/corpus is absent")
        let url = corpus.appendingPathComponent(
            "pulumi__pulumi-kubernetes/provider/pkg/await/checker/internal/workflows/kubernetes/pod/\(file)")
        let snapshots = try #require(try JSONReader.parse([UInt8](Data(contentsOf: url))).arrayValue)
        var s = Scenario()
        for (i, pod) in snapshots.enumerated() { s.add(i == 0 ? .create : .update, pod, after: 1) }
        let p = s.fold(PodsProjection.self)
        let name = try #require(snapshots.last?["metadata"]?["name"]?.stringValue)
        let ns = snapshots.last?["metadata"]?["namespace"]?.stringValue ?? ""
        let pod = try #require(p.pod(namespace: ns, name: name))
        #expect(pod.status == status)
        let life = try #require(p.lifecycles[pod.uid])
        #expect(life.events.first?.kind == .created)
        #expect(life.events.contains { $0.kind == .phase })
    }

    @Test func `gone lifecycles are bounded, the most recently ended kept, and folding agrees with a snapshot restore`()
        throws
    {
        var s = Scenario()
        let n = 2 * PodsProjection.retainedGoneLifecycles + 500
        for i in 0..<n {
            s.add(.create, K8s.pod("p\(i)", uid: "u\(i)", owner: rs))
            if i % 10 != 9 { s.add(.delete, K8s.pod("p\(i)", uid: "u\(i)", owner: rs)) }
        }
        let p = s.fold(PodsProjection.self)
        let gone = p.lifecycles.values.filter(\.isGone)
        let live = p.lifecycles.values.filter { !$0.isGone }
        #expect(live.count == n / 10 && p.pods.count == n / 10, "every live pod keeps its lifecycle")
        #expect(
            gone.count >= PodsProjection.retainedGoneLifecycles
                && gone.count <= 2 * PodsProjection.retainedGoneLifecycles)
        #expect(p.lifecycles["u\(n - 2)"]?.isGone == true, "the latest gone one is kept")
        #expect(p.lifecycles["u0"] == nil, "the oldest gone one was dropped")
        // Restoring a snapshot taken mid-way and folding the rest gives the same state.
        let half = s.events.count / 2
        var first = PodsProjection()
        for e in s.events[..<half] { first.apply(e) }
        var restored = try PodsProjection(decoding: first.encoded())
        for e in s.events[half...] { restored.apply(e) }
        #expect(restored == p && restored.checksum == p.checksum)
    }
}
