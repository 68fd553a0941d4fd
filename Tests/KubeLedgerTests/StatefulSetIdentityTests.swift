import Foundation
import Testing

@testable import KubeLedger
@testable import Ledger

@Suite struct StatefulSetIdentityTests {
    let owner = (kind: "StatefulSet", name: "web", uid: "s-1")

    /// Creates the set, then for each ordinal a bound claim, its volume and a running pod.
    func start(_ s: inout Scenario, set: JSONValue, ordinals: Range<Int>, volumePrefix: String = "pv") {
        s.add(.create, set)
        for o in ordinals { bringUp(&s, o, podUID: "p\(o)", claimUID: "c\(o)", volume: "\(volumePrefix)-\(o)") }
    }

    func bringUp(_ s: inout Scenario, _ o: Int, podUID: String, claimUID: String?, volume: String?) {
        if let claimUID, let volume {
            s.add(.create, K8s.pvc("www-web-\(o)", uid: claimUID))
            s.add(.create, K8s.pv(volume, claim: "www-web-\(o)", claimUID: claimUID))
            s.add(.update, K8s.pvc("www-web-\(o)", uid: claimUID, volume: volume, phase: "Bound"))
        }
        s.add(.create, K8s.pod("web-\(o)", uid: podUID, owner: owner, claims: ["www-web-\(o)"]))
        s.add(
            .update,
            K8s.pod(
                "web-\(o)", uid: podUID, owner: owner, node: "node-\(o % 2)", phase: "Running", ready: true,
                claims: ["www-web-\(o)"]))
    }

    func identity(_ s: Scenario) throws -> StatefulSetIdentity {
        try #require(s.fold(StatefulSetIdentityProjection.self).identity(namespace: "default", name: "web"))
    }

    @Test func `each ordinal has its pod name, hostname, DNS name, claim and bound volume`() throws {
        var s = Scenario()
        start(&s, set: K8s.statefulSet(), ordinals: 0..<3)
        let id = try identity(s)
        #expect(id.ordinals.map(\.pod) == ["web-0", "web-1", "web-2"])
        #expect(id.ordinals[1].dns == "web-1.nginx.default.svc.cluster.local")
        #expect(id.ordinals[1].hostname == "web-1")
        #expect(id.ordinals.map { $0.claims.map(\.name) } == [["www-web-0"], ["www-web-1"], ["www-web-2"]])
        #expect(id.ordinals.map { $0.claims.first?.volume } == ["pv-0", "pv-1", "pv-2"])
        #expect(id.ordinals.allSatisfy { $0.claims.first?.verified == true && $0.state == "Running" })
        #expect(id.ordinals.map(\.node) == ["node-0", "node-1", "node-0"])
    }

    @Test func `§8 #25 StatefulSet scale 3→1→3 with Retain reuses the same claims and volumes`() throws {
        var s = Scenario()
        start(&s, set: K8s.statefulSet(), ordinals: 0..<3)
        s.add(.update, K8s.statefulSet(replicas: 1))
        for o in [2, 1] {
            s.add(
                .delete,
                K8s.pod(
                    "web-\(o)", uid: "p\(o)", owner: owner, node: "node-\(o % 2)", phase: "Running",
                    claims: ["www-web-\(o)"]))
        }
        var id = try identity(s)
        #expect(id.ordinals.map(\.state) == ["Running", "ScaledDown", "ScaledDown"])
        #expect(id.ordinals.map { $0.claims.first?.volume } == ["pv-0", "pv-1", "pv-2"])
        #expect(id.ordinals[2].inRange == false)
        s.add(.update, K8s.statefulSet(replicas: 3))
        bringUp(&s, 1, podUID: "p1b", claimUID: nil, volume: nil)
        bringUp(&s, 2, podUID: "p2b", claimUID: nil, volume: nil)
        id = try identity(s)
        #expect(id.ordinals.map(\.state) == ["Running", "Running", "Running"])
        #expect(id.ordinals[2].claims.first?.volume == "pv-2")
        #expect(id.ordinals[2].claims.first?.uid == "c2")
        #expect(id.ordinals[2].incarnations.map(\.uid) == ["p2", "p2b"])
        #expect(id.ordinals[2].incarnations.first?.deleted != nil)
    }

