import Testing

@testable import KubeLedger
@testable import Ledger

@Suite struct RolloutsProjectionTests {
    let v1 = K8s.deployment("deployment-web-v1.json")
    let v2 = K8s.deployment("deployment-web-v2.json", generation: 2)
    let v3 = K8s.deployment("deployment-web-v3.json", generation: 3)

    func history(_ s: Scenario) throws -> WorkloadRollouts {
        try #require(s.fold(RolloutsProjection.self).history(kind: "Deployment", namespace: "default", name: "web"))
    }

    func numbers(_ h: WorkloadRollouts) -> [Int] { h.visibleRevisions.map(\.number) }
    var v1Images: [String] { PodTemplate.images(v1["spec"]!["template"]!) }
    func images(_ h: WorkloadRollouts) -> [String] { h.visibleRevisions.map { $0.images.joined() } }

    @Test func `set image twice derives revisions 1 2 3 with fingerprints, actor and time`() throws {
        var s = Scenario()
        s.add(.create, v1, actor: "alice")
        s.add(.update, v2, actor: "bob")
        s.add(.update, v3, actor: "carol")
        let h = try history(s)
        #expect(numbers(h) == [1, 2, 3])
        #expect(images(h) == ["nginx:1.25", "nginx:1.26", "nginx:1.27"])
        #expect(h.visibleRevisions.map(\.introduced.actor) == ["alice", "bob", "carol"])
        #expect(h.visibleRevisions.allSatisfy { $0.templateHashDerived && $0.templateHash.count <= 10 })
        #expect(h.current?.number == 3)
        let alphabet = Set("456789bcdf")
        #expect(h.visibleRevisions.allSatisfy { $0.templateHash.allSatisfy(alphabet.contains) })
    }

    @Test func `observed ReplicaSets give real hashes, change-causes and replica counts`() throws {
        var s = Scenario()
        s.add(.create, v1)
        s.add(
            .create, K8s.replicaSet(of: v1, hash: "5d8b7c9f4", revision: 1),
            actor: "system:serviceaccount:kube-system:deployment-controller")
        s.add(.update, K8s.replicaSet(of: v1, hash: "5d8b7c9f4", revision: 1, ready: 1))
        let h = try history(s)
        let r = try #require(h.revision(1))
        #expect(r.templateHash == "5d8b7c9f4" && !r.templateHashDerived && r.numberObserved)
        #expect(r.introduced.actor == "alice")
        #expect(r.replicas.map(\.ready) == [0, 1])
        #expect(r.objectName == "web-5d8b7c9f4")
    }

    @Test func `§8 #4 undo from revision 3 to 1 moves it to 4 with revision-history 1`() throws {
        var s = Scenario()
        s.add(.create, v1)
        s.add(.create, K8s.replicaSet(of: v1, hash: "aaa", revision: 1))
        s.add(.update, v2)
        s.add(.create, K8s.replicaSet(of: v2, hash: "bbb", revision: 2))
        s.add(.update, v3)
        s.add(.create, K8s.replicaSet(of: v3, hash: "ccc", revision: 3))
        // kubectl rollout undo --to-revision=1: the Deployment gets template 1 back.
        s.add(.update, K8s.deployment("deployment-web-v1.json", generation: 4), actor: "dave")
        var h = try history(s)
        #expect(numbers(h) == [2, 3, 4])
        #expect(h.revision(4)?.formerNumbers == [1])
        #expect(h.revision(4)?.templateHash == "aaa")
        #expect(h.revision(4)?.reactivations.map(\.actor) == ["dave"])
        // The controller then writes the RS: observation agrees.
        s.add(.update, K8s.replicaSet(of: v1, hash: "aaa", revision: 4, history: "1"))
        h = try history(s)
        #expect(numbers(h) == [2, 3, 4])
        #expect(h.revision(4)?.formerNumbers == [1])
    }

    @Test func `§8 #5 undo back and forth keeps every former number`() throws {
        var s = Scenario()
        s.add(.create, v1)
        s.add(.update, v2)
        s.add(.update, K8s.deployment("deployment-web-v1.json", generation: 3))
        s.add(.update, K8s.deployment("deployment-web-v2.json", generation: 4))
        s.add(.update, K8s.deployment("deployment-web-v1.json", generation: 5))
        let h = try history(s)
        #expect(numbers(h) == [4, 5])
        #expect(h.revision(5)?.formerNumbers == [1, 3])
        #expect(h.revision(4)?.formerNumbers == [2])
    }