    @Test func `§8 #26 with whenScaled Delete a scale-up gets a new claim uid and a new volume`() throws {
        var s = Scenario()
        let set = K8s.statefulSet().setting(
            "spec.persistentVolumeClaimRetentionPolicy",
            .obj([("whenScaled", .str("Delete")), ("whenDeleted", .str("Retain"))]))
        start(&s, set: set, ordinals: 0..<3)
        s.add(.update, set.setting("spec.replicas", .int(2)))
        s.add(
            .delete, K8s.pod("web-2", uid: "p2", owner: owner, node: "node-0", phase: "Running", claims: ["www-web-2"]))
        s.add(
            .delete, K8s.pvc("www-web-2", uid: "c2", volume: "pv-2", phase: "Bound"),
            actor: "system:serviceaccount:kube-system:generic-garbage-collector")
        s.add(.delete, K8s.pv("pv-2", claim: "www-web-2", claimUID: "c2", phase: "Released"))
        var id = try identity(s)
        #expect(id.whenScaled == "Delete")
        #expect(id.ordinals.count == 3)
        #expect(id.ordinals[2].claims.first?.uid == nil)
        s.add(.update, set)
        bringUp(&s, 2, podUID: "p2b", claimUID: "c2b", volume: "pv-2b")
        id = try identity(s)
        let claim = try #require(id.ordinals[2].claims.first)
        #expect(claim.uid == "c2b" && claim.volume == "pv-2b")
        #expect(claim.history.map(\.uid) == ["c2", "c2b"])
    }

    @Test func `§8 #27 a claim still owned by an old pod incarnation blocks the ordinal until the GC removes it`()
        throws
    {
        var s = Scenario()
        let set = K8s.statefulSet().setting(
            "spec.persistentVolumeClaimRetentionPolicy",
            .obj([("whenScaled", .str("Delete")), ("whenDeleted", .str("Retain"))]))
        start(&s, set: set, ordinals: 0..<3)
        // Scale to 2: the controller makes pod web-2 the owner of its claim, then deletes the pod.
        s.add(.update, set.setting("spec.replicas", .int(2)))
        let owned = K8s.pvc("www-web-2", uid: "c2", volume: "pv-2", phase: "Bound").setting(
            "metadata.ownerReferences",
            .array([
                .obj([("apiVersion", .str("v1")), ("kind", .str("Pod")), ("name", .str("web-2")), ("uid", .str("p2"))])
            ]))
        s.add(.update, owned)
        s.add(
            .delete, K8s.pod("web-2", uid: "p2", owner: owner, node: "node-0", phase: "Running", claims: ["www-web-2"]))
        // Scaled back to 3 before the garbage collector removed the claim: ordinal 2 is blocked.
        s.add(.update, set)
        var id = try identity(s)
        #expect(id.ordinals[2].state == "Blocked")
        #expect(id.ordinals[1].state == "Running")
        // The garbage collector deletes the stale claim: the ordinal is merely missing, then comes back.
        s.add(.delete, owned, actor: "system:serviceaccount:kube-system:generic-garbage-collector")
        id = try identity(s)
        #expect(id.ordinals[2].state == "Missing")
        bringUp(&s, 2, podUID: "p2b", claimUID: "c2b", volume: "pv-2b")
        id = try identity(s)
        #expect(id.ordinals[2].state == "Running")
        #expect(id.ordinals[2].claims.first?.uid == "c2b")
        // A claim owned by the running pod itself is not stale.
        s.add(
            .update,
            K8s.pvc("www-web-2", uid: "c2b", volume: "pv-2b", phase: "Bound").setting(
                "metadata.ownerReferences",
                .array([.obj([("kind", .str("Pod")), ("name", .str("web-2")), ("uid", .str("p2b"))])])))
        #expect(try identity(s).ordinals[2].state == "Running")
        // Snapshots keep the owner.
        let folded = s.fold(StatefulSetIdentityProjection.self)
        #expect(try StatefulSetIdentityProjection(decoding: folded.encoded()).checksum == folded.checksum)
    }

    @Test func `§8 #28 a claim deleted while its pod runs stays Terminating, then comes back with a new uid`() throws {
        var s = Scenario()
        start(&s, set: K8s.statefulSet(replicas: 1), ordinals: 0..<1)
        s.add(.delete, K8s.pvc("www-web-0", uid: "c0", volume: "pv-0", phase: "Bound", deleting: true), source: .audit)
        var id = try identity(s)
        #expect(id.ordinals[0].claims.first?.phase == "Terminating")
        s.add(
            .delete, K8s.pod("web-0", uid: "p0", owner: owner, node: "node-0", phase: "Running", claims: ["www-web-0"]))
        s.add(
            .delete,
            K8s.pvc("www-web-0", uid: "c0", volume: "pv-0", phase: "Bound", deleting: true).setting(
                "metadata.finalizers", .array([])))
        s.add(.update, K8s.pv("pv-0", claim: "www-web-0", claimUID: "c0", phase: "Released", policy: "Retain"))
        bringUp(&s, 0, podUID: "p0b", claimUID: "c0b", volume: "pv-0b")
        id = try identity(s)
        #expect(id.ordinals[0].claims.first?.uid == "c0b")
        #expect(id.ordinals[0].claims.first?.volume == "pv-0b")
    }

    @Test
    func `§8 #29 a Released volume with the old claim uid is not bound to a new claim of the same name`() throws {
        var s = Scenario()
        start(&s, set: K8s.statefulSet(replicas: 1), ordinals: 0..<1)
        s.add(.delete, K8s.pvc("www-web-0", uid: "c0", volume: "pv-0", phase: "Bound"))
        s.add(.update, K8s.pv("pv-0", claim: "www-web-0", claimUID: "c0", phase: "Released", policy: "Retain"))
        s.add(.create, K8s.pvc("www-web-0", uid: "c0b"))
        var claim = try #require(try identity(s).ordinals[0].claims.first)
        #expect(claim.uid == "c0b" && claim.volume == nil && claim.phase == "Pending")
        // Even a claim naming the old volume is not bound to it: the claimRef uid differs.
        s.add(.update, K8s.pvc("www-web-0", uid: "c0b", volume: "pv-0"))
        claim = try #require(try identity(s).ordinals[0].claims.first)
        #expect(claim.volume == nil)
    }

    @Test func `§8 #36 ordinals start at spec.ordinals.start`() throws {
        var s = Scenario()
        s.add(.create, K8s.statefulSet().setting("spec.ordinals", .obj([("start", .int(5))])))
        let id = try identity(s)
        #expect(id.ordinals.map(\.pod) == ["web-5", "web-6", "web-7"])
        #expect(id.ordinals.map { $0.claims.map(\.name) } == [["www-web-5"], ["www-web-6"], ["www-web-7"]])
        #expect(id.ordinals.allSatisfy { $0.state == "Missing" })
    }

    @Test func `§8 #39 a deleted StatefulSet keeps its claims`() throws {
        var s = Scenario()
        start(&s, set: K8s.statefulSet(replicas: 2), ordinals: 0..<2)
        s.add(.delete, K8s.statefulSet(replicas: 2))
        for o in [1, 0] {
            s.add(.delete, K8s.pod("web-\(o)", uid: "p\(o)", owner: owner, node: "node-\(o % 2)", phase: "Running"))
        }
        let id = try identity(s)
        #expect(id.isDeleted)
        #expect(id.ordinals.map(\.state) == ["Deleted", "Deleted"])
        #expect(id.ordinals.map { $0.claims.first?.volume } == ["pv-0", "pv-1"])
    }

    @Test func `§8 #40 a re-created StatefulSet reuses its old claims by name`() throws {
        var s = Scenario()
        start(&s, set: K8s.statefulSet(replicas: 1), ordinals: 0..<1)
        s.add(.delete, K8s.statefulSet(replicas: 1))
        s.add(.delete, K8s.pod("web-0", uid: "p0", owner: owner, node: "node-0", phase: "Running"))
        s.add(.create, K8s.statefulSet(uid: "s-2", replicas: 1))
        bringUp(&s, 0, podUID: "p0b", claimUID: nil, volume: nil)
        let id = try identity(s)
        #expect(!id.isDeleted)
        #expect(id.ordinals[0].claims.first?.uid == "c0" && id.ordinals[0].claims.first?.volume == "pv-0")
        #expect(id.ordinals[0].incarnations.map(\.uid) == ["p0", "p0b"])
    }

    @Test
    func `§8 #31 a failed StatefulSet pod is re-created with the same name and a new uid on another node`() throws {
        var s = Scenario()
        start(&s, set: K8s.statefulSet(replicas: 1), ordinals: 0..<1)
        s.add(
            .update, K8s.pod("web-0", uid: "p0", owner: owner, node: "node-0", phase: "Failed", claims: ["www-web-0"]))
        s.add(
            .delete, K8s.pod("web-0", uid: "p0", owner: owner, node: "node-0", phase: "Failed", claims: ["www-web-0"]))
        s.add(.create, K8s.pod("web-0", uid: "p0b", owner: owner, claims: ["www-web-0"]))
        s.add(
            .update,
            K8s.pod(
                "web-0", uid: "p0b", owner: owner, node: "node-5", phase: "Running", ready: true, claims: ["www-web-0"])
        )
        let o = try identity(s).ordinals[0]
        #expect(o.incarnations.map(\.uid) == ["p0", "p0b"])
        #expect(o.incarnations.map { $0.node } == ["node-0", "node-5"])
        #expect(o.node == "node-5" && o.claims.first?.volume == "pv-0")
    }