    @Test func `§8 #6 templates differing only in pod-template-hash are one revision`() throws {
        var s = Scenario()
        s.add(.create, v1)
        s.add(.update, v1.setting(["spec", "template", "metadata", "labels", "pod-template-hash"], .str("zzz")))
        #expect(numbers(try history(s)) == [1])
    }

    @Test func `§8 #7 nil versus empty and quantities written differently are one revision`() throws {
        var s = Scenario()
        let a = v1.setting(
            ["spec", "template", "spec", "containers"],
            .array([
                .obj([
                    ("name", .str("nginx")), ("image", .str("nginx:1.25")),
                    ("resources", .obj([("limits", .obj([("cpu", .str("1")), ("memory", .str("1Gi"))]))])),
                ])
            ]))
        let b = v1.setting(
            ["spec", "template", "spec", "containers"],
            .array([
                .obj([
                    ("name", .str("nginx")), ("image", .str("nginx:1.25")), ("env", .array([])), ("ports", .null),
                    (
                        "resources",
                        .obj([
                            ("limits", .obj([("cpu", .str("1000m")), ("memory", .str("1024Mi"))])),
                            ("requests", .obj([])),
                        ])
                    ),
                ])
            ])
        ).setting(["spec", "template", "metadata", "annotations"], .obj([]))
        s.add(.create, a)
        s.add(.update, b)
        #expect(numbers(try history(s)) == [1])
    }

    @Test func `§8 #8 only replicas changes makes no revision`() throws {
        var s = Scenario()
        s.add(.create, v1)
        s.add(.update, v1.setting("spec.replicas", .int(5)).setting("spec.strategy.type", .str("Recreate")))
        #expect(numbers(try history(s)) == [1])
    }

    @Test func `§8 #9 a change-cause annotation changes only the current revision`() throws {
        var s = Scenario()
        s.add(.create, v1.setting(["metadata", "annotations", "kubernetes.io/change-cause"], .str("first")))
        s.add(.update, v2.setting(["metadata", "annotations", "kubernetes.io/change-cause"], .str("second")))
        s.add(.update, v2.setting(["metadata", "annotations", "kubernetes.io/change-cause"], .str("edited")))
        let h = try history(s)
        #expect(numbers(h) == [1, 2])
        #expect(h.visibleRevisions.map(\.changeCause) == ["first", "edited"])
    }

    @Test func `§8 #10 applying an older template renumbers it like a rollback`() throws {
        var s = Scenario()
        s.add(.create, v1)
        s.add(.update, v2)
        s.add(.update, v1.setting("metadata.generation", .int(3)))
        let h = try history(s)
        #expect(numbers(h) == [2, 3])
        #expect(h.revision(3)?.images == ["nginx:1.25"])
    }

    @Test func `§8 #11 a ReplicaSet deleted by revisionHistoryLimit cleanup stays in the history`() throws {
        var s = Scenario()
        let d1 = v1.setting("spec.revisionHistoryLimit", .int(0))
        s.add(.create, d1)
        s.add(.create, K8s.replicaSet(of: v1, hash: "aaa", revision: 1))
        s.add(.update, v2.setting("spec.revisionHistoryLimit", .int(0)))
        s.add(.create, K8s.replicaSet(of: v2, hash: "bbb", revision: 2))
        s.add(
            .delete, K8s.replicaSet(of: v1, hash: "aaa", revision: 1, replicas: 0),
            actor: "system:serviceaccount:kube-system:deployment-controller")
        let h = try history(s)
        #expect(numbers(h) == [1, 2])
        #expect(h.revision(1)?.objectDeleted?.actor == "system:serviceaccount:kube-system:deployment-controller")
    }

    @Test func `§8 #13 a template changed while paused makes no revision until resume`() throws {
        var s = Scenario()
        s.add(.create, v1)
        s.add(.update, v1.setting("spec.paused", .bool(true)))
        s.add(.update, v2.setting("spec.paused", .bool(true)))
        #expect(numbers(try history(s)) == [1])
        #expect(try history(s).current == nil)
        s.add(.update, v2.setting("spec.paused", .bool(false)), actor: "resumer")
        let h = try history(s)
        #expect(numbers(h) == [1, 2])
        #expect(h.current?.images == ["nginx:1.26"])
    }