    @Test func `the identity views print a table and the documented JSON shape`() throws {
        var s = Scenario()
        start(&s, set: K8s.statefulSet(replicas: 1), ordinals: 0..<1)
        let id = try identity(s)
        let text = IdentityView.text(id)
        #expect(
            text == """
                statefulset.apps/web
                ORDINAL   POD     STATE     NODE     UID   CLAIMS      VOLUMES
                0         web-0   Running   node-0   p0    www-web-0   pv-0

                """)
        let json = IdentityView.json(id)
        let o = try #require(json["ordinals"]?[0])
        #expect(o["ordinal"] == .number("0") && o["pod"] == .string("web-0") && o["node"] == .string("node-0"))
        #expect(o["pvcs"]?[0]?["name"] == .string("www-web-0") && o["pvcs"]?[0]?["volume"] == .string("pv-0"))
    }

    @Test(.enabled(if: Fixture.corpus != nil, "shared/corpus is absent"))
    func `prometheus-k8s of must-gather-vsphere has its claims bound to the volumes that point back`() throws {
        let mg = try #require(Fixture.corpus).appendingPathComponent(
            "openshift__must-gather-clean/test/files/must-gather-vsphere.tar.xz.d")
        var s = Scenario()
        let sets = try Corpus.items(mg.appendingPathComponent("namespaces/openshift-monitoring/apps/statefulsets.yaml"))
        let pods = try Corpus.items(mg.appendingPathComponent("namespaces/openshift-monitoring/core/pods.yaml"))
        let claims = try Corpus.items(
            mg.appendingPathComponent("namespaces/openshift-monitoring/core/persistentvolumeclaims.yaml"))
        let volumes = try ["pvc-5f405ee2-02fe-416f-9165-0db33e7ddc3b", "pvc-db670344-2584-4662-8669-6f72abd16ffb"]
            .flatMap {
                try Corpus.items(
                    mg.appendingPathComponent("cluster-scoped-resources/core/persistentvolumes/\($0).yaml"))
            }
        for o in sets + pods + claims + volumes { s.add(.create, o) }
        let id = try #require(
            s.fold(StatefulSetIdentityProjection.self).identity(
                namespace: "openshift-monitoring", name: "prometheus-k8s"))
        let set = try #require(sets.first { $0["metadata"]?["name"]?.stringValue == "prometheus-k8s" })
        #expect(id.replicas == set["spec"]?["replicas"]?.intValue)
        #expect(id.ordinals.map(\.pod) == ["prometheus-k8s-0", "prometheus-k8s-1"])
        for o in id.ordinals {
            let claim = try #require(o.claims.first)
            #expect(claim.name == "prometheus-data-prometheus-k8s-\(o.ordinal)")
            let pvc = try #require(claims.first { $0["metadata"]?["name"]?.stringValue == claim.name })
            #expect(claim.volume == pvc["spec"]?["volumeName"]?.stringValue)
            let pv = try #require(volumes.first { $0["metadata"]?["name"]?.stringValue == claim.volume })
            #expect(pv["spec"]?["claimRef"]?["uid"] == pvc["metadata"]?["uid"])
            #expect(claim.verified)
            let pod = try #require(pods.first { $0["metadata"]?["name"]?.stringValue == o.pod })
            #expect(o.uid == pod["metadata"]?["uid"]?.stringValue && o.node == pod["spec"]?["nodeName"]?.stringValue)
        }
    }

    @Test func `ended incarnations are bounded in the cluster-wide state; one set's own fold keeps them all`() throws {
        var s = Scenario()
        let owner = (kind: "StatefulSet", name: "web", uid: "s1")
        let n = 2 * StatefulSetIdentityProjection.retainedEndedIncarnations + 300
        for i in 0..<n {
            s.add(.create, K8s.pod("web-\(i % 3)", uid: "u\(i)", owner: owner))
            s.add(.delete, K8s.pod("web-\(i % 3)", uid: "u\(i)", owner: owner))
        }
        s.add(.create, K8s.pod("web-0", uid: "live", owner: owner))
        let bounded = s.fold(StatefulSetIdentityProjection.self)
        #expect(bounded.pods.count <= 2 * StatefulSetIdentityProjection.retainedEndedIncarnations + 1)
        #expect(bounded.pods["live"] != nil && bounded.pods["u\(n - 1)"] != nil && bounded.pods["u0"] == nil)
        var all = StatefulSetIdentityProjection(keepingAllIncarnations: true)
        for e in s.events { all.apply(e) }
        #expect(all.pods.count == n + 1)
        var first = StatefulSetIdentityProjection()
        for e in s.events.prefix(s.events.count / 2 + 1) { first.apply(e) }
        var restored = try StatefulSetIdentityProjection(decoding: first.encoded())
        for e in s.events.dropFirst(s.events.count / 2 + 1) { restored.apply(e) }
        #expect(restored.checksum == bounded.checksum)
    }
}