    @Test func `§8 #14 returning to an existing template while paused renumbers it at once`() throws {
        var s = Scenario()
        s.add(.create, v1)
        s.add(.update, v2)
        s.add(.update, v2.setting("spec.paused", .bool(true)))
        s.add(.update, v1.setting("spec.paused", .bool(true)))
        let h = try history(s)
        #expect(numbers(h) == [2, 3])
        #expect(h.revision(3)?.images == ["nginx:1.25"])
    }

    @Test func `§8 #17 the current ReplicaSet deleted by hand is re-created and may reuse its number`() throws {
        var s = Scenario()
        s.add(.create, v1)
        s.add(.create, K8s.replicaSet(of: v1, hash: "aaa", revision: 1))
        s.add(.update, v2)
        s.add(.create, K8s.replicaSet(of: v2, hash: "bbb", revision: 2))
        s.add(.delete, K8s.replicaSet(of: v2, hash: "bbb", revision: 2), actor: "mallory")
        s.add(.create, K8s.replicaSet(of: v2, hash: "bbb", revision: 2).setting("metadata.uid", .str("rs-bbb-2")))
        let h = try history(s)
        #expect(numbers(h) == [1, 2])
        #expect(h.revision(2)?.objectDeleted == nil)
        #expect(h.revisions.count == 2)
    }

    @Test func `§8 #16 the current ReplicaSet's template edited by hand: a collision, a new name, revision max+1`()
        throws
    {
        var s = Scenario()
        s.add(.create, v1)
        s.add(.create, K8s.replicaSet(of: v1, hash: "aaa", revision: 1))
        // mallory edits web-aaa's template; the Deployment (still v1) now matches no ReplicaSet.
        let edited = v2["spec"]!["template"]!
        s.add(.update, K8s.replicaSet(of: v1, hash: "aaa", revision: 1, template: edited), actor: "mallory")
        // Creating web-aaa again hits AlreadyExists: collisionCount 1, a new hash, revision max+1.
        s.add(.update, v1.setting("status.collisionCount", .int(1)), actor: "system:serviceaccount:kube-system:deployment-controller")
        s.add(.create, K8s.replicaSet(of: v1, hash: "ccc", revision: 2))
        let h = try history(s)
        #expect(numbers(h) == [1, 2])
        #expect(h.current?.number == 2)
        #expect(h.current?.templateHash == "ccc")
        #expect(h.revision(2)?.images == v1Images)
        #expect(h.revision(1)?.images == PodTemplate.images(edited), "revision 1 shows the template its ReplicaSet now has")
    }

    @Test func `§8 #18 of several ReplicaSets with equal templates the oldest is the new one and gets max+1`() throws {
        var s = Scenario()
        s.add(.create, K8s.replicaSet(of: v1, hash: "old", revision: 1))
        s.add(.create, K8s.replicaSet(of: v1, hash: "new", revision: 2))
        s.add(.create, v1)
        let h = try history(s)
        // The oldest is "new"; the other counts as old, so maxOld = 2 and the oldest becomes 3.
        #expect(numbers(h) == [2, 3])
        #expect(h.current?.templateHash == "old")
        #expect(h.revision(2)?.templateHash == "new")
    }

    @Test func `§8 #42 two ReplicaSets with the same revision number show one row`() throws {
        var s = Scenario()
        s.add(.create, v1)
        s.add(.create, K8s.replicaSet(of: v1, hash: "aaa", revision: 1))
        s.add(.create, K8s.replicaSet(of: v2, hash: "bbb", revision: 1))
        let h = try history(s)
        #expect(numbers(h) == [1])
        #expect(h.revisions.count == 2)
        #expect(try RolloutHistoryView.text(h) == "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n\n")
    }

    @Test func `§8 #43 an owned ReplicaSet without a revision annotation is revision 0`() throws {
        var s = Scenario()
        s.add(.create, K8s.replicaSet(of: v1, hash: "aaa", revision: nil))
        let h = try history(s)
        #expect(numbers(h) == [0])
    }

    @Test func `§8 #44 rollout restart sets restartedAt and makes a new revision`() throws {
        var s = Scenario()
        s.add(.create, v1)
        s.add(
            .patch,
            v1.setting(
                ["spec", "template", "metadata", "annotations", "kubectl.kubernetes.io/restartedAt"],
                .str("2026-01-01T00:05:00Z")))
        let h = try history(s)
        #expect(numbers(h) == [1, 2])
        #expect(h.revision(2)?.images == ["nginx:1.25"])
    }

    @Test func `§8 #46 the controller's revision annotation status write makes no revision`() throws {
        var s = Scenario()
        s.add(.create, v1)
        s.add(
            .update,
            v1.setting(["metadata", "annotations", "deployment.kubernetes.io/revision"], .str("1")).setting(
                "status.observedGeneration", .int(1)),
            actor: "system:serviceaccount:kube-system:deployment-controller", subresource: "status")
        #expect(numbers(try history(s)) == [1])
    }

    @Test func `§8 #55 overlapping selectors: a Deployment's history never shows another's ReplicaSets`() throws {
        var s = Scenario()
        s.add(.create, v1)
        let other = K8s.deployment("deployment-web-v2.json", uid: "d-2").setting("metadata.name", .str("api"))
        s.add(.create, other)
        s.add(.create, K8s.replicaSet(of: other, hash: "zzz", revision: 1))
        // An RS naming "web" as its owner but with another uid is not web's.
        s.add(
            .create,
            K8s.replicaSet(of: v2, hash: "yyy", revision: 7).setting(
                ["metadata", "ownerReferences"], K8s.ownerRef("Deployment", "web", "d-9")))
        let h = try history(s)
        #expect(numbers(h) == [1])
        let api = try #require(
            s.fold(RolloutsProjection.self).history(kind: "Deployment", namespace: "default", name: "api"))
        #expect(api.visibleRevisions.map(\.templateHash) == ["zzz"])
    }

    @Test func `the Deployment's own revision annotation fixes a derived number once the controller caught up`() throws
    {
        var s = Scenario()
        s.add(
            .create,
            K8s.deployment("deployment-web-v3.json", generation: 7, caughtUp: true)
                .setting(["metadata", "annotations", "deployment.kubernetes.io/revision"], .str("3")))
        #expect(numbers(try history(s)) == [3])
    }

    @Test func `§8 #32 rollout undo of a StatefulSet renumbers the old ControllerRevision and keeps its change-cause`()
        throws
    {
        var s = Scenario()
        let a = K8s.statefulSet()
        let b = K8s.statefulSet("statefulset-web-v2.json")
        s.add(.create, a)
        s.add(.create, K8s.controllerRevision(of: a, hash: "7d9f8c6b5d", revision: 1, changeCause: "initial"))
        s.add(.update, b)
        s.add(.create, K8s.controllerRevision(of: b, hash: "6b5d7d9f8c", revision: 2))
        s.add(.patch, a, actor: "dave")
        var h = try #require(
            s.fold(RolloutsProjection.self).history(kind: "StatefulSet", namespace: "default", name: "web"))
        #expect(h.visibleRevisions.map(\.number) == [2, 3])
        s.add(.update, K8s.controllerRevision(of: a, hash: "7d9f8c6b5d", revision: 3, changeCause: "initial"))
        h = try #require(
            s.fold(RolloutsProjection.self).history(kind: "StatefulSet", namespace: "default", name: "web"))
        #expect(h.visibleRevisions.map(\.number) == [2, 3])
        #expect(h.revision(3)?.changeCause == "initial")
        #expect(h.revision(3)?.formerNumbers == [1])
        #expect(h.revision(3)?.templateHash == "7d9f8c6b5d")
        #expect(
            try RolloutHistoryView.text(h)
                == "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         initial\n\n")
    }

    @Test func `a StatefulSet alone in the log derives its history and takes the hash from updateRevision`() throws {
        var s = Scenario()
        let a = K8s.statefulSet().setting("metadata.generation", .int(1)).setting("status.observedGeneration", .int(1))
            .setting("status.updateRevision", .str("web-7d9f8c6b5d"))
        s.add(.create, a)
        let h = try #require(
            s.fold(RolloutsProjection.self).history(kind: "StatefulSet", namespace: "default", name: "web"))
        #expect(h.visibleRevisions.map(\.templateHash) == ["7d9f8c6b5d"])
        #expect(h.current?.templateHashDerived == false)
    }

    @Test func `a DaemonSet's history comes from its ControllerRevisions`() throws {
        var s = Scenario()
        let ds = K8s.statefulSet(uid: "ds-1").setting("kind", .str("DaemonSet")).setting("metadata.name", .str("agent"))
        s.add(.create, ds)
        s.add(
            .create,
            K8s.controllerRevision(of: ds, hash: "5b7c9d", revision: 1).setting(
                ["metadata", "labels"], .obj([("controller-revision-hash", .str("5b7c9d"))])))
        let h = try #require(
            s.fold(RolloutsProjection.self).history(kind: "DaemonSet", namespace: "default", name: "agent"))
        #expect(h.visibleRevisions.map(\.templateHash) == ["5b7c9d"])
        #expect(try RolloutHistoryView.text(h).hasPrefix("daemonset.apps/agent \n"))
    }

    @Test func `odd events are skipped without crashing`() throws {
        var s = Scenario()
        let ref = ObjectReference(apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "web")
        s.add(.update, ref, body: nil)
        s.add(.update, ref, body: Array("not json".utf8))
        s.add(.update, ref, body: Array("[1,2]".utf8))
        s.add(.update, ref, body: Array(#"{"spec":{"template":7}}"#.utf8))
        s.add(
            .update, ref,
            body: Array(#"{"metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}"#.utf8))
        s.add(.create, v1)
        s.add(
            .update, ObjectReference(apiVersion: "apps/v1", kind: "ReplicaSet", namespace: "default", name: "web-x"),
            body: Array("{}".utf8))
        #expect(numbers(try history(s)) == [1])
    }

    @Test func `the stored projection keeps a window of revisions per workload; a workload's own fold keeps them all`()
        throws
    {
        var s = Scenario()
        s.add(.create, v1, actor: "alice")
        let n = 2 * RolloutsProjection.retainedRevisions + 10
        for g in 2...n {
            s.add(
                .update,
                v1.setting("spec.template.metadata.annotations.rev", .str("\(g)")).setting(
                    "metadata.generation", .int(g)))
        }
        let bounded = s.fold(RolloutsProjection.self)
        let h = try #require(bounded.history(kind: "Deployment", namespace: "default", name: "web"))
        #expect(
            h.revisions.count <= 2 * RolloutsProjection.retainedRevisions
                && h.revisions.count >= RolloutsProjection.retainedRevisions)
        #expect(h.current?.number == n)
        #expect(h.current?.template.value(atPath: "metadata.annotations.rev")?.stringValue == "\(n)")
        var all = RolloutsProjection(keepingAllRevisions: true)
        for e in s.events { all.apply(e) }
        #expect(all.history(kind: "Deployment", namespace: "default", name: "web")?.revisions.count == n)
        // A snapshot restored mid-way and folded on agrees with the fold.
        var first = RolloutsProjection()
        for e in s.events.prefix(n / 2 + 7) { first.apply(e) }
        var restored = try RolloutsProjection(decoding: first.encoded())
        for e in s.events.dropFirst(n / 2 + 7) { restored.apply(e) }
        #expect(restored.checksum == bounded.checksum)
    }

    @Test func `deleted workloads are bounded in the cluster-wide state`() throws {
        var s = Scenario()
        let n = 2 * RolloutsProjection.retainedDeletedWorkloads + 50
        for i in 0..<n {
            let d = v1.setting("metadata.name", .str("app-\(i)")).setting("metadata.uid", .str("u\(i)"))
            s.add(.create, d)
            s.add(.delete, d)
        }
        s.add(.create, v1)
        let p = s.fold(RolloutsProjection.self)
        #expect(p.workloads.count <= 2 * RolloutsProjection.retainedDeletedWorkloads + 1)
        #expect(p.history(kind: "Deployment", namespace: "default", name: "web") != nil)
        #expect(p.history(kind: "Deployment", namespace: "default", name: "app-\(n - 1)") != nil)
        #expect(p.history(kind: "Deployment", namespace: "default", name: "app-0") == nil)
        var first = RolloutsProjection()
        for e in s.events.prefix(s.events.count / 2 + 1) { first.apply(e) }
        var restored = try RolloutsProjection(decoding: first.encoded())
        for e in s.events.dropFirst(s.events.count / 2 + 1) { restored.apply(e) }
        #expect(restored.checksum == p.checksum)
    }
}
